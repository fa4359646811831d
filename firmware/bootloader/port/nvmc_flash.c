/* Internal flash through the NVMC: reads straight from the array, writes
 * one word at a time (CONFIG = Wen), erases by page (CONFIG = Een). */
#include <stdint.h>
#include <string.h>

#include "flash_port.h"
#include "hal/nvmc.h"

static uint32_t area_address(const struct flash_area *fa, uint32_t off)
{
    return (uint32_t)(uintptr_t)fa->fa_ctx + fa->fa_off + off;
}

static int nvmc_read(const struct flash_area *fa, uint32_t off, void *dst, uint32_t len)
{
    memcpy(dst, (const void *)(uintptr_t)area_address(fa, off), len);
    return 0;
}

static int nvmc_write(const struct flash_area *fa, uint32_t off, const void *src, uint32_t len)
{
    const uint8_t *bytes = src;
    uint32_t address = area_address(fa, off);
    nvmc_set_config(NVMC_CONFIG_WEN);
    for (uint32_t i = 0; i < len; i += 4) {
        uint32_t word;
        memcpy(&word, bytes + i, sizeof(word)); /* src may be unaligned */
        *(volatile uint32_t *)(uintptr_t)(address + i) = word;
        nvmc_wait_ready();
    }
    nvmc_set_config(NVMC_CONFIG_REN);
    return 0;
}

static int nvmc_erase(const struct flash_area *fa, uint32_t off, uint32_t len)
{
    uint32_t address = area_address(fa, off);
    for (uint32_t page = 0; page < len; page += NRF_FLASH_PAGE_SIZE) {
        nvmc_erase_page(address + page);
    }
    return 0;
}

const struct flash_area_ops nvmc_flash_ops = {nvmc_read, nvmc_write, nvmc_erase};
