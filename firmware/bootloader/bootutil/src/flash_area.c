/* Checked wrappers around a flash back end. A range outside the area or a
 * misaligned write/erase is refused here, before it reaches the device. */
#include "bootutil/flash_area.h"

static int range_ok(const struct flash_area *fa, uint32_t off, uint32_t len)
{
    return off <= fa->fa_size && len <= fa->fa_size - off;
}

int flash_area_read(const struct flash_area *fa, uint32_t off, void *dst, uint32_t len)
{
    if (!range_ok(fa, off, len)) {
        return -1;
    }
    return fa->fa_ops->read(fa, off, dst, len) == 0 ? 0 : -1;
}

int flash_area_write(const struct flash_area *fa, uint32_t off, const void *src, uint32_t len)
{
    if (!range_ok(fa, off, len) || off % fa->fa_align != 0 || len % fa->fa_align != 0) {
        return -1;
    }
    return fa->fa_ops->write(fa, off, src, len) == 0 ? 0 : -1;
}

int flash_area_erase(const struct flash_area *fa, uint32_t off, uint32_t len)
{
    if (!range_ok(fa, off, len) || off % fa->fa_sector_size != 0 ||
        len % fa->fa_sector_size != 0) {
        return -1;
    }
    return fa->fa_ops->erase(fa, off, len) == 0 ? 0 : -1;
}
