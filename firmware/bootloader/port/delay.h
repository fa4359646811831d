/* Sleeping delays on RTC1 (32.768 kHz, about 31 us resolution): the core
 * waits in WFI with interrupts masked, woken by the compare event, so a
 * long wait costs no instructions. */
#ifndef BOOTLOADER_DELAY_H
#define BOOTLOADER_DELAY_H

#include <stdint.h>

void delay_init(void);
void delay_us(uint32_t us);
/* Stops RTC1 and leaves its interrupt off for the application. */
void delay_uninit(void);

#endif
