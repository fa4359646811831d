/* Network core (no FPU, no DSP extension): an FP instruction raises
 * UsageFault NOCP, a DSP instruction UsageFault UNDEFINSTR; the code
 * before them in the same block runs. Selected by g_case. */
#include "test_device.h"

volatile uint32_t g_case __attribute__((section(".noinit")));
static volatile uint32_t before;

void usage_report(uint32_t *frame)
{
  TEST_RESULT(0) = CFSR;
  TEST_RESULT(1) = before;
  TEST_RESULT(2) = frame[6]; /* stacked PC: the faulting instruction */
  done(g_case);
}
__attribute__((naked)) void UsageFault_Handler(void) { __asm volatile("mrs r0, msp\n b usage_report"); }

extern uint32_t fp_insn, dsp_insn;

int main(void)
{
  SHCSR |= 1u << 18;
  TEST_RESULT(3) = (uint32_t)&fp_insn;
  TEST_RESULT(4) = (uint32_t)&dsp_insn;
  if (g_case == 1) {
    __asm volatile("movs r0, #1\n str r0, [%0]\n"
                   ".fpu fpv5-sp-d16\n .global fp_insn\n fp_insn: vadd.f32 s0, s1, s2\n"
                   : : "r"(&before) : "r0", "memory");
  } else {
    __asm volatile("movs r0, #2\n str r0, [%0]\n"
                   ".arch_extension dsp\n .global dsp_insn\n dsp_insn: smlabb r0, r1, r2, r3\n"
                   : : "r"(&before) : "r0", "memory");
  }
  done(0x100);
}
