/* Console on the core's UARTE0 (app 0x50008000, net 0x41013000), 115200
 * baud, 8N1, no flow control, TXD only. Transmission is synchronous: the
 * text is copied into a RAM buffer (EasyDMA cannot read flash), sent with
 * STARTTX, and the call returns after ENDTX and TXSTOPPED.
 * '\n' goes out as "\r\n", as Zephyr's console does.
 * Call from thread mode only (not from interrupt handlers): the functions
 * share one buffer and poll the UARTE. */
#ifndef HAL_CONSOLE_H
#define HAL_CONSOLE_H

#include <stddef.h>

void console_init(void);
void console_putc(char c);
/* Writes s as is; unlike C's puts, no newline is appended. */
void console_puts(const char *s);
void console_write(const char *data, size_t length);
/* Formats with hal/format.h's conversions (%d %u %x %08x %s %c ...). */
void console_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
