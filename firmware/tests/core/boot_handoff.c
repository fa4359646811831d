/* A bootloader at 0x0 hands over to an application at 0x8000 the way
 * MCUboot does: zero the stack limits, relocate VTOR, load MSP from the
 * application's vector table and jump to its reset handler. Built twice:
 * BOOT_STAGE=1 as the bootloader, BOOT_STAGE=2 as the application, whose
 * SVC must then run its own handler through the relocated VTOR. */
#include "test_device.h"

#if BOOT_STAGE == 1
int main(void)
{
  const uint32_t *app = (const uint32_t *)0x8000;
  TEST_RESULT(0) = 0xB0;
  __asm volatile("msr msplim, %0\n msr psplim, %0" : : "r"(0));
  VTOR = 0x8000;
  __asm volatile("dsb\n isb\n msr msp, %0\n bx %1" : : "r"(app[0]), "r"(app[1]));
  done(1);
}
#else
static volatile uint32_t svc_seen;
void SVC_Handler(void) { svc_seen = 0xA5; }
int main(void)
{
  TEST_RESULT(1) = VTOR;
  __asm volatile("svc #0");
  TEST_RESULT(2) = svc_seen;
  done(0);
}
#endif
