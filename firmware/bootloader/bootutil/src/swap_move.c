/* Swap-using-move with revert (reference §3). With n = sectors to swap:
 *   steps 0..n-1      move primary[j] up to primary[j+1], j = n-1 .. 0
 *   steps n+2i        secondary[i]   -> primary[i]
 *   steps n+2i+1      primary[i+1]   -> secondary[i]  (the old sector i)
 * Every step erases its destination, copies, then sets its status record.
 * A step's source is never the destination of itself or of a later step
 * until its content has been copied elsewhere, so a step interrupted by a
 * power cut can simply be redone.
 *
 * The swap is recorded in the secondary trailer, which no step touches: the
 * request (magic, image_ok, swap_info) plus swap_size, written when the swap
 * starts, and one status record per step. A revert has no request to start
 * from, so it first writes one (swap_info REVERT, swap_size, magic last). At
 * the end the primary trailer is rewritten (image_ok, copy_done, magic) and
 * only then is the secondary trailer erased. This record layout is ours;
 * MCUboot keeps status in the primary trailer. The field offsets and the
 * status area's size are MCUboot's. */
#include "bootutil_priv.h"

static uint32_t usable_sectors(const struct flash_area *fa)
{
    return (fa->fa_size - boot_trailer_sz(fa, true)) / fa->fa_sector_size;
}

uint32_t boot_swap_move_max_image(const struct flash_area *primary,
                                  const struct flash_area *secondary)
{
    uint32_t p = usable_sectors(primary);
    uint32_t n = p > 0 ? p - 1 : 0; /* one sector is the room to move up into */
    uint32_t s = usable_sectors(secondary);
    if (s < n) {
        n = s;
    }
    if (n > BOOT_MAX_IMG_SECTORS) {
        n = BOOT_MAX_IMG_SECTORS;
    }
    return n * primary->fa_sector_size;
}

static int copy_sector(const struct flash_area *src, uint32_t src_index,
                       const struct flash_area *dst, uint32_t dst_index)
{
    uint32_t sector = dst->fa_sector_size;
    if (flash_area_erase(dst, dst_index * sector, sector) != 0) {
        return BOOT_EFLASH;
    }
    return boot_copy_region(src, dst, src_index * sector, dst_index * sector, sector);
}

static int run_step(const struct boot_image_slots *slots, uint32_t n, uint32_t step)
{
    if (step < n) {
        uint32_t j = n - 1 - step;
        return copy_sector(slots->primary, j, slots->primary, j + 1);
    }
    uint32_t i = (step - n) / 2;
    if ((step - n) % 2 == 0) {
        return copy_sector(slots->secondary, i, slots->primary, i);
    }
    return copy_sector(slots->primary, i + 1, slots->secondary, i);
}

static uint32_t status_record_off(const struct flash_area *secondary, uint32_t step)
{
    return boot_status_off(secondary) + step * secondary->fa_align;
}

/* First step without a status record. */
static int first_pending_step(const struct flash_area *secondary, uint32_t steps,
                              uint32_t *first)
{
    for (*first = 0; *first < steps; (*first)++) {
        uint8_t flag;
        if (boot_read_flag(secondary, status_record_off(secondary, *first), &flag) != 0) {
            return BOOT_EFLASH;
        }
        if (flag == BOOT_FLAG_UNSET) {
            break;
        }
    }
    return 0;
}

static int finish_trailers(const struct boot_image_slots *slots, int swap_type)
{
    const struct flash_area *primary = slots->primary;
    int rc = boot_erase_from(primary, boot_status_off(primary));
    if (rc == 0 && swap_type != BOOT_SWAP_TYPE_TEST) {
        rc = boot_write_image_ok(primary);
    }
    if (rc == 0) {
        rc = boot_write_copy_done(primary);
    }
    if (rc == 0) {
        rc = boot_write_magic(primary);
    }
    if (rc == 0) {
        rc = boot_erase_from(slots->secondary, boot_status_off(slots->secondary));
    }
    return rc;
}

/* Swap type of the recorded swap: swap_info, or for a request without one
 * (imgtool --pad/--confirm) the image_ok flag, as the decision table reads it. */
