/* The power-fail sweep's network-core fixture (tests/sweep): prints the
 * sample's banner, by which the sweep recognises its version, and sleeps. */
#include "hal/console.h"
#include "hal/cortex_m.h"

int main(void)
{
  console_init();
  console_puts("nrf53sim sample net v" NET_VERSION " (net core)\n");
  for (;;) {
    __disable_irq();
    cpu_sleep_until_interrupt();
  }
}
