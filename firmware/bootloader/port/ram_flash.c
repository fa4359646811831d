/* A RAM buffer used as flash (Zephyr's flash simulator in NCS's MCUboot):
 * erased to 0xFF, writes need no erase. Changes to it are not flash
 * operations: nothing persists across a power cut. */
#include <stdint.h>
#include <string.h>

#include "flash_port.h"

static uint8_t *area_bytes(const struct flash_area *fa, uint32_t off)
{
    return (uint8_t *)fa->fa_ctx + fa->fa_off + off;
}

static int ram_read(const struct flash_area *fa, uint32_t off, void *dst, uint32_t len)
{
    memcpy(dst, area_bytes(fa, off), len);
    return 0;
}

static int ram_write(const struct flash_area *fa, uint32_t off, const void *src, uint32_t len)
{
    memcpy(area_bytes(fa, off), src, len);
    return 0;
}

static int ram_erase(const struct flash_area *fa, uint32_t off, uint32_t len)
{
    memset(area_bytes(fa, off), fa->fa_erased_val, len);
    return 0;
}

const struct flash_area_ops ram_flash_ops = {ram_read, ram_write, ram_erase};
