/* Preemption by priority and tail-chaining order.
 * IRQ 1 (priority 0x80) raises IRQ 2 (0x40: preempts at once) and
 * IRQ 3 (0xC0: waits), and pends IRQ 4 (0xA0: waits) and IRQ 5 (0x60:
 * preempts) through ISPR; on return the waiting ones tail-chain by
 * priority: 4, then 3. */
#include "test_device.h"
DEFINE_LOG

static void irq2(void) { log_event(2); TEST_IRQ_CLR = 2; }
static void irq3(void) { log_event(3); TEST_IRQ_CLR = 3; }
static void irq4(void) { log_event(4); }
static void irq5(void) { log_event(5); }
static void irq1(void)
{
  log_event(0x10);
  TEST_IRQ_SET = 2;
  log_event(0x11);
  TEST_IRQ_SET = 3;
  NVIC_ISPR(0) = (1u << 4) | (1u << 5);
  log_event(0x12);
  TEST_IRQ_CLR = 1;
}

int main(void)
{
  irq_enable(1, 0x80, irq1);
  irq_enable(2, 0x40, irq2);
  irq_enable(3, 0xC0, irq3);
  irq_enable(4, 0xA0, irq4);
  irq_enable(5, 0x60, irq5);
  TEST_IRQ_SET = 1;
  log_event(0xFF);
  report_log();
  done(0);
}
