/* k_busy_wait as nrfx does it on the DWT cycle counter: 1 ms at 64 MHz.
 * The host measures the simulated time it took and the instructions run. */
#include "test_device.h"

static void busy_wait_cycles(uint32_t cycles)
{
  const uint32_t start = DWT_CYCCNT;
  while (DWT_CYCCNT - start < cycles) { }
}

int main(void)
{
  DEMCR |= 1u << 24;
  DWT_CTRL |= 1;
  TEST_RESULT(0) = 1;   /* time mark: start */
  busy_wait_cycles(64000);
  TEST_RESULT(1) = 1;   /* time mark: end */
  done(0);
}
