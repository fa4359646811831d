/* WFE/SEV across cores: the application core sleeps in WFE until the
 * network core sets a shared flag and executes SEV. */
#include "test_device.h"

#define FLAG ((volatile uint32_t *)0x20070010u)

int main(void)
{
#if ROLE_WAITER
  *FLAG = 0;
  uint32_t wakeups = 0;
  while (*FLAG != 1) { __asm volatile("wfe"); wakeups++; }
  TEST_RESULT(0) = wakeups;
#else
  for (volatile uint32_t i = 0; i < 20000; i++) { }
  *FLAG = 1;
  __asm volatile("dsb\n sev");
#endif
  done(0);
}
