/* NVMC: flash write and erase. nRF53 has no ERASEPAGE register: a page is
 * erased by writing 0xFFFFFFFF to its first word with CONFIG = Een.
 * A write can only clear bits; writes are 32-bit and word aligned. */
#ifndef HAL_NVMC_H
#define HAL_NVMC_H

#include "hal/nrf53.h"

enum {
  NVMC_READY = 0x400,
  NVMC_READYNEXT = 0x408,
  NVMC_CONFIG = 0x504,
  NVMC_ERASEALL = 0x50C,
  NVMC_ERASEPAGEPARTIALCFG = 0x51C,
  NVMC_ICACHECNF = 0x540, /* net core only */
  NVMC_IHIT = 0x548,      /* net core only */
  NVMC_IMISS = 0x54C,     /* net core only */
  NVMC_CONFIGNS = 0x584,  /* app core only */
  NVMC_WRITEUICRNS = 0x588, /* app core only */
};

#define NVMC_CONFIG_REN 0u
#define NVMC_CONFIG_WEN 1u
#define NVMC_CONFIG_EEN 2u
#define NVMC_CONFIG_PEEN 4u
#define NVMC_ERASED_WORD 0xFFFFFFFFu

static inline void nvmc_wait_ready(void)
{
  while (NRF_REG(NRF_NVMC_BASE, NVMC_READY) == 0) {
  }
}

static inline void nvmc_set_config(uint32_t mode)
{
  NRF_REG(NRF_NVMC_BASE, NVMC_CONFIG) = mode;
  nvmc_wait_ready();
}

/* Writes one word; address must be word aligned and the NVMC read-only
 * mode is restored afterwards. */
static inline void nvmc_write_word(uint32_t address, uint32_t value)
{
  nvmc_set_config(NVMC_CONFIG_WEN);
  *(volatile uint32_t *)address = value;
  nvmc_wait_ready();
  nvmc_set_config(NVMC_CONFIG_REN);
}

/* Erases the page that starts at page_address (NRF_FLASH_PAGE_SIZE aligned). */
static inline void nvmc_erase_page(uint32_t page_address)
{
  nvmc_set_config(NVMC_CONFIG_EEN);
  *(volatile uint32_t *)page_address = NVMC_ERASED_WORD;
  nvmc_wait_ready();
  nvmc_set_config(NVMC_CONFIG_REN);
}

#endif
