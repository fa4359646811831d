/* The boot decision and upgrade: what a bootloader's main calls. */
#ifndef BOOTUTIL_BOOTUTIL_H
#define BOOTUTIL_BOOTUTIL_H

#include <stddef.h>

#include "bootutil/bootutil_public.h"
#include "bootutil/config.h"
#include "bootutil/image.h"

#ifdef __cplusplus
extern "C" {
#endif

enum boot_mode {
    BOOT_MODE_OVERWRITE_ONLY, /* CONFIG_BOOT_UPGRADE_ONLY: copy, no revert, N images */
    BOOT_MODE_SWAP_MOVE,      /* CONFIG_BOOT_SWAP_USING_MOVE: swap with revert */
};

struct boot_image_slots {
    const struct flash_area *primary;
    const struct flash_area *secondary;
};

/* Runs after an image has been copied into its primary slot (overwrite mode),
 * before the secondary is scrambled: a non-zero result leaves the upgrade
 * pending, to be retried next boot (the nRF53 network core's PCD transfer).
 * In swap mode it runs after each finished swap, test or revert, as nRF
 * Connect SDK's MCUboot calls its post-copy hook from the swap too; the swap
 * is complete by then, so its result changes nothing. */
typedef int (*boot_copy_done_hook)(void *ctx, unsigned image, const struct flash_area *primary);

/* Accepts (0) or refuses a secondary that is authentic but may not be
 * meant for this image, e.g. a network-core image in the application's
 * slot (MCUboot's image access hooks). A refused secondary is treated as
 * invalid. */
typedef int (*boot_image_check_hook)(void *ctx, unsigned image, const struct flash_area *fa,
                                     const struct image_header *hdr);

/* Where an upgrade is, for a bootloader's log (may be slow: a console line). */
enum boot_progress {
    BOOT_PROGRESS_UPGRADE_START, /* image validated, about to change its primary */
    BOOT_PROGRESS_REVERT_START,  /* swap back to the previous image */
    BOOT_PROGRESS_COPIED,        /* image in its primary slot, secondary not yet scrambled */
};
typedef void (*boot_progress_hook)(void *ctx, unsigned image, enum boot_progress what);

struct boot_config {
    struct boot_image_slots images[BOOT_IMAGE_NUMBER];
    unsigned image_count;           /* 1..BOOT_IMAGE_NUMBER; image 0 is booted */
    enum boot_mode mode;
    const struct bootutil_key *keys; /* none: only the SHA-256 TLV is checked */
    unsigned key_count;
    boot_copy_done_hook copy_done_hook; /* may be NULL */
    boot_progress_hook progress_hook;   /* may be NULL */
    boot_image_check_hook image_check_hook; /* may be NULL */
    void *hook_ctx;                     /* passed to the hooks */
};

/* What to boot: image 0's primary slot and its header. */
struct boot_rsp {
    const struct flash_area *fa;
    struct image_header hdr;
};

/* The mode the Kconfig-named symbols select. */
enum boot_mode boot_default_mode(void);

/* Finishes any interrupted swap, performs requested upgrades (image 0 first),
 * then validates image 0's primary. Every flash step is restartable: after a
 * power cut at any operation, calling boot_go again completes the job.
 * 0 with *rsp filled, BOOT_EFLASH if flash failed, BOOT_EBADIMAGE if there is
 * nothing valid to boot, BOOT_EBADARGS for a bad configuration. */
int boot_go(const struct boot_config *cfg, struct boot_rsp *rsp);

#ifdef __cplusplus
}
#endif

#endif
