/* SCR.SLEEPONEXIT: after the handler returns to Thread mode the core goes
 * back to sleep instead of running Thread code; three interrupts run their
 * handler, and the Thread code after the WFI runs only once the handler
 * clears SLEEPONEXIT. */
#include "test_device.h"

static volatile uint32_t handled, thread_steps;

static void irq2(void)
{
  handled++;
  TEST_IRQ_CLR = 2;
  if (handled < 3) TEST_IRQ_LATER = 2 | (50u << 8);
  else SCR &= ~(1u << 1);
}

int main(void)
{
  irq_enable(2, 0x40, irq2);
  SCR |= 1u << 1;
  TEST_IRQ_LATER = 2 | (50u << 8);
  __asm volatile("wfi");
  thread_steps++;
  TEST_RESULT(0) = handled;
  TEST_RESULT(1) = thread_steps;
  done(0);
}
