/* Cortex-M33 core peripherals (NVIC, SCB, SysTick) and intrinsics, written
 * for this project in the spirit of CMSIS. Both nRF5340 cores implement
 * 3 NVIC priority bits. */
#ifndef HAL_CORTEX_M_H
#define HAL_CORTEX_M_H

#include <stdint.h>
#include "hal/reg.h"

/* System control space. */
#define SCS_BASE 0xE000E000u
enum {
  SYSTICK_CTRL = 0x010,
  SYSTICK_LOAD = 0x014,
  SYSTICK_VAL = 0x018,
  SYSTICK_CALIB = 0x01C,
  NVIC_ISER0 = 0x100, /* + 4n: set-enable, 32 IRQs per word */
  NVIC_ICER0 = 0x180, /* clear-enable */
  NVIC_ISPR0 = 0x200, /* set-pending */
  NVIC_ICPR0 = 0x280, /* clear-pending */
  NVIC_IABR0 = 0x300, /* active */
  NVIC_IPR0 = 0x400,  /* one priority byte per IRQ */
  SCB_CPUID = 0xD00,
  SCB_ICSR = 0xD04,
  SCB_VTOR = 0xD08,
  SCB_AIRCR = 0xD0C,
  SCB_SCR = 0xD10,
  SCB_CCR = 0xD14,
  SCB_SHPR1 = 0xD18,
  SCB_CFSR = 0xD28,
  SCB_HFSR = 0xD2C,
  SCB_MMFAR = 0xD34,
  SCB_BFAR = 0xD38,
  SCB_CPACR = 0xD88,
  SCB_NSACR = 0xD8C,
};

#define NVIC_PRIO_BITS 3
#define SCB_AIRCR_VECTKEY (0x05FAu << 16)
#define SCB_AIRCR_SYSRESETREQ (1u << 2)
#define SCB_SCR_SLEEPDEEP (1u << 2)
#define SCB_SCR_SEVONPEND (1u << 4)
#define SYSTICK_CTRL_ENABLE (1u << 0)
#define SYSTICK_CTRL_TICKINT (1u << 1)
#define SYSTICK_CTRL_CLKSOURCE_CPU (1u << 2)
#define SYSTICK_CTRL_COUNTFLAG (1u << 16)

static inline void __DSB(void) { __asm volatile("dsb 0xF" ::: "memory"); }
static inline void __ISB(void) { __asm volatile("isb 0xF" ::: "memory"); }
static inline void __DMB(void) { __asm volatile("dmb 0xF" ::: "memory"); }
static inline void __WFI(void) { __asm volatile("wfi" ::: "memory"); }
static inline void __WFE(void) { __asm volatile("wfe" ::: "memory"); }
static inline void __SEV(void) { __asm volatile("sev" ::: "memory"); }
static inline void __NOP(void) { __asm volatile("nop"); }
static inline void __disable_irq(void) { __asm volatile("cpsid i" ::: "memory"); }
static inline void __enable_irq(void) { __asm volatile("cpsie i" ::: "memory"); }

static inline void NVIC_EnableIRQ(unsigned irq)
{
  NRF_REG(SCS_BASE, NVIC_ISER0 + 4u * (irq / 32u)) = 1u << (irq % 32u);
}

static inline void NVIC_DisableIRQ(unsigned irq)
{
  NRF_REG(SCS_BASE, NVIC_ICER0 + 4u * (irq / 32u)) = 1u << (irq % 32u);
  __DSB();
  __ISB();
}

static inline void NVIC_ClearPendingIRQ(unsigned irq)
{
  NRF_REG(SCS_BASE, NVIC_ICPR0 + 4u * (irq / 32u)) = 1u << (irq % 32u);
}

static inline void NVIC_SetPendingIRQ(unsigned irq)
{
  NRF_REG(SCS_BASE, NVIC_ISPR0 + 4u * (irq / 32u)) = 1u << (irq % 32u);
}

/* priority 0 (highest) .. 7 (lowest); IPR holds it in the top bits. */
static inline void NVIC_SetPriority(unsigned irq, unsigned priority)
{
  *(volatile uint8_t *)(SCS_BASE + NVIC_IPR0 + irq) =
      (uint8_t)(priority << (8 - NVIC_PRIO_BITS));
}

static inline void NVIC_SystemReset(void)
{
  __DSB();
  NRF_REG(SCS_BASE, SCB_AIRCR) = SCB_AIRCR_VECTKEY | SCB_AIRCR_SYSRESETREQ;
  __DSB();
  for (;;) {
    __NOP();
  }
}

/* Sleeps until an interrupt is pending. Call it with interrupts disabled
 * (PRIMASK set) after checking the wake-up condition, then enable them:
 * a pending interrupt still ends WFI, so no wake-up is lost between the
 * check and the sleep. The NOPs are the nRF5340 anomaly 168 workaround. */
static inline void cpu_sleep_until_interrupt(void)
{
  __DSB();
  __WFI();
  __NOP();
  __NOP();
  __NOP();
  __NOP();
}

/* External interrupt handlers (startup.c dispatches through this table). */
typedef void (*irq_handler_t)(void);
extern irq_handler_t g_irq_handlers[];

static inline void irq_set_handler(unsigned irq, irq_handler_t handler)
{
  g_irq_handlers[irq] = handler;
}

/* Installs a handler, sets the priority and enables the IRQ in the NVIC. */
static inline void irq_connect(unsigned irq, unsigned priority, irq_handler_t handler)
{
  irq_set_handler(irq, handler);
  NVIC_SetPriority(irq, priority);
  NVIC_ClearPendingIRQ(irq);
  NVIC_EnableIRQ(irq);
}

#endif
