/* SVC: the handler sees the caller's r0 in the stacked frame, its SVC
 * number from the stacked PC, runs in Handler mode, and returns to the
 * instruction after the SVC. */
#include "test_device.h"

static volatile uint32_t svc_count, svc_number, svc_r0, svc_ipsr, svc_lr;

void svc_dispatch(uint32_t *frame, uint32_t lr)
{
  svc_count++;
  svc_r0 = frame[0];
  svc_number = ((uint8_t *)frame[6])[-2];
  frame[0] = svc_r0 + 1; /* return value through the frame */
  __asm volatile("mrs %0, ipsr" : "=r"(svc_ipsr));
  svc_lr = lr;
}

__attribute__((naked)) void SVC_Handler(void)
{
  __asm volatile("mrs r0, msp\n mov r1, lr\n push {r4, lr}\n bl svc_dispatch\n pop {r4, pc}");
}

int main(void)
{
  register uint32_t r0 __asm("r0") = 41;
  __asm volatile("svc #7" : "+r"(r0));
  TEST_RESULT(0) = svc_count;
  TEST_RESULT(1) = svc_number;
  TEST_RESULT(2) = svc_r0;
  TEST_RESULT(3) = r0;
  TEST_RESULT(4) = svc_ipsr;
  TEST_RESULT(5) = svc_lr;
  done(0);
}
