/* The power-fail sweep's application-core fixture (tests/sweep): as small
 * as an application can be and still take part in the dual-core update.
 * It prints the sample's banner (the sweep recognises a version by it),
 * and releases the network core (secure access to app RAM, its console
 * pin, FORCEOFF); nothing else. It does not confirm its image: with
 * overwrite-only upgrades there is nothing to revert to, and the confirm
 * code would double the image's size.
 * Small images keep the sweep's count of flash operations, and so its run
 * time, low. */
#include "hal/clock.h"
#include "hal/console.h"
#include "hal/cortex_m.h"
#include "hal/gpio.h"
#include "hal/nrf53.h"
#include "hal/spu.h"

int main(void)
{
  console_init();
  console_puts("nrf53sim sample app v" APP_VERSION " (app core)\n");
  /* netboot reads the PCD command in app RAM even when there is none */
  NRF_REG(NRF_SPU_BASE, SPU_EXTDOMAIN0_PERM) = SPU_EXTDOMAIN_PERM_SECATTR;
  gpio_give_to_net_core(NRF_NET_CONSOLE_TXD_PORT, NRF_NET_CONSOLE_TXD_PIN);
  NRF_REG(NRF_RESET_BASE, RESET_NETWORK_FORCEOFF) = RESET_NETWORK_FORCEOFF_RELEASE;
  for (;;) {
    __disable_irq();
    cpu_sleep_until_interrupt();
  }
}
