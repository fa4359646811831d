/* Thread mode on PSP, then unprivileged: SVC frames land on PSP, the
 * handler sees EXC_RETURN 0xFFFFFFFD, runs privileged on MSP, and the
 * thread resumes on PSP. An unprivileged MSR to CONTROL is ignored. */
#include "test_device.h"

static uint32_t process_stack[256] __attribute__((aligned(8)));
static volatile uint32_t svc_lr, svc_frame_sp, svc_msp, svc_control, svc_count;

void svc_dispatch(uint32_t *frame, uint32_t lr)
{
  uint32_t control;
  svc_count++;
  svc_lr = lr;
  svc_frame_sp = (uint32_t)frame;
  __asm volatile("mrs %0, msp" : "=r"(svc_msp));
  __asm volatile("mrs %0, control" : "=r"(control));
  svc_control = control;
  if (frame[0] == 1) { /* request: back to privileged */
    __asm volatile("msr control, %0\n isb" : : "r"(2u));
  }
}

__attribute__((naked)) void SVC_Handler(void)
{
  __asm volatile("tst lr, #4\n ite eq\n mrseq r0, msp\n mrsne r0, psp\n"
                 "mov r1, lr\n push {r4, lr}\n bl svc_dispatch\n pop {r4, pc}");
}

int main(void)
{
  uint32_t control, sp;
  __asm volatile("msr psp, %0" : : "r"(&process_stack[256]));
  __asm volatile("msr control, %0\n isb" : : "r"(2u)); /* SPSEL: thread on PSP */
  __asm volatile("mov %0, sp" : "=r"(sp));
  TEST_RESULT(0) = sp;

  register uint32_t r0 __asm("r0") = 0;
  __asm volatile("svc #1" : "+r"(r0));
  TEST_RESULT(1) = svc_lr;
  TEST_RESULT(2) = svc_frame_sp;

  __asm volatile("msr control, %0\n isb" : : "r"(3u)); /* unprivileged */
  __asm volatile("msr control, %0\n isb" : : "r"(2u)); /* ignored */
  __asm volatile("mrs %0, control" : "=r"(control));
  TEST_RESULT(3) = control;

  r0 = 1;
  __asm volatile("svc #2" : "+r"(r0));
  TEST_RESULT(4) = svc_control;
  __asm volatile("mrs %0, control" : "=r"(control));
  TEST_RESULT(5) = control;
  __asm volatile("mov %0, sp" : "=r"(sp));
  TEST_RESULT(6) = sp;
  TEST_RESULT(7) = svc_count;
  done(0);
}
