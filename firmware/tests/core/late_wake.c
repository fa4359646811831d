/* Wake-ups signalled while a sleeping core catches up with the SoC: the
 * core runs ahead of the rest of the system (within its quantum), so an
 * interrupt or a reset can arrive before the core's own time reaches its
 * WFI. Both must still end the sleep. Result 0: interrupts taken by the
 * first WFI; result 1: boots. */
#include "test_device.h"

static volatile uint32_t irqs;
static void irq3(void) { irqs++; TEST_IRQ_CLR = 3; }

static void spin(uint32_t n)
{
  for (volatile uint32_t i = 0; i < n; i++) {
  }
}

int main(void)
{
  const uint32_t boots = TEST_RESULT(1) + 1;
  TEST_RESULT(1) = boots;
  if (boots == 2) {
    done(0); /* the reset requested below came */
  }
  irq_enable(3, 0x20, irq3);
  TEST_IRQ_LATER = 3 | (2u << 8); /* 2 us from now, well before the WFI */
  spin(500);
  __asm volatile("wfi");
  TEST_RESULT(0) = irqs;

  TEST_RESET_LATER = 2; /* a reset 2 us from now, then sleep with nothing else to wake */
  spin(500);
  __asm volatile("cpsid i\n wfi");
  done(1);
}
