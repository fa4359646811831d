/* The boot flow (reference §3 "Multi-image loop order"): resume interrupted
 * swaps, decide each image's swap type, drop upgrades whose dependencies are
 * unmet, upgrade image 0 first, then validate image 0's primary. */
#include <string.h>

#include "bootutil_priv.h"

enum boot_mode boot_default_mode(void)
{
#if defined(CONFIG_BOOT_SWAP_USING_MOVE)
    return BOOT_MODE_SWAP_MOVE;
#else
    return BOOT_MODE_OVERWRITE_ONLY;
#endif
}

int boot_erase_from(const struct flash_area *fa, uint32_t off)
{
    uint32_t start = off / fa->fa_sector_size * fa->fa_sector_size;
    return flash_area_erase(fa, start, fa->fa_size - start) == 0 ? 0 : BOOT_EFLASH;
}

int boot_copy_region(const struct flash_area *src, const struct flash_area *dst, uint32_t src_off,
                     uint32_t dst_off, uint32_t len)
{
    uint8_t buf[256];
    for (uint32_t done = 0; done < len;) {
        uint32_t chunk = len - done < sizeof(buf) ? len - done : (uint32_t)sizeof(buf);
        uint32_t write_len = (chunk + dst->fa_align - 1) / dst->fa_align * dst->fa_align;
        memset(buf, dst->fa_erased_val, sizeof(buf));
        if (flash_area_read(src, src_off + done, buf, chunk) != 0 ||
            flash_area_write(dst, dst_off + done, buf, write_len) != 0) {
            return BOOT_EFLASH;
        }
        done += chunk;
    }
    return 0;
}

int boot_scramble_secondary(const struct flash_area *secondary, bool with_status)
{
    if (flash_area_erase(secondary, 0, secondary->fa_sector_size) != 0) {
        return BOOT_EFLASH;
    }
    return boot_erase_from(secondary, secondary->fa_size - boot_trailer_sz(secondary, with_status));
}

static uint32_t overwrite_max_image(const struct flash_area *primary,
                                    const struct flash_area *secondary)
{
    uint32_t p = primary->fa_size - boot_trailer_sz(primary, false);
    uint32_t s = secondary->fa_size - boot_trailer_sz(secondary, false);
    return p < s ? p : s;
}

/* Header read + validation + "fits both slots under mode". 0 or BOOT_E*. */
static int boot_validate_secondary(const struct boot_config *cfg, unsigned image,
                                   struct image_header *hdr, uint32_t *total)
{
    const struct boot_image_slots *slots = &cfg->images[image];
    int rc = boot_image_read_header(slots->secondary, hdr);
    if (rc == 0) {
        rc = bootutil_img_validate(slots->secondary, hdr, cfg->keys, cfg->key_count, NULL);
    }
    if (rc == 0 && cfg->image_check_hook != NULL &&
        cfg->image_check_hook(cfg->hook_ctx, image, slots->secondary, hdr) != 0) {
        rc = BOOT_EBADIMAGE;
    }
    if (rc == 0) {
        rc = boot_image_total_size(slots->secondary, hdr, total);
    }
    if (rc == 0) {
        uint32_t max = cfg->mode == BOOT_MODE_OVERWRITE_ONLY
                           ? overwrite_max_image(slots->primary, slots->secondary)
                           : boot_swap_move_max_image(slots->primary, slots->secondary);
        rc = *total <= max ? 0 : BOOT_EBADIMAGE;
    }
    return rc;
}

/* The swap type the trailers ask for, after checking the candidate. An
 * invalid candidate is scrambled so it is not examined again. */
static int plan_image(const struct boot_config *cfg, unsigned image, int *swap_type,
                      struct image_header *secondary_hdr, uint32_t *secondary_total)
{
    const struct boot_image_slots *slots = &cfg->images[image];
    struct boot_swap_state primary, secondary;
    if (boot_read_swap_state(slots->primary, &primary) != 0 ||
        boot_read_swap_state(slots->secondary, &secondary) != 0) {
        return BOOT_EFLASH;
    }
    *swap_type = boot_swap_type(&primary, &secondary);
    if (*swap_type == BOOT_SWAP_TYPE_REVERT && cfg->mode == BOOT_MODE_OVERWRITE_ONLY) {
        *swap_type = BOOT_SWAP_TYPE_NONE; /* nothing to revert to */
    }
    if (*swap_type == BOOT_SWAP_TYPE_REVERT) {
        int rc = boot_image_read_header(slots->secondary, secondary_hdr);
        if (rc == BOOT_EBADIMAGE) { /* nothing to go back to */
            *swap_type = BOOT_SWAP_TYPE_NONE;
            rc = 0;
#if !defined(CONFIG_BROKEN_KEEP_STUCK_REVERT)
            /* Drop the primary's revert state too (mcu-tools/mcuboot#2199):
             * left in place, every later boot asks for the revert again, and
             * the next image to land in the secondary unrequested (an
             * upload not yet marked for test) is swapped in unvalidated. */
            rc = boot_erase_from(slots->primary, boot_status_off(slots->primary));
#endif
        }
        return rc;
    }
    if (*swap_type != BOOT_SWAP_TYPE_TEST && *swap_type != BOOT_SWAP_TYPE_PERM) {
        return 0;
    }
    int rc = boot_validate_secondary(cfg, image, secondary_hdr, secondary_total);
    if (rc == BOOT_EFLASH) {
        return rc;
    }
    if (rc != 0) {
        *swap_type = BOOT_SWAP_TYPE_NONE;
        return boot_scramble_secondary(slots->secondary, cfg->mode == BOOT_MODE_SWAP_MOVE);
    }
    return 0;
}

