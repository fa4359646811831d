/* Resets as the next boot sees them (tests/scenarios/reset-probe*.yaml), on
 * either core. Every boot prints RESET.RESETREAS and whether the watchdog
 * runs, clears RESETREAS (write 1 to clear) and takes the next step of a
 * sequence kept in POWER.GPREGRET[0], which every reset but power-on keeps:
 *   0 (power-on): starts the watchdog (50 ms), then locks the core up with
 *     a fault inside HardFault;
 *   1 (lockup): the watchdog still runs, since a lockup does not reset it;
 *     this boot does not feed it, like a bootloader that does not know the
 *     application started it, and the watchdog resets the core;
 *   2 (watchdog): the watchdog is stopped; AIRCR.SYSRESETREQ;
 *   3 (soft reset): done. */
#include <stdint.h>

#include "hal/clock.h"
#include "hal/console.h"
#include "hal/cortex_m.h"
#include "hal/reg.h"

#if defined(NRF53_CORE_app)
#define WDT_BASE 0x50018000u /* WDT0 */
#else
#define WDT_BASE 0x4100B000u
#endif
#define WDT_TASKS_START 0x000u
#define WDT_RUNSTATUS 0x400u
#define WDT_CRV 0x504u
#define WDT_TIMEOUT_TICKS (32768u / 20u) /* 50 ms of the 32768 Hz clock */
#define UNMAPPED_ADDRESS 0x60000000u     /* no memory on either core: a bus fault */
#define AIRCR_SYSRESETREQ (0x05FA0000u | (1u << 2))

volatile uint32_t g_loaded;

void HardFault_Handler(void) {
  g_loaded = *(volatile uint32_t *)UNMAPPED_ADDRESS; /* a fault in HardFault: lockup */
  for (;;) { }
}

static void start_watchdog(void) {
  NRF_REG(WDT_BASE, WDT_CRV) = WDT_TIMEOUT_TICKS - 1u;
  NRF_REG(WDT_BASE, WDT_TASKS_START) = NRF_TASK;
}

int main(void) {
  const uint32_t step = NRF_REG(NRF_POWER_BASE, POWER_GPREGRET0);
  const uint32_t reasons = NRF_REG(NRF_RESET_BASE, RESET_RESETREAS);
  NRF_REG(NRF_RESET_BASE, RESET_RESETREAS) = 0xFFFFFFFFu;
  NRF_REG(NRF_POWER_BASE, POWER_GPREGRET0) = step + 1u;
  console_init();
  console_printf("reset probe: boot %lu, RESETREAS 0x%08lx, watchdog %s\n", (unsigned long)step,
                 (unsigned long)reasons, NRF_REG(WDT_BASE, WDT_RUNSTATUS) ? "running" : "stopped");
  switch (step) {
  case 0:
    start_watchdog();
    g_loaded = *(volatile uint32_t *)UNMAPPED_ADDRESS;
    break;
  case 1:
    console_printf("reset probe: not feeding the watchdog\n");
    break;
  case 2:
    NRF_REG(SCS_BASE, SCB_AIRCR) = AIRCR_SYSRESETREQ;
    break;
  default:
    console_printf("reset probe: done\n");
    break;
  }
  for (;;) __WFI();
}