static int recorded_swap_type(const struct boot_swap_state *state)
{
    if (state->swap_type == BOOT_SWAP_TYPE_TEST || state->swap_type == BOOT_SWAP_TYPE_PERM ||
        state->swap_type == BOOT_SWAP_TYPE_REVERT) {
        return state->swap_type;
    }
    return state->image_ok == BOOT_FLAG_SET ? BOOT_SWAP_TYPE_PERM : BOOT_SWAP_TYPE_TEST;
}

static int run_swap(const struct boot_config *cfg, unsigned image, uint32_t swap_size,
                    int swap_type)
{
    const struct boot_image_slots *slots = &cfg->images[image];
    uint32_t sector = slots->primary->fa_sector_size;
    uint32_t n = (swap_size + sector - 1) / sector;
    if (swap_size > boot_swap_move_max_image(slots->primary, slots->secondary) ||
        slots->secondary->fa_sector_size != sector) {
        /* No swap of this size can have been started: drop the request. */
        return boot_erase_from(slots->secondary, boot_status_off(slots->secondary));
    }
    uint32_t step;
    int rc = first_pending_step(slots->secondary, 3 * n, &step);
    for (; rc == 0 && step < 3 * n; step++) {
        rc = run_step(slots, n, step);
        if (rc == 0) {
            rc = boot_write_flag(slots->secondary, status_record_off(slots->secondary, step));
        }
    }
    if (rc == 0) {
        rc = finish_trailers(slots, swap_type);
    }
    if (rc == 0 && cfg->copy_done_hook != NULL) {
        (void)cfg->copy_done_hook(cfg->hook_ctx, image, slots->primary);
    }
    return rc;
}

int boot_swap_move_resume(const struct boot_config *cfg, unsigned image, bool *resumed)
{
    const struct flash_area *secondary = cfg->images[image].secondary;
    struct boot_swap_state state;
    *resumed = false;
    if (boot_read_swap_state(secondary, &state) != 0) {
        return BOOT_EFLASH;
    }
    if (state.magic != BOOT_MAGIC_GOOD) {
        return 0;
    }
    uint32_t swap_size;
    int rc = boot_read_swap_size(secondary, &swap_size);
    if (rc == BOOT_EBADSTATUS) {
        return 0; /* a request, not yet started */
    }
    if (rc != 0) {
        return rc;
    }
    *resumed = true;
    return run_swap(cfg, image, swap_size, recorded_swap_type(&state));
}

static uint32_t image_size_or_zero(const struct flash_area *fa)
{
    struct image_header hdr;
    uint32_t size;
    if (boot_image_read_header(fa, &hdr) != 0 || boot_image_total_size(fa, &hdr, &size) != 0) {
        return 0;
    }
    return size;
}

int boot_swap_move_start(const struct boot_config *cfg, unsigned image, int swap_type)
{
    const struct boot_image_slots *slots = &cfg->images[image];
    uint32_t primary_size = image_size_or_zero(slots->primary);
    uint32_t secondary_size = image_size_or_zero(slots->secondary);
    uint32_t swap_size = primary_size > secondary_size ? primary_size : secondary_size;
    uint32_t max = boot_swap_move_max_image(slots->primary, slots->secondary);
    if (swap_size > max) {
        swap_size = max; /* the primary's old image cannot be larger than a slot allows */
    }
    if (cfg->progress_hook != NULL) {
        cfg->progress_hook(cfg->hook_ctx, image,
                           swap_type == BOOT_SWAP_TYPE_REVERT ? BOOT_PROGRESS_REVERT_START
                                                              : BOOT_PROGRESS_UPGRADE_START);
    }
    int rc;
    if (swap_type == BOOT_SWAP_TYPE_REVERT) {
        if ((rc = boot_erase_from(slots->secondary, boot_status_off(slots->secondary))) != 0 ||
            (rc = boot_write_swap_info(slots->secondary, BOOT_SWAP_TYPE_REVERT, (uint8_t)image)) != 0 ||
            (rc = boot_write_swap_size(slots->secondary, swap_size)) != 0 ||
            (rc = boot_write_magic(slots->secondary)) != 0) {
            return rc;
        }
    } else if ((rc = boot_write_swap_size(slots->secondary, swap_size)) != 0) {
        return rc;
    }
    return run_swap(cfg, image, swap_size, swap_type);
}
