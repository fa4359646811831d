/* Register access for the nRF5340 HAL.
 * Every peripheral header lists its registers as byte offsets from the
 * instance's base address, exactly as the product specification tables do,
 * so a register reads as NRF_REG(NRF_UARTE0_BASE, UARTE_TASKS_STARTTX). */
#ifndef HAL_REG_H
#define HAL_REG_H

#include <stdint.h>

/* The 32-bit register at base + offset, as a volatile lvalue. */
#define NRF_REG(base, offset) (*(volatile uint32_t *)((uintptr_t)(base) + (uintptr_t)(offset)))

/* The peripheral ID is bits 19:12 of the address and is also its IRQ number. */
#define NRF_IRQN(base) ((unsigned)(((uintptr_t)(base) >> 12) & 0xFFu))

/* Tasks are triggered by writing 1; events are cleared by writing 0. */
#define NRF_TASK 1u
#define NRF_EVENT_CLEAR 0u

#endif
