/* The core tests' test device (tests/cores/test_device.h models it): a
 * register window at 0x40000000 through which a test program reports
 * results and asks the host to raise interrupt lines. */
#ifndef TEST_DEVICE_H
#define TEST_DEVICE_H
#include <stdint.h>

#define TEST_REG(off) (*(volatile uint32_t *)(0x40000000u + (off)))
#define TEST_DONE       TEST_REG(0x000)  /* write: the program's exit code; ends the run */
#define TEST_PUTC       TEST_REG(0x004)
#define TEST_IRQ_SET    TEST_REG(0x008)  /* write n: drive line n high */
#define TEST_IRQ_CLR    TEST_REG(0x00C)  /* write n: drive line n low */
#define TEST_SEQUENCE   TEST_REG(0x010)  /* read: 1, 2, 3, ... (side-effecting MMIO read) */
#define TEST_IRQ_LATER  TEST_REG(0x014)  /* write n | us << 8: raise line n after us microseconds */
#define TEST_SEV_OTHER  TEST_REG(0x018)  /* write: the other core gets an event */
#define TEST_RESET_LATER TEST_REG(0x01C) /* write us: the host resets the core after us microseconds */
#define TEST_RESULT(i)  TEST_REG(0x100 + 4 * (i))

#define SCB_REG(off) (*(volatile uint32_t *)(0xE000E000u + (off)))
#define ICSR   SCB_REG(0xD04)
#define VTOR   SCB_REG(0xD08)
#define AIRCR  SCB_REG(0xD0C)
#define SCR    SCB_REG(0xD10)
#define SHPR2  SCB_REG(0xD1C)
#define SHPR3  SCB_REG(0xD20)
#define SHCSR  SCB_REG(0xD24)
#define CFSR   SCB_REG(0xD28)
#define HFSR   SCB_REG(0xD2C)
#define BFAR   SCB_REG(0xD38)
#define CPACR  SCB_REG(0xD88)
#define NVIC_ISER(n) SCB_REG(0x100 + 4 * (n))
#define NVIC_ISPR(n) SCB_REG(0x200 + 4 * (n))
#define NVIC_IPR8(n) (*(volatile uint8_t *)(0xE000E400u + (n)))
#define STIR   SCB_REG(0xF00)
#define SYST_CSR SCB_REG(0x010)
#define SYST_RVR SCB_REG(0x014)
#define SYST_CVR SCB_REG(0x018)
#define DEMCR  SCB_REG(0xDFC)
#define DWT_CTRL   (*(volatile uint32_t *)0xE0001000u)
#define DWT_CYCCNT (*(volatile uint32_t *)0xE0001004u)

typedef void (*handler_t)(void);
extern handler_t g_irq_handlers[];

static inline void irq_enable(unsigned n, uint8_t priority, handler_t h)
{
  g_irq_handlers[n] = h;
  NVIC_IPR8(n) = priority;
  NVIC_ISER(n / 32) = 1u << (n % 32);
}

__attribute__((noreturn)) static inline void done(uint32_t code) { TEST_DONE = code; for (;;) { } }

/* Order log: handlers and thread code append markers. */
extern volatile uint32_t g_log[32];
extern volatile uint32_t g_log_len;
static inline void log_event(uint32_t v) { g_log[g_log_len++] = v; }
static inline void report_log(void)
{
  for (uint32_t i = 0; i < g_log_len; i++) TEST_RESULT(32 + i) = g_log[i];
  TEST_RESULT(31) = g_log_len;
}
#define DEFINE_LOG volatile uint32_t g_log[32]; volatile uint32_t g_log_len;
#endif
