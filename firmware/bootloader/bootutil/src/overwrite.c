/* Overwrite-only upgrade (reference §3): erase the primary, copy the image,
 * mark the primary, then scramble the secondary. No status area: until the
 * secondary is scrambled its trailer still asks for the upgrade, so a power
 * cut anywhere just makes the next boot start over. */
#include <stddef.h>

#include "bootutil_priv.h"

/* Erases the sectors the image will occupy plus the trailer sectors. */
static int erase_primary(const struct flash_area *primary, uint32_t image_size)
{
    uint32_t sector = primary->fa_sector_size;
    uint32_t image_end = (image_size + sector - 1) / sector * sector;
    uint32_t trailer_start =
        (primary->fa_size - boot_trailer_sz(primary, false)) / sector * sector;
    if (image_end > trailer_start) {
        image_end = trailer_start;
    }
    if (flash_area_erase(primary, 0, image_end) != 0) {
        return BOOT_EFLASH;
    }
    return boot_erase_from(primary, trailer_start);
}

int boot_overwrite_image(const struct boot_config *cfg, unsigned image, uint32_t image_size)
{
    const struct boot_image_slots *slots = &cfg->images[image];
    int rc;
    if (cfg->progress_hook != NULL) {
        cfg->progress_hook(cfg->hook_ctx, image, BOOT_PROGRESS_UPGRADE_START);
    }
#if defined(CONFIG_BROKEN_CONSUME_REQUEST_FIRST)
    /* Deliberately wrong, for the power-fail sweep to catch: the request
     * (the secondary's trailer) is dropped before the copy, so a cut during
     * the copy leaves a half-written primary and nothing asking for a retry. */
    if ((rc = boot_erase_from(slots->secondary,
                              slots->secondary->fa_size - boot_trailer_sz(slots->secondary, false))) != 0) {
        return rc;
    }
#endif
    if ((rc = erase_primary(slots->primary, image_size)) != 0 ||
        (rc = boot_copy_region(slots->secondary, slots->primary, 0, 0, image_size)) != 0 ||
        (rc = boot_write_magic(slots->primary)) != 0) {
        return rc;
    }
    if (cfg->progress_hook != NULL) {
        cfg->progress_hook(cfg->hook_ctx, image, BOOT_PROGRESS_COPIED);
    }
    if (cfg->copy_done_hook != NULL && cfg->copy_done_hook(cfg->hook_ctx, image, slots->primary) != 0) {
        return 0; /* left pending: retried on the next boot */
    }
    return boot_scramble_secondary(slots->secondary, false);
}
