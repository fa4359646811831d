/* CLOCK, POWER and RESET: one register block per core (offsets below),
 * IRQ 5 on both cores. Registers marked (app) exist only on the app core. */
#ifndef HAL_CLOCK_H
#define HAL_CLOCK_H

#include "hal/nrf53.h"

/* CLOCK */
enum {
  CLOCK_TASKS_HFCLKSTART = 0x000,
  CLOCK_TASKS_HFCLKSTOP = 0x004,
  CLOCK_TASKS_LFCLKSTART = 0x008,
  CLOCK_TASKS_LFCLKSTOP = 0x00C,
  CLOCK_TASKS_CAL = 0x010,
  CLOCK_EVENTS_HFCLKSTARTED = 0x100,
  CLOCK_EVENTS_LFCLKSTARTED = 0x104,
  CLOCK_EVENTS_DONE = 0x11C,
  CLOCK_INTEN = 0x300,
  CLOCK_INTENSET = 0x304,
  CLOCK_INTENCLR = 0x308,
  CLOCK_INTPEND = 0x30C,
  CLOCK_HFCLKRUN = 0x408,
  CLOCK_HFCLKSTAT = 0x40C,
  CLOCK_LFCLKRUN = 0x414,
  CLOCK_LFCLKSTAT = 0x418,
  CLOCK_LFCLKSRCCOPY = 0x41C,
  CLOCK_HFCLKSRC = 0x514,
  CLOCK_LFCLKSRC = 0x518,
  CLOCK_HFCLKCTRL = 0x558,     /* (app) HCLK divider */
  CLOCK_HFCLK192MCTRL = 0x5B8, /* (app) */
};

#define CLOCK_STAT_STATE_RUNNING (1u << 16)
#define CLOCK_LFCLKSRC_LFRC 1u
#define CLOCK_LFCLKSRC_LFXO 2u
#define CLOCK_LFCLKSRC_LFSYNT 3u
#define CLOCK_HFCLKCTRL_HCLK_MASK 3u
#define CLOCK_HFCLKCTRL_DIV1 0u /* 128 MHz */
#define CLOCK_HFCLKCTRL_DIV2 1u /* 64 MHz, the reset value */

/* POWER */
enum {
  POWER_TASKS_CONSTLAT = 0x078,
  POWER_TASKS_LOWPWR = 0x07C,
  POWER_EVENTS_POFWARN = 0x108,
  POWER_EVENTS_SLEEPENTER = 0x114,
  POWER_EVENTS_SLEEPEXIT = 0x118,
  POWER_INTEN = 0x300,
  POWER_INTENSET = 0x304,
  POWER_INTENCLR = 0x308,
  POWER_GPREGRET0 = 0x51C, /* retained across reset */
  POWER_GPREGRET1 = 0x520,
};

/* RESET */
enum {
  RESET_RESETREAS = 0x400,        /* write 1 to clear a bit */
  RESET_NETWORK_FORCEOFF = 0x614, /* (app) resets to 1 = Hold */
};

#define RESET_NETWORK_FORCEOFF_RELEASE 0u
#define RESET_NETWORK_FORCEOFF_HOLD 1u

#define RESET_RESETREAS_RESETPIN (1u << 0)
#define RESET_RESETREAS_DOG0 (1u << 1)
#define RESET_RESETREAS_CTRLAP (1u << 2)
#define RESET_RESETREAS_SREQ (1u << 3)
#define RESET_RESETREAS_LOCKUP (1u << 4)
#define RESET_RESETREAS_OFF (1u << 5)

#define NRF_CLOCK_IRQN NRF_IRQN(NRF_CLOCK_BASE)

/* Starts the low-frequency clock from the given source and waits until it
 * runs; the RTCs count only while LFCLK runs. */
static inline void clock_lfclk_start(uint32_t source)
{
  NRF_REG(NRF_CLOCK_BASE, CLOCK_LFCLKSRC) = source;
  NRF_REG(NRF_CLOCK_BASE, CLOCK_EVENTS_LFCLKSTARTED) = NRF_EVENT_CLEAR;
  NRF_REG(NRF_CLOCK_BASE, CLOCK_TASKS_LFCLKSTART) = NRF_TASK;
  while (NRF_REG(NRF_CLOCK_BASE, CLOCK_EVENTS_LFCLKSTARTED) == 0) {
  }
  NRF_REG(NRF_CLOCK_BASE, CLOCK_EVENTS_LFCLKSTARTED) = NRF_EVENT_CLEAR;
}

#if defined(NRF53_CORE_app)
/* The app core clock in MHz: 128 MHz divided by HFCLKCTRL.HCLK. */
static inline uint32_t clock_core_mhz(void)
{
  return 128u >> (NRF_REG(NRF_CLOCK_BASE, CLOCK_HFCLKCTRL) & CLOCK_HFCLKCTRL_HCLK_MASK);
}
#else
/* The net core runs at a fixed 64 MHz. */
static inline uint32_t clock_core_mhz(void) { return 64u; }
#endif

#endif
