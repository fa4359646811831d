/* Trailer layout, access and the swap decision table (reference §2.3-2.4). */
#include "bootutil/bootutil_public.h"

#include <string.h>

#if BOOT_MAX_ALIGN == 8
const uint8_t boot_img_magic[BOOT_MAGIC_SZ] = {0x77, 0xc2, 0x95, 0xf3, 0x60, 0xd2, 0xef, 0x7f,
                                               0x35, 0x52, 0x50, 0x0f, 0x2c, 0xb6, 0x79, 0x80};
#else
/* Other spacings start the magic with the alignment as a u16. */
const uint8_t boot_img_magic[BOOT_MAGIC_SZ] = {BOOT_MAX_ALIGN & 0xff, BOOT_MAX_ALIGN >> 8,
                                               0x2d, 0xe1, 0x5d, 0x29, 0x41, 0x0b,
                                               0x8d, 0x77, 0x67, 0x9c, 0x11, 0x0f,
                                               0x1f, 0x8a};
#endif

#define ALIGN_DOWN(x, a) ((x) / (a) * (a))

uint32_t boot_magic_off(const struct flash_area *fa) { return fa->fa_size - BOOT_MAGIC_SZ; }

uint32_t boot_image_ok_off(const struct flash_area *fa)
{
    return ALIGN_DOWN(boot_magic_off(fa) - BOOT_MAX_ALIGN, BOOT_MAX_ALIGN);
}

uint32_t boot_copy_done_off(const struct flash_area *fa)
{
    return boot_image_ok_off(fa) - BOOT_MAX_ALIGN;
}

uint32_t boot_swap_info_off(const struct flash_area *fa)
{
    return boot_copy_done_off(fa) - BOOT_MAX_ALIGN;
}

uint32_t boot_swap_size_off(const struct flash_area *fa)
{
    return boot_swap_info_off(fa) - BOOT_MAX_ALIGN;
}

uint32_t boot_status_entries(void) { return 3u * BOOT_MAX_IMG_SECTORS; }

uint32_t boot_status_off(const struct flash_area *fa)
{
    return boot_swap_size_off(fa) - boot_status_entries() * fa->fa_align;
}

uint32_t boot_trailer_sz(const struct flash_area *fa, bool with_status)
{
    /* Without a status area only magic, image_ok and copy_done count, as
     * imgtool's overwrite-only padding does. */
    return fa->fa_size - (with_status ? boot_status_off(fa) : boot_copy_done_off(fa));
}

static bool is_erased(const struct flash_area *fa, const uint8_t *buf, uint32_t len)
{
    for (uint32_t i = 0; i < len; i++) {
        if (buf[i] != fa->fa_erased_val) {
            return false;
        }
    }
    return true;
}

int boot_read_flag(const struct flash_area *fa, uint32_t off, uint8_t *flag)
{
    uint8_t value;
    if (flash_area_read(fa, off, &value, 1) != 0) {
        return BOOT_EFLASH;
    }
    if (value == fa->fa_erased_val) {
        *flag = BOOT_FLAG_UNSET;
    } else {
        *flag = value == BOOT_FLAG_SET_VALUE ? BOOT_FLAG_SET : BOOT_FLAG_BAD;
    }
    return 0;
}

int boot_read_swap_state(const struct flash_area *fa, struct boot_swap_state *state)
{
    uint8_t magic[BOOT_MAGIC_SZ];
    if (flash_area_read(fa, boot_magic_off(fa), magic, sizeof(magic)) != 0) {
        return BOOT_EFLASH;
    }
    if (is_erased(fa, magic, sizeof(magic))) {
        state->magic = BOOT_MAGIC_UNSET;
    } else {
        state->magic = memcmp(magic, boot_img_magic, sizeof(magic)) == 0 ? BOOT_MAGIC_GOOD
                                                                         : BOOT_MAGIC_BAD;
    }

    uint8_t info;
    if (flash_area_read(fa, boot_swap_info_off(fa), &info, 1) != 0) {
        return BOOT_EFLASH;
    }
    state->swap_type = info & 0x0f;
    state->image_num = info >> 4;
    if (info == fa->fa_erased_val || state->swap_type > BOOT_SWAP_TYPE_REVERT) {
        state->swap_type = BOOT_SWAP_TYPE_NONE;
        state->image_num = 0;
    }

    if (boot_read_flag(fa, boot_copy_done_off(fa), &state->copy_done) != 0 ||
        boot_read_flag(fa, boot_image_ok_off(fa), &state->image_ok) != 0) {
        return BOOT_EFLASH;
    }
    return 0;
}

int boot_read_swap_size(const struct flash_area *fa, uint32_t *size)
{
    uint8_t raw[4];
    if (flash_area_read(fa, boot_swap_size_off(fa), raw, sizeof(raw)) != 0) {
        return BOOT_EFLASH;
    }
    if (is_erased(fa, raw, sizeof(raw))) {
        return BOOT_EBADSTATUS;
    }
    *size = (uint32_t)raw[0] | (uint32_t)raw[1] << 8 | (uint32_t)raw[2] << 16 |
            (uint32_t)raw[3] << 24;
    return 0;
}

/* Writes len <= BOOT_MAX_ALIGN bytes at off, padded with the erased value to
 * whole write units. */
static int write_padded(const struct flash_area *fa, uint32_t off, const uint8_t *data,
                        uint32_t len)
{
    uint8_t buf[BOOT_MAX_ALIGN];
    uint32_t padded = (len + fa->fa_align - 1) / fa->fa_align * fa->fa_align;
    memset(buf, fa->fa_erased_val, sizeof(buf));
    memcpy(buf, data, len);
    return flash_area_write(fa, off, buf, padded) == 0 ? 0 : BOOT_EFLASH;
}

