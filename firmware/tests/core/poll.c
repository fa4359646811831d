/* A loop polling a device register until the host sets it (1 ms after the
 * start), as firmware polls an event register; then the same wait with a
 * store in the loop, which is work and must run iteration by iteration.
 * TEST_RESULT(4) counts the second loop's iterations. */
#include "test_device.h"

int main(void)
{
  TEST_RESULT(0) = 1;   /* time mark: start */
  while (TEST_RESULT(8) == 0) { }
  TEST_RESULT(1) = 1;   /* time mark: the first flag seen */
  volatile uint32_t iterations = 0;
  while (TEST_RESULT(9) == 0) { iterations++; }
  TEST_RESULT(4) = iterations;
  done(0);
}
