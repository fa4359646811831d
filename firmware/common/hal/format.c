#include "hal/format.h"

#include <stdbool.h>
#include <stdint.h>

struct conversion {
  bool left_align;
  bool zero_pad;
  unsigned width;
};

static void emit_padding(format_sink_t sink, void *context, char pad, unsigned count)
{
  while (count-- > 0) sink(context, pad);
}

/* Emits text[0..length) padded to the conversion's width. */
static void emit_field(format_sink_t sink, void *context, const struct conversion *conv,
                       const char *text, unsigned length, bool negative)
{
  unsigned total = length + (negative ? 1u : 0u);
  unsigned padding = conv->width > total ? conv->width - total : 0u;
  if (conv->left_align) {
    if (negative) sink(context, '-');
    while (length-- > 0) sink(context, *text++);
    emit_padding(sink, context, ' ', padding);
    return;
  }
  if (conv->zero_pad) {
    /* The sign goes before zero padding: -0042, not 00-42. */
    if (negative) sink(context, '-');
    emit_padding(sink, context, '0', padding);
  } else {
    emit_padding(sink, context, ' ', padding);
    if (negative) sink(context, '-');
  }
  while (length-- > 0) sink(context, *text++);
}

static void emit_unsigned(format_sink_t sink, void *context, const struct conversion *conv,
                          unsigned long value, unsigned base, bool upper, bool negative)
{
  const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  char text[3 * sizeof value]; /* enough for every base >= 8, and 16 */
  unsigned length = 0;
  do {
    text[sizeof text - 1 - length++] = digits[value % base];
    value /= base;
  } while (value != 0);
  emit_field(sink, context, conv, &text[sizeof text - length], length, negative);
}

static unsigned string_length(const char *s)
{
  unsigned n = 0;
  while (s[n] != '\0') n++;
  return n;
}

/* Parses flags and width after '%'; returns the position of the rest. */
static const char *parse_conversion(const char *p, struct conversion *conv)
{
  *conv = (struct conversion){false, false, 0};
  for (;; p++) {
    if (*p == '-') conv->left_align = true;
    else if (*p == '0') conv->zero_pad = true;
    else break;
  }
  while (*p >= '0' && *p <= '9') conv->width = conv->width * 10u + (unsigned)(*p++ - '0');
  return p;
}

void format_v(format_sink_t sink, void *context, const char *fmt, va_list args)
{
  for (const char *p = fmt; *p != '\0'; p++) {
    if (*p != '%') {
      sink(context, *p);
      continue;
    }
    const char *start = p;
    struct conversion conv;
    p = parse_conversion(p + 1, &conv);
    bool is_long = *p == 'l';
    if (is_long) p++;
    switch (*p) {
    case 'd':
    case 'i': {
      long value = is_long ? va_arg(args, long) : va_arg(args, int);
      /* Negate in unsigned arithmetic so LONG_MIN does not overflow. */
      unsigned long magnitude = value < 0 ? 0ul - (unsigned long)value : (unsigned long)value;
      emit_unsigned(sink, context, &conv, magnitude, 10, false, value < 0);
      break;
    }
    case 'u':
    case 'x':
    case 'X': {
      unsigned long value = is_long ? va_arg(args, unsigned long) : va_arg(args, unsigned);
      emit_unsigned(sink, context, &conv, value, *p == 'u' ? 10 : 16, *p == 'X', false);
      break;
    }
    case 'p':
      sink(context, '0');
      sink(context, 'x');
      emit_unsigned(sink, context, &conv, (unsigned long)(uintptr_t)va_arg(args, void *), 16,
                    false, false);
      break;
    case 'c': {
      char c = (char)va_arg(args, int);
      emit_field(sink, context, &conv, &c, 1, false);
      break;
    }
    case 's': {
      const char *s = va_arg(args, const char *);
      if (s == NULL) s = "(null)";
      emit_field(sink, context, &conv, s, string_length(s), false);
      break;
    }
    case '%':
      sink(context, '%');
      break;
    default:
      /* Unknown conversion (or the format ends after '%'): copy it. */
      while (start < p) sink(context, *start++);
      if (*p == '\0') return;
      sink(context, *p);
      break;
    }
  }
}

struct buffer_sink {
  char *buffer;
  size_t size;
  size_t length; /* what the whole output needs, even past size */
};

static void buffer_put(void *context, char c)
{
  struct buffer_sink *b = context;
  if (b->length + 1 < b->size) b->buffer[b->length] = c;
  b->length++;
}

size_t format_to_buffer(char *buffer, size_t size, const char *fmt, ...)
{
  struct buffer_sink b = {buffer, size, 0};
  va_list args;
  va_start(args, fmt);
  format_v(buffer_put, &b, fmt, args);
  va_end(args);
  if (size > 0) buffer[b.length < size ? b.length : size - 1] = '\0';
  return b.length;
}