int boot_write_flag(const struct flash_area *fa, uint32_t off)
{
    static const uint8_t set = BOOT_FLAG_SET_VALUE;
    return write_padded(fa, off, &set, 1);
}

int boot_write_magic(const struct flash_area *fa)
{
    return flash_area_write(fa, boot_magic_off(fa), boot_img_magic, BOOT_MAGIC_SZ) == 0
               ? 0
               : BOOT_EFLASH;
}

int boot_write_image_ok(const struct flash_area *fa)
{
    return boot_write_flag(fa, boot_image_ok_off(fa));
}

int boot_write_copy_done(const struct flash_area *fa)
{
    return boot_write_flag(fa, boot_copy_done_off(fa));
}

int boot_write_swap_info(const struct flash_area *fa, uint8_t swap_type, uint8_t image_num)
{
    uint8_t info = (uint8_t)(image_num << 4 | (swap_type & 0x0f));
    return write_padded(fa, boot_swap_info_off(fa), &info, 1);
}

int boot_write_swap_size(const struct flash_area *fa, uint32_t size)
{
    uint8_t raw[4] = {(uint8_t)size, (uint8_t)(size >> 8), (uint8_t)(size >> 16),
                      (uint8_t)(size >> 24)};
    return write_padded(fa, boot_swap_size_off(fa), raw, sizeof(raw));
}

int boot_set_pending(const struct flash_area *secondary, uint8_t image_num, bool permanent)
{
    struct boot_swap_state state;
    int rc = boot_read_swap_state(secondary, &state);
    if (rc != 0) {
        return rc;
    }
    switch (state.magic) {
    case BOOT_MAGIC_GOOD: /* already requested */
        return 0;
    case BOOT_MAGIC_UNSET:
        rc = boot_write_magic(secondary);
        if (rc == 0 && permanent) {
            rc = boot_write_image_ok(secondary);
        }
        if (rc == 0) {
            rc = boot_write_swap_info(
                secondary, permanent ? BOOT_SWAP_TYPE_PERM : BOOT_SWAP_TYPE_TEST, image_num);
        }
        return rc;
    default:
        return BOOT_EBADIMAGE;
    }
}

int boot_set_confirmed(const struct flash_area *primary)
{
    struct boot_swap_state state;
    int rc = boot_read_swap_state(primary, &state);
    if (rc != 0) {
        return rc;
    }
    switch (state.magic) {
    case BOOT_MAGIC_UNSET: /* no trailer: the image was never swapped in, nothing to confirm */
        return 0;
    case BOOT_MAGIC_GOOD:
        return state.image_ok == BOOT_FLAG_UNSET ? boot_write_image_ok(primary) : 0;
    default:
        return BOOT_EBADIMAGE;
    }
}

struct boot_swap_table {
    uint8_t magic_primary, magic_secondary;
    uint8_t image_ok_primary, image_ok_secondary;
    uint8_t copy_done_primary;
    uint8_t swap_type;
};

#if defined(CONFIG_BROKEN_REVERT_NEEDS_UNSET_MAGIC)
/* Deliberately wrong, for the power-fail sweep to catch (mcu-tools/mcuboot
 * #2100): MCUboot's table before that fix asked for an unset secondary magic,
 * so a revert whose request write was cut mid-magic never runs again and
 * the unconfirmed image boots forever. */
#define BOOT_REVERT_MAGIC_SECONDARY BOOT_MAGIC_UNSET
#else
#define BOOT_REVERT_MAGIC_SECONDARY BOOT_MAGIC_ANY
#endif

/* Scanned in order; the first matching row decides (reference §2.4). */
static const struct boot_swap_table boot_swap_tables[] = {
    {BOOT_MAGIC_ANY, BOOT_MAGIC_GOOD, BOOT_FLAG_ANY, BOOT_FLAG_UNSET, BOOT_FLAG_ANY,
     BOOT_SWAP_TYPE_TEST},
    {BOOT_MAGIC_ANY, BOOT_MAGIC_GOOD, BOOT_FLAG_ANY, BOOT_FLAG_SET, BOOT_FLAG_ANY,
     BOOT_SWAP_TYPE_PERM},
    /* A finished but unconfirmed swap reverts whatever the secondary's magic
     * reads: a power cut while a revert writes its request can leave that
     * magic half written (BOOT_MAGIC_BAD), and the revert must still run. */
    {BOOT_MAGIC_GOOD, BOOT_REVERT_MAGIC_SECONDARY, BOOT_FLAG_UNSET, BOOT_FLAG_ANY, BOOT_FLAG_SET,
     BOOT_SWAP_TYPE_REVERT},
};

static bool magic_matches(uint8_t want, uint8_t have)
{
    return want == BOOT_MAGIC_ANY || want == have ||
           (want == BOOT_MAGIC_NOTGOOD && have != BOOT_MAGIC_GOOD);
}

static bool flag_matches(uint8_t want, uint8_t have)
{
    return want == BOOT_FLAG_ANY || want == have;
}

int boot_swap_type(const struct boot_swap_state *primary, const struct boot_swap_state *secondary)
{
    for (unsigned i = 0; i < sizeof(boot_swap_tables) / sizeof(boot_swap_tables[0]); i++) {
        const struct boot_swap_table *row = &boot_swap_tables[i];
        if (magic_matches(row->magic_primary, primary->magic) &&
            magic_matches(row->magic_secondary, secondary->magic) &&
            flag_matches(row->image_ok_primary, primary->image_ok) &&
            flag_matches(row->image_ok_secondary, secondary->image_ok) &&
            flag_matches(row->copy_done_primary, primary->copy_done)) {
            return row->swap_type;
        }
    }
    return BOOT_SWAP_TYPE_NONE;
}
