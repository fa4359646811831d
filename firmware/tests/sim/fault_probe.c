/* App-core probe for the SoC's memory map (tests/sim, tests/scenarios):
 * main() prints "probe: reading 0x<PROBE_ADDRESS>" and loads a word from
 * PROBE_ADDRESS. If nothing answers there the load is a bus fault, which
 * escalates to HardFault (BusFault is not enabled). The HardFault handler
 * records CFSR, HFSR and BFAR in g_fault (for expect: steps) and prints
 * them. With FAULT_IN_HANDLER=1 the handler loads from PROBE_ADDRESS again
 * instead: a fault in HardFault locks the core up. With PROBE_STORE=<value>
 * main() stores the value at PROBE_ADDRESS instead of loading. */
#include <stdint.h>

#include "hal/console.h"
#include "hal/cortex_m.h"
#include "hal/reg.h"

#ifndef PROBE_ADDRESS
#error "define PROBE_ADDRESS"
#endif
#ifndef FAULT_IN_HANDLER
#define FAULT_IN_HANDLER 0
#endif

/* Tests find it through the ELF symbol g_fault. */
volatile struct {
  uint32_t magic; /* 0xFA017ED once the handler ran */
  uint32_t cfsr, hfsr, bfar;
} g_fault;

volatile uint32_t g_loaded;

void HardFault_Handler(void) {
  if (FAULT_IN_HANDLER) g_loaded = *(volatile uint32_t *)PROBE_ADDRESS;
  g_fault.cfsr = NRF_REG(SCS_BASE, SCB_CFSR);
  g_fault.hfsr = NRF_REG(SCS_BASE, SCB_HFSR);
  g_fault.bfar = NRF_REG(SCS_BASE, SCB_BFAR);
  g_fault.magic = 0xFA017EDu;
  /* The console polls its UARTE, so it works here: thread mode is stopped
   * at the faulting load and will never print again. */
  console_printf("HardFault: CFSR 0x%08lx HFSR 0x%08lx BFAR 0x%08lx\n", (unsigned long)g_fault.cfsr,
                 (unsigned long)g_fault.hfsr, (unsigned long)g_fault.bfar);
  for (;;) { }
}

int main(void) {
  console_init();
  console_printf("probe: reading 0x%08lx\n", (unsigned long)PROBE_ADDRESS);
#ifdef PROBE_STORE
  *(volatile uint32_t *)PROBE_ADDRESS = PROBE_STORE;
  console_printf("probe: stored\n");
  return 0;
#endif
  g_loaded = *(volatile uint32_t *)PROBE_ADDRESS;
  console_printf("probe: read 0x%08lx\n", (unsigned long)g_loaded);
  return 0;
}
