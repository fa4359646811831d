/* WFI sleeps until an interrupt (raised by the host 500 us later), also
 * with PRIMASK set (it wakes but the handler waits for CPSIE); WFE with
 * the event register set (by SEV) returns at once; WFE without it sleeps
 * until an interrupt. */
#include "test_device.h"
DEFINE_LOG

static volatile uint32_t irqs;
static void irq3(void) { irqs++; log_event(0x30 + irqs); TEST_IRQ_CLR = 3; }

int main(void)
{
  DEMCR |= 1u << 24;
  DWT_CTRL |= 1;
  irq_enable(3, 0x20, irq3);

  TEST_IRQ_LATER = 3 | (500u << 8);
  const uint32_t c0 = DWT_CYCCNT;
  __asm volatile("wfi");
  TEST_RESULT(0) = DWT_CYCCNT - c0;
  log_event(1);

  __asm volatile("cpsid i");
  TEST_IRQ_LATER = 3 | (200u << 8);
  __asm volatile("wfi");
  log_event(2);             /* woken, handler not yet run */
  __asm volatile("cpsie i");
  __asm volatile("isb");
  log_event(3);

  __asm volatile("sev\n wfe"); /* returns at once: the event was set */
  log_event(4);

  TEST_IRQ_LATER = 3 | (100u << 8);
  __asm volatile("wfe");       /* the interrupt wakes it */
  log_event(5);

  report_log();
  done(0);
}
