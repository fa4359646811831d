/* Start-up code for both nRF5340 cores: vector table, .data/.bss set-up,
 * then main(). Every handler is weak and defaults to Default_Handler,
 * so a program defines only the ones it uses. */
#include <stdint.h>

#if defined(NRF53_CORE_app)
#define NUM_IRQS 69
#else
#define NUM_IRQS 30
#endif

extern uint32_t __data_start, __data_end, __data_load, __bss_start, __bss_end;
extern uint32_t __stack_top;
int main(void);

void Default_Handler(void) { for (;;) { } }
void Reset_Handler(void);

#define WEAK_HANDLER(name) void name(void) __attribute__((weak, alias("Default_Handler")))
WEAK_HANDLER(NMI_Handler);
WEAK_HANDLER(HardFault_Handler);
WEAK_HANDLER(MemManage_Handler);
WEAK_HANDLER(BusFault_Handler);
WEAK_HANDLER(UsageFault_Handler);
WEAK_HANDLER(SecureFault_Handler);
WEAK_HANDLER(SVC_Handler);
WEAK_HANDLER(DebugMon_Handler);
WEAK_HANDLER(PendSV_Handler);
WEAK_HANDLER(SysTick_Handler);
WEAK_HANDLER(IRQ_Handler);  /* every external interrupt unless the program overrides g_irq_handlers */

typedef void (*handler_t)(void);

/* External interrupts dispatch through this table so programs can set
 * handlers per line at run time (irq_set_handler) or statically. */
handler_t g_irq_handlers[NUM_IRQS] __attribute__((weak));

static void irq_dispatch(void)
{
  uint32_t ipsr;
  __asm volatile("mrs %0, ipsr" : "=r"(ipsr));
  handler_t h = g_irq_handlers[ipsr - 16];
  if (h) h(); else IRQ_Handler();
}

__attribute__((section(".vectors"), used))
const handler_t g_vectors[16 + NUM_IRQS] = {
  (handler_t)&__stack_top,
  Reset_Handler,
  NMI_Handler,
  HardFault_Handler,
  MemManage_Handler,
  BusFault_Handler,
  UsageFault_Handler,
  SecureFault_Handler,
  0, 0, 0,
  SVC_Handler,
  DebugMon_Handler,
  0,
  PendSV_Handler,
  SysTick_Handler,
  [16 ... 16 + NUM_IRQS - 1] = irq_dispatch,
};

void __attribute__((weak)) SystemInit(void)
{
#if defined(NRF53_CORE_app)
  /* Enable the FPU (CP10/CP11 full access), as nrfx's SystemInit does. */
  *(volatile uint32_t *)0xE000ED88 |= 0xFu << 20;
  __asm volatile("dsb\n isb");
#endif
}

void Reset_Handler(void)
{
  uint32_t *src = &__data_load;
  for (uint32_t *dst = &__data_start; dst < &__data_end;) *dst++ = *src++;
  for (uint32_t *dst = &__bss_start; dst < &__bss_end;) *dst++ = 0;
  SystemInit();
  main();
  for (;;) { __asm volatile("wfi"); }
}
