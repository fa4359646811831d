#include "delay.h"

#include "hal/clock.h"
#include "hal/cortex_m.h"
#include "hal/rtc.h"

#define RTC(offset) NRF_REG(NRF_RTC1_BASE, offset)
#define RTC1_IRQN NRF_IRQN(NRF_RTC1_BASE)

void delay_init(void)
{
    clock_lfclk_start(CLOCK_LFCLKSRC_LFRC);
    RTC(RTC_PRESCALER) = 0;
    RTC(RTC_TASKS_CLEAR) = NRF_TASK;
    RTC(RTC_TASKS_START) = NRF_TASK;
}

void delay_us(uint32_t us)
{
    uint32_t ticks = (uint32_t)(((uint64_t)us * RTC_INPUT_HZ + 999999u) / 1000000u);
    if (ticks < 2) {
        ticks = 2; /* a compare one tick ahead may be missed */
    }
    __disable_irq();
    RTC(RTC_EVENTS_COMPARE(0)) = NRF_EVENT_CLEAR;
    RTC(RTC_CC(0)) = (RTC(RTC_COUNTER) + ticks) & RTC_COUNTER_MASK;
    RTC(RTC_INTENSET) = RTC_INT_COMPARE(0);
    NVIC_ClearPendingIRQ(RTC1_IRQN);
    NVIC_EnableIRQ(RTC1_IRQN);
    while (RTC(RTC_EVENTS_COMPARE(0)) == 0) {
        cpu_sleep_until_interrupt();
    }
    RTC(RTC_EVENTS_COMPARE(0)) = NRF_EVENT_CLEAR;
    RTC(RTC_INTENCLR) = RTC_INT_COMPARE(0);
    NVIC_DisableIRQ(RTC1_IRQN);
    NVIC_ClearPendingIRQ(RTC1_IRQN);
    __enable_irq();
}

void delay_uninit(void)
{
    RTC(RTC_TASKS_STOP) = NRF_TASK;
    RTC(RTC_TASKS_CLEAR) = NRF_TASK;
    RTC(RTC_INTENCLR) = RTC_INT_COMPARE(0);
}
