/* Two cores, one shared RAM word each way: ping-pong ROUNDS times. The
 * application core (ROLE_PING) starts each round, the network core
 * (ROLE_PONG) answers; both then spin in a counted loop so their clocks
 * show in the simulated time. */
#include "test_device.h"

#define ROUNDS 50
#define SHARED ((volatile uint32_t *)0x20070000u)

int main(void)
{
#if ROLE_PING
  SHARED[0] = SHARED[1] = 0;
  for (uint32_t round = 1; round <= ROUNDS; round++) {
    SHARED[0] = round;
    while (SHARED[1] != round) { }
  }
  TEST_RESULT(0) = SHARED[1];
#else
  uint32_t seen = 0;
  while (seen < ROUNDS) {
    const uint32_t r = SHARED[0];
    if (r != seen && r != 0) { seen = r; SHARED[1] = r; }
  }
  TEST_RESULT(0) = seen;
#endif
  done(0);
}
