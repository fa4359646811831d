/* GPIO ports P0 (32 pins) and P1 (16 pins), offsets from NRF_P0_BASE /
 * NRF_P1_BASE. PIN_CNF.MCUSEL chooses which core drives a pin. */
#ifndef HAL_GPIO_H
#define HAL_GPIO_H

#include "hal/nrf53.h"

enum {
  GPIO_OUT = 0x004,
  GPIO_OUTSET = 0x008,
  GPIO_OUTCLR = 0x00C,
  GPIO_IN = 0x010,
  GPIO_DIR = 0x014,
  GPIO_DIRSET = 0x018,
  GPIO_DIRCLR = 0x01C,
  GPIO_LATCH = 0x020,
  GPIO_DETECTMODE = 0x024,
  GPIO_DETECTMODE_SEC = 0x028,
  GPIO_PIN_CNF0 = 0x200, /* + 4n */
};

#define GPIO_PIN_CNF(n) (GPIO_PIN_CNF0 + 4u * (n))
#define GPIO_PIN_CNF_DIR_OUTPUT (1u << 0)
#define GPIO_PIN_CNF_INPUT_DISCONNECT (1u << 1)
#define GPIO_PIN_CNF_MCUSEL_SHIFT 28
#define GPIO_PIN_CNF_MCUSEL_APP (0u << GPIO_PIN_CNF_MCUSEL_SHIFT)
#define GPIO_PIN_CNF_MCUSEL_NETWORK (1u << GPIO_PIN_CNF_MCUSEL_SHIFT)
#define GPIO_PIN_CNF_MCUSEL_PERIPHERAL (3u << GPIO_PIN_CNF_MCUSEL_SHIFT)

static inline uintptr_t gpio_port_base(unsigned port)
{
  return port == 0 ? NRF_P0_BASE : NRF_P1_BASE;
}

/* Drives the pin high, then makes it an output (the UARTE TXD idle level). */
static inline void gpio_output_high(unsigned port, unsigned pin)
{
  NRF_REG(gpio_port_base(port), GPIO_OUTSET) = 1u << pin;
  NRF_REG(gpio_port_base(port), GPIO_DIRSET) = 1u << pin;
}

#if defined(NRF53_CORE_app)
/* Hands a pin to the network core (what Zephyr's GPIO forwarder does). */
static inline void gpio_give_to_net_core(unsigned port, unsigned pin)
{
  NRF_REG(gpio_port_base(port), GPIO_PIN_CNF(pin)) =
      GPIO_PIN_CNF_MCUSEL_NETWORK | GPIO_PIN_CNF_INPUT_DISCONNECT;
}
#endif

#endif
