/* SysTick interrupts a core that computes (no bus access, no sleep) every
 * RVR+1 cycles: the handler records CYCCNT at each tick. */
#include "test_device.h"

static volatile uint32_t ticks, tick_cycles[8];

void SysTick_Handler(void)
{
  if (ticks < 8) tick_cycles[ticks] = DWT_CYCCNT;
  ticks++;
}

int main(void)
{
  DEMCR |= 1u << 24;
  DWT_CTRL |= 1;
  SYST_RVR = 19999;
  SYST_CVR = 0;
  SYST_CSR = 7; /* processor clock, TICKINT, ENABLE */
  uint32_t x = 1;
  while (ticks < 8) x = x * 1664525u + 1013904223u;
  SYST_CSR = 0;
  for (int i = 0; i < 8; i++) TEST_RESULT(i) = tick_cycles[i];
  TEST_RESULT(8) = x;
  done(0);
}