/* Version image `image` will run after this boot. */
static struct image_version version_after(const struct boot_config *cfg, unsigned image,
                                          const int *swap_types,
                                          const struct image_header *secondary_hdrs)
{
    if (swap_types[image] != BOOT_SWAP_TYPE_NONE) {
        return secondary_hdrs[image].ih_ver;
    }
    struct image_header hdr;
    if (boot_image_read_header(cfg->images[image].primary, &hdr) == 0) {
        return hdr.ih_ver;
    }
    struct image_version none = {0, 0, 0, 0};
    return none;
}

static bool dependencies_met(const struct boot_config *cfg, unsigned image,
                             const int *swap_types, const struct image_header *secondary_hdrs)
{
    struct image_dependency deps[BOOT_IMAGE_NUMBER * 2];
    int count = bootutil_read_dependencies(cfg->images[image].secondary, &secondary_hdrs[image],
                                           deps, (int)(sizeof(deps) / sizeof(deps[0])));
    if (count < 0) {
        return false;
    }
    for (int i = 0; i < count; i++) {
        if (deps[i].image_id >= cfg->image_count) {
            return false;
        }
        struct image_version have = version_after(cfg, deps[i].image_id, swap_types, secondary_hdrs);
        if (boot_version_cmp(&have, &deps[i].min_version) < 0) {
            return false;
        }
    }
    return true;
}

/* Cancels upgrades with unmet dependencies; each cancellation can break
 * another image's dependency, so scan until nothing changes. */
static void check_dependencies(const struct boot_config *cfg, int *swap_types,
                               const struct image_header *secondary_hdrs)
{
    bool changed = true;
    while (changed) {
        changed = false;
        for (unsigned i = 0; i < cfg->image_count; i++) {
            bool upgrading =
                swap_types[i] == BOOT_SWAP_TYPE_TEST || swap_types[i] == BOOT_SWAP_TYPE_PERM;
            if (upgrading && !dependencies_met(cfg, i, swap_types, secondary_hdrs)) {
                swap_types[i] = BOOT_SWAP_TYPE_NONE;
                changed = true;
            }
        }
    }
}

/* The slot to read image 0's header from for the boot decision. */
static const struct flash_area *boot_header_slot(const struct boot_config *cfg, bool resumed)
{
#if defined(CONFIG_BROKEN_RESUMED_SWAP_HEADER_FROM_SECONDARY)
    /* Deliberately wrong, for the power-fail sweep to catch
     * (mcu-tools/mcuboot#2109): after finishing an interrupted swap, MCUboot
     * reloaded the headers following the swap status, which by then says
     * "swapped" and so sends the primary's header read to the secondary,
     * where the previous image now is. */
    if (resumed) {
        return cfg->images[0].secondary;
    }
#else
    (void)resumed;
#endif
    return cfg->images[0].primary;
}

static int pick_image_to_boot(const struct boot_config *cfg, bool resumed, struct boot_rsp *rsp)
{
    const struct flash_area *primary = cfg->images[0].primary;
    int rc = boot_image_read_header(boot_header_slot(cfg, resumed), &rsp->hdr);
#if defined(CONFIG_BOOT_VALIDATE_SLOT0)
    if (rc == 0) {
        rc = bootutil_img_validate(primary, &rsp->hdr, cfg->keys, cfg->key_count, NULL);
    }
#endif
    if (rc == 0 && (rsp->hdr.ih_flags & IMAGE_F_NON_BOOTABLE)) {
        rc = BOOT_EBADIMAGE;
    }
    rsp->fa = rc == 0 ? primary : NULL;
    return rc;
}

int boot_go(const struct boot_config *cfg, struct boot_rsp *rsp)
{
    if (cfg->image_count == 0 || cfg->image_count > BOOT_IMAGE_NUMBER) {
        return BOOT_EBADARGS;
    }
    int rc;
    int swap_types[BOOT_IMAGE_NUMBER];
    struct image_header secondary_hdrs[BOOT_IMAGE_NUMBER];
    uint32_t secondary_totals[BOOT_IMAGE_NUMBER];
    bool resumed[BOOT_IMAGE_NUMBER];
    for (unsigned i = 0; i < cfg->image_count; i++) {
        /* An image whose interrupted swap was just finished gets no second
         * decision this boot: a finished test swap would read as REVERT. */
        resumed[i] = false;
        if (cfg->mode == BOOT_MODE_SWAP_MOVE &&
            (rc = boot_swap_move_resume(cfg, i, &resumed[i])) != 0) {
            return rc;
        }
        swap_types[i] = BOOT_SWAP_TYPE_NONE;
        secondary_totals[i] = 0;
        if (!resumed[i] && (rc = plan_image(cfg, i, &swap_types[i], &secondary_hdrs[i],
                                            &secondary_totals[i])) != 0) {
            return rc;
        }
    }
    check_dependencies(cfg, swap_types, secondary_hdrs);
    for (unsigned i = 0; i < cfg->image_count; i++) {
        if (swap_types[i] == BOOT_SWAP_TYPE_NONE) {
            continue;
        }
        rc = cfg->mode == BOOT_MODE_OVERWRITE_ONLY
                 ? boot_overwrite_image(cfg, i, secondary_totals[i])
                 : boot_swap_move_start(cfg, i, swap_types[i]);
        if (rc != 0) {
            return rc;
        }
    }
    return pick_image_to_boot(cfg, resumed[0], rsp);
}
