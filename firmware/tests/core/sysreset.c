/* AIRCR.SYSRESETREQ resets the core: the boot counter in .noinit RAM
 * (which survives a soft reset) shows the second boot. */
#include "test_device.h"

volatile uint32_t g_boots __attribute__((section(".noinit")));
volatile uint32_t g_magic __attribute__((section(".noinit")));

int main(void)
{
  if (g_magic != 0x5EB007) { g_magic = 0x5EB007; g_boots = 0; }
  g_boots++;
  TEST_RESULT(g_boots) = VTOR | 0x1000 * g_boots;
  if (g_boots == 1) {
    AIRCR = 0x05FA0000u | (1u << 2);
    for (;;) { }
  }
  TEST_RESULT(0) = g_boots;
  done(0);
}
