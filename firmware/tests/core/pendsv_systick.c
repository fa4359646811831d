/* PendSV pended from Thread mode is taken at once; SysTick fires every
 * RVR+1 cycles and wakes the core from WFI. */
#include "test_device.h"
DEFINE_LOG

static volatile uint32_t ticks, tick_cycles[4];

void PendSV_Handler(void) { log_event(0x50); }
void SysTick_Handler(void)
{
  if (ticks < 4) tick_cycles[ticks] = DWT_CYCCNT;
  ticks++;
}

int main(void)
{
  DEMCR |= 1u << 24;
  DWT_CTRL |= 1;
  log_event(1);
  ICSR = 1u << 28; /* PENDSVSET */
  log_event(2);

  SYST_RVR = 9999;
  SYST_CVR = 0;
  SYST_CSR = 7; /* processor clock, TICKINT, ENABLE */
  while (ticks < 4) __asm volatile("wfi");
  SYST_CSR = 0;
  for (int i = 0; i < 4; i++) TEST_RESULT(i) = tick_cycles[i];
  report_log();
  done(0);
}
