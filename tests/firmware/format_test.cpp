// The firmware's printf-style formatter (firmware/common/hal/format.c),
// compiled for the host: what console_printf prints on both cores.
#include <gtest/gtest.h>

#include <climits>
#include <cstdarg>
#include <string>

#include "hal/format.h"

namespace {

void append(void *context, char c) { static_cast<std::string *>(context)->push_back(c); }

// format_v into a std::string. Deliberately without a format attribute, so
// the tests may pass what GCC would warn about (NULL strings, bad conversions).
std::string format(const char *fmt, ...)
{
  std::string out;
  va_list args;
  va_start(args, fmt);
  format_v(append, &out, fmt, args);
  va_end(args);
  return out;
}

}  // namespace

TEST(format, plain_text_is_copied)
{
  EXPECT_EQ(format("nrf53sim sample app v1.0.0\n"), "nrf53sim sample app v1.0.0\n");
}

TEST(format, signed_decimal)
{
  EXPECT_EQ(format("%d %d %i", 0, -42, 2147483647), "0 -42 2147483647");
  EXPECT_EQ(format("%d", INT_MIN), "-2147483648");
  EXPECT_EQ(format("%ld", LONG_MIN), std::to_string(LONG_MIN));
}

TEST(format, unsigned_decimal_and_hex)
{
  EXPECT_EQ(format("%u", 4294967295u), "4294967295");
  EXPECT_EQ(format("%x %X", 0xBEEFu, 0xBEEFu), "beef BEEF");
  EXPECT_EQ(format("%lx", 0x12345678ul), "12345678");
}

TEST(format, zero_padded_hex_as_for_register_dumps)
{
  EXPECT_EQ(format("0x%08x", 0x2Au), "0x0000002a");
  EXPECT_EQ(format("0x%08x", 0xDEADBEEFu), "0xdeadbeef");
  EXPECT_EQ(format("%02x", 0x123u), "123");  // width is a minimum
}

TEST(format, width_and_alignment)
{
  EXPECT_EQ(format("[%5d]", -42), "[  -42]");
  EXPECT_EQ(format("[%05d]", -42), "[-0042]");
  EXPECT_EQ(format("[%-5d]", 42), "[42   ]");
  EXPECT_EQ(format("[%-6s][%6s]", "app", "net"), "[app   ][   net]");
}

TEST(format, characters_strings_and_percent)
{
  EXPECT_EQ(format("%c%c", 'o', 'k'), "ok");
  EXPECT_EQ(format("%s core", "app"), "app core");
  EXPECT_EQ(format("%s", static_cast<const char *>(nullptr)), "(null)");
  EXPECT_EQ(format("100%%"), "100%");
}

TEST(format, unknown_conversion_stays_visible)
{
  EXPECT_EQ(format("%q"), "%q");
  EXPECT_EQ(format("%08q!"), "%08q!");
  EXPECT_EQ(format("end %"), "end %");
}

TEST(format, buffer_is_truncated_and_terminated)
{
  char buffer[6] = "xxxxx";
  EXPECT_EQ(format_to_buffer(buffer, sizeof buffer, "tick %u", 12345u), 10u);
  EXPECT_STREQ(buffer, "tick ");
  EXPECT_EQ(format_to_buffer(buffer, 1, "abc"), 3u);
  EXPECT_STREQ(buffer, "");
}
