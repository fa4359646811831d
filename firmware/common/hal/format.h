/* A tiny printf-style formatter: pure logic, no registers, so it builds for
 * both cores and for host unit tests.
 * Conversions: %d %i %u %x %X %c %s %p %%, an optional 'l' length modifier,
 * the flags '0' (zero padding) and '-' (left alignment) and a field width,
 * e.g. %08x or %-10s. No floating point, no precision. An unknown
 * conversion is copied to the output as is, so the mistake stays visible. */
#ifndef HAL_FORMAT_H
#define HAL_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Receives the formatted output one character at a time. */
typedef void (*format_sink_t)(void *context, char c);

void format_v(format_sink_t sink, void *context, const char *fmt, va_list args);

/* snprintf-like: writes at most size - 1 characters plus a NUL (when size
 * > 0) and returns the length the full output would have had. */
size_t format_to_buffer(char *buffer, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#ifdef __cplusplus
}
#endif

#endif
