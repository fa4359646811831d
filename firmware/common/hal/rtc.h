/* RTC: 24-bit counter at 32768 Hz / (PRESCALER + 1); 4 compare registers on
 * both cores. There is no INTEN register, only INTENSET/INTENCLR. */
#ifndef HAL_RTC_H
#define HAL_RTC_H

#include "hal/nrf53.h"

enum {
  RTC_TASKS_START = 0x000,
  RTC_TASKS_STOP = 0x004,
  RTC_TASKS_CLEAR = 0x008,
  RTC_TASKS_TRIGOVRFLW = 0x00C,
  RTC_TASKS_CAPTURE0 = 0x040, /* + 4n */
  RTC_EVENTS_TICK = 0x100,
  RTC_EVENTS_OVRFLW = 0x104,
  RTC_EVENTS_COMPARE0 = 0x140, /* + 4n */
  RTC_SHORTS = 0x200,
  RTC_INTENSET = 0x304,
  RTC_INTENCLR = 0x308,
  RTC_EVTEN = 0x340,
  RTC_EVTENSET = 0x344,
  RTC_EVTENCLR = 0x348,
  RTC_COUNTER = 0x504,
  RTC_PRESCALER = 0x508,
  RTC_CC0 = 0x540, /* + 4n */
};

#define RTC_CC_COUNT 4u
#define RTC_COUNTER_MASK 0x00FFFFFFu
#define RTC_INPUT_HZ 32768u
#define RTC_EVENTS_COMPARE(n) (RTC_EVENTS_COMPARE0 + 4u * (n))
#define RTC_CC(n) (RTC_CC0 + 4u * (n))

/* INTEN/EVTEN bits. */
#define RTC_INT_TICK (1u << 0)
#define RTC_INT_OVRFLW (1u << 1)
#define RTC_INT_COMPARE(n) (1u << (16 + (n)))

/* Counter arithmetic wraps at 24 bits. */
static inline uint32_t rtc_counter_add(uint32_t counter, uint32_t ticks)
{
  return (counter + ticks) & RTC_COUNTER_MASK;
}

#endif
