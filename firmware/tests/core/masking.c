/* PRIMASK and BASEPRI hold interrupts back; unmasking takes them at once.
 * Zephyr's context switch depends on it: PendSV pended under BASEPRI must
 * run right after `msr basepri` lowers it, before the next instruction. */
#include "test_device.h"
DEFINE_LOG

static volatile uint32_t after_unmask;
static void irq0(void) { log_event(0x100 | after_unmask); TEST_IRQ_CLR = 0; }
static void irq1(void) { log_event(0x200 | after_unmask); TEST_IRQ_CLR = 1; }
void PendSV_Handler(void) { log_event(0x300 | after_unmask); }

int main(void)
{
  irq_enable(0, 0x40, irq0);
  irq_enable(1, 0xA0, irq1);

  /* PRIMASK */
  __asm volatile("cpsid i");
  TEST_IRQ_SET = 0;
  log_event(1);
  after_unmask = 0;
  __asm volatile("cpsie i\n movs r0, #1\n str r0, %0" : "=m"(after_unmask) : : "r0");
  log_event(2);

  /* BASEPRI 0x80: IRQ 0 (0x40) gets through, IRQ 1 (0xA0) waits */
  __asm volatile("msr basepri, %0" : : "r"(0x80));
  TEST_IRQ_SET = 1;
  TEST_IRQ_SET = 0;
  log_event(3);
  after_unmask = 0;
  __asm volatile("msr basepri, %1\n movs r0, #1\n str r0, %0" : "=m"(after_unmask) : "r"(0) : "r0");
  log_event(4);

  /* PendSV at the lowest priority, pended under BASEPRI as Zephyr does */
  SHPR3 = 0xE0u << 16;
  __asm volatile("msr basepri, %0" : : "r"(0x20));
  ICSR = 1u << 28;
  log_event(5);
  after_unmask = 0;
  __asm volatile("msr basepri, %1\n movs r0, #1\n str r0, %0" : "=m"(after_unmask) : "r"(0) : "r0");
  log_event(6);
  report_log();
  done(0);
}
