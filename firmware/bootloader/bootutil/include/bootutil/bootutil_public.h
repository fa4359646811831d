/* The image trailer at the end of each slot (reference §2.3-2.4): its layout,
 * reading it, the requests an application makes (pending, confirmed) and the
 * decision table that turns both slots' trailers into a swap type. Shared by
 * the bootloader and applications so they cannot disagree on the format. */
#ifndef BOOTUTIL_BOOTUTIL_PUBLIC_H
#define BOOTUTIL_BOOTUTIL_PUBLIC_H

#include <stdbool.h>
#include <stdint.h>

#include "bootutil/config.h"
#include "bootutil/errors.h"
#include "bootutil/flash_area.h"

#ifdef __cplusplus
extern "C" {
#endif

#define BOOT_MAGIC_SZ 16
#define BOOT_MAGIC_ALIGN_SZ (((BOOT_MAGIC_SZ) + BOOT_MAX_ALIGN - 1) / BOOT_MAX_ALIGN * BOOT_MAX_ALIGN)

#define BOOT_MAGIC_GOOD 1
#define BOOT_MAGIC_BAD 2
#define BOOT_MAGIC_UNSET 3
#define BOOT_MAGIC_ANY 4
#define BOOT_MAGIC_NOTGOOD 5

#define BOOT_FLAG_SET 1
#define BOOT_FLAG_BAD 2
#define BOOT_FLAG_UNSET 3
#define BOOT_FLAG_ANY 4

#define BOOT_SWAP_TYPE_NONE 1
#define BOOT_SWAP_TYPE_TEST 2
#define BOOT_SWAP_TYPE_PERM 3
#define BOOT_SWAP_TYPE_REVERT 4
#define BOOT_SWAP_TYPE_FAIL 5
#define BOOT_SWAP_TYPE_PANIC 0xff

#define BOOT_FLAG_SET_VALUE 0x01

/* The magic's 16 bytes for the configured BOOT_MAX_ALIGN. */
extern const uint8_t boot_img_magic[BOOT_MAGIC_SZ];

struct boot_swap_state {
    uint8_t magic;      /* BOOT_MAGIC_* */
    uint8_t swap_type;  /* BOOT_SWAP_TYPE_*, from swap_info */
    uint8_t copy_done;  /* BOOT_FLAG_* */
    uint8_t image_ok;   /* BOOT_FLAG_* */
    uint8_t image_num;  /* from swap_info */
};

/* Field offsets within a slot of fa's size. */
uint32_t boot_magic_off(const struct flash_area *fa);
uint32_t boot_image_ok_off(const struct flash_area *fa);
uint32_t boot_copy_done_off(const struct flash_area *fa);
uint32_t boot_swap_info_off(const struct flash_area *fa);
uint32_t boot_swap_size_off(const struct flash_area *fa);
/* Swap-status area: 3 records per sector, each one write unit. */
uint32_t boot_status_off(const struct flash_area *fa);
uint32_t boot_status_entries(void);
/* Bytes at the end of a slot that are trailer, with or without a status area. */
uint32_t boot_trailer_sz(const struct flash_area *fa, bool with_status);

int boot_read_swap_state(const struct flash_area *fa, struct boot_swap_state *state);
/* 0 with *size, or BOOT_EBADSTATUS if unset, BOOT_EFLASH on a read error. */
int boot_read_swap_size(const struct flash_area *fa, uint32_t *size);

int boot_write_magic(const struct flash_area *fa);
int boot_write_image_ok(const struct flash_area *fa);
int boot_write_copy_done(const struct flash_area *fa);
int boot_write_swap_info(const struct flash_area *fa, uint8_t swap_type, uint8_t image_num);
int boot_write_swap_size(const struct flash_area *fa, uint32_t size);
/* Writes BOOT_FLAG_SET padded to one write unit at off. */
int boot_write_flag(const struct flash_area *fa, uint32_t off);
/* BOOT_FLAG_SET / UNSET / BAD for the write unit at off; 0 or BOOT_EFLASH. */
int boot_read_flag(const struct flash_area *fa, uint32_t off, uint8_t *flag);

/* Application side: ask for image image_num in the secondary slot to be
 * installed on the next boot, as a test (reverted unless confirmed) or
 * permanently. 0, or BOOT_EBADIMAGE if the trailer is corrupt. */
int boot_set_pending(const struct flash_area *secondary, uint8_t image_num, bool permanent);
/* Application side: make the running image (primary slot) permanent. */
int boot_set_confirmed(const struct flash_area *primary);

/* The decision table (scanned in order), BOOT_SWAP_TYPE_NONE if no row fits. */
int boot_swap_type(const struct boot_swap_state *primary, const struct boot_swap_state *secondary);

#ifdef __cplusplus
}
#endif

#endif
