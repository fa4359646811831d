/* Application core: S0-S15 and FPSCR survive an interrupt whose handler
 * uses them (the extended frame), and the handler sees EXC_RETURN
 * 0xFFFFFFE9. With CPACR disabling CP10/CP11, an FP instruction faults
 * (UsageFault NOCP). */
#include "test_device.h"

static volatile uint32_t handler_lr;
static volatile float sink;

void irq0_body(uint32_t lr)
{
  handler_lr = lr;
  volatile float x = 3.5f;
  __asm volatile("vmov.f32 s0, #1.0\n vmov.f32 s15, #2.0\n vmsr fpscr, %0" : : "r"(0x03000000) : "s0", "s15");
  sink = x * 2.0f;
  TEST_IRQ_CLR = 0;
}
__attribute__((naked)) void irq0(void) { __asm volatile("mov r0, lr\n push {r4, lr}\n bl irq0_body\n pop {r4, pc}"); }

void UsageFault_Handler(void)
{
  TEST_RESULT(20) = CFSR;
  done(0);
}

int main(void)
{
  uint32_t s[16], fpscr;
  irq_enable(0, 0x40, irq0);
  __asm volatile("vmov.f32 s0, #-0.5\n vmov.f32 s1, #0.25\n vmov.f32 s7, #3.0\n"
                 "vmov.f32 s8, #-2.0\n vmov.f32 s15, #10.0\n vmsr fpscr, %0" : : "r"(0x00400000)
                 : "s0", "s1", "s7", "s8", "s15");
  TEST_IRQ_SET = 0;
  __asm volatile("vstmia %1, {s0-s15}\n vmrs %0, fpscr" : "=r"(fpscr) : "r"(s) : "memory");
  for (int i = 0; i < 16; i++) TEST_RESULT(i) = s[i];
  TEST_RESULT(16) = fpscr;
  TEST_RESULT(17) = handler_lr;

  SHCSR |= 1u << 18;
  CPACR &= ~(0xFu << 20);
  __asm volatile("dsb\n isb\n vmov.f32 s2, #1.0" ::: "s2");
  done(1);
}
