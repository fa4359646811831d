/* Faults as hardware raises them. Selected by the first word of RAM
 * the host writes before reset (TEST_CASE):
 *  1: a load from unmapped memory → BusFault disabled → HardFault (FORCED)
 *  2: the same with BusFault enabled → BusFault, CFSR.PRECISERR|BFARVALID
 *  3: UDF → UsageFault UNDEFINSTR (enabled)
 *  4: a fault inside the HardFault handler → lockup
 *  5: stack limit: a push below MSPLIM → UsageFault STKOF
 *  6: stack limit crossed while stacking an interrupt frame on PSP → STKOF
 *  7: a load from RAM the host made unreadable (a protection unit) → HardFault
 *  8: a store to RAM the program wrote before the host made it unwritable
 *     (it waits for TEST_RESULT(9) between the two) → HardFault */
#include "test_device.h"

volatile uint32_t g_case __attribute__((section(".noinit")));
static volatile uint32_t stacked_pc, fault_ipsr;
static uint32_t process_stack[64] __attribute__((aligned(8)));

void fault_report(uint32_t *frame)
{
  stacked_pc = frame[6];
  __asm volatile("mrs %0, ipsr" : "=r"(fault_ipsr));
  TEST_RESULT(0) = fault_ipsr;
  TEST_RESULT(1) = CFSR;
  TEST_RESULT(2) = HFSR;
  TEST_RESULT(3) = BFAR;
  TEST_RESULT(4) = stacked_pc;
  if (g_case == 4) *(volatile uint32_t *)0x30000000; /* fault again: lockup */
  done(g_case);
}

/* Clears MSPLIM first: case 5 left it just below the stack. */
__attribute__((naked)) void fault_entry(void)
{
  __asm volatile("tst lr, #4\n ite eq\n mrseq r0, msp\n mrsne r0, psp\n"
                 "movs r1, #0\n msr msplim, r1\n b fault_report");
}
void HardFault_Handler(void) __attribute__((alias("fault_entry")));
void BusFault_Handler(void) __attribute__((alias("fault_entry")));
void UsageFault_Handler(void) __attribute__((alias("fault_entry")));

extern uint32_t faulting_load, faulting_udf, faulting_push;

static void deep_irq(void) { TEST_IRQ_CLR = 0; }

int main(void)
{
  const uint32_t c = g_case;
  if (c == 2) SHCSR |= 1u << 17;              /* BUSFAULTENA */
  if (c == 3 || c >= 5) SHCSR |= 1u << 18;    /* USGFAULTENA */
  TEST_RESULT(5) = (uint32_t)&faulting_load;
  TEST_RESULT(6) = (uint32_t)&faulting_udf;
  TEST_RESULT(7) = (uint32_t)&faulting_push;
  switch (c) {
  case 1: case 2: case 4:
    __asm volatile("ldr r1, =0x30000000\n .global faulting_load\n faulting_load: ldr r0, [r1]" ::: "r0", "r1");
    break;
  case 7:
    __asm volatile("ldr r1, =0x20010000\n ldr r0, [r1]" ::: "r0", "r1");
    break;
  case 8:
    *(volatile uint32_t *)0x20010000 = 1;
    TEST_RESULT(8) = 1; /* written: the host may close it */
    while (TEST_RESULT(9) == 0) { }
    *(volatile uint32_t *)0x20010000 = 2;
    break;
  case 3:
    __asm volatile(".global faulting_udf\n faulting_udf: udf #3");
    break;
  case 5: {
    uint32_t sp;
    __asm volatile("mov %0, sp" : "=r"(sp));
    __asm volatile("msr msplim, %0" : : "r"(sp - 8));
    __asm volatile(".global faulting_push\n faulting_push: push {r0-r3}\n pop {r0-r3}");
    break;
  }
  case 6:
    irq_enable(0, 0x40, deep_irq);
    __asm volatile("msr psp, %0\n msr psplim, %1\n msr control, %2\n isb"
                   : : "r"(&process_stack[4]), "r"(&process_stack[0]), "r"(2u));
    TEST_IRQ_SET = 0; /* its 32-byte frame would go below PSPLIM */
    break;
  }
  done(0x100 + c); /* not reached when the fault is taken */
}
