#include "hal/console.h"

#include <stdarg.h>
#include <stdint.h>

#include "hal/cortex_m.h"
#include "hal/format.h"
#include "hal/gpio.h"
#include "hal/uarte.h"

#define UARTE(offset) NRF_REG(NRF_UARTE0_BASE, offset)

/* EasyDMA source; must live in RAM. */
static char s_tx_buffer[64];
static size_t s_tx_length;

static void wait_and_clear(uint32_t event_offset)
{
  while (UARTE(event_offset) == 0) {
  }
  UARTE(event_offset) = NRF_EVENT_CLEAR;
}

/* Sends the buffered bytes and waits until the transmitter has stopped,
 * so the buffer may be reused and the UARTE draws no TX current. */
static void flush(void)
{
  if (s_tx_length == 0) return;
  UARTE(UARTE_EVENTS_ENDTX) = NRF_EVENT_CLEAR;
  UARTE(UARTE_EVENTS_TXSTOPPED) = NRF_EVENT_CLEAR;
  UARTE(UARTE_TXD_PTR) = (uint32_t)(uintptr_t)s_tx_buffer;
  UARTE(UARTE_TXD_MAXCNT) = s_tx_length;
  __DSB(); /* the buffer is in RAM (and not reordered by GCC) before EasyDMA reads it */
  UARTE(UARTE_TASKS_STARTTX) = NRF_TASK;
  wait_and_clear(UARTE_EVENTS_ENDTX);
  UARTE(UARTE_TASKS_STOPTX) = NRF_TASK;
  wait_and_clear(UARTE_EVENTS_TXSTOPPED);
  __DMB(); /* EasyDMA is done with the buffer before it is refilled */
  s_tx_length = 0;
}

static void put_raw(char c)
{
  if (s_tx_length == sizeof s_tx_buffer) flush();
  s_tx_buffer[s_tx_length++] = c;
}

static void put(char c)
{
  if (c == '\n') put_raw('\r');
  put_raw(c);
}

static void put_sink(void *context, char c)
{
  (void)context;
  put(c);
}

void console_init(void)
{
  /* TXD idles high; the pin must be an output driven high while enabled. */
  gpio_output_high(CONSOLE_TXD_PORT, CONSOLE_TXD_PIN);
  UARTE(UARTE_ENABLE) = UARTE_ENABLE_DISABLED;
  UARTE(UARTE_PSEL_TXD) = UARTE_PSEL(CONSOLE_TXD_PORT, CONSOLE_TXD_PIN);
  UARTE(UARTE_PSEL_RXD) = UARTE_PSEL_DISCONNECTED;
  UARTE(UARTE_PSEL_RTS) = UARTE_PSEL_DISCONNECTED;
  UARTE(UARTE_PSEL_CTS) = UARTE_PSEL_DISCONNECTED;
  UARTE(UARTE_BAUDRATE) = UARTE_BAUDRATE_115200;
  UARTE(UARTE_CONFIG) = 0; /* 8N1, no hardware flow control */
  UARTE(UARTE_INTENCLR) = 0xFFFFFFFFu; /* polled */
  UARTE(UARTE_ENABLE) = UARTE_ENABLE_ENABLED;
  s_tx_length = 0;
}

void console_putc(char c)
{
  put(c);
  flush();
}

void console_write(const char *data, size_t length)
{
  while (length-- > 0) put(*data++);
  flush();
}

void console_puts(const char *s)
{
  while (*s != '\0') put(*s++);
  flush();
}

void console_printf(const char *fmt, ...)
{
  va_list args;
  va_start(args, fmt);
  format_v(put_sink, NULL, fmt, args);
  va_end(args);
  flush();
}
