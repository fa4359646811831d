/* Helpers shared by the loader and the upgrade strategies. */
#ifndef BOOTUTIL_PRIV_H
#define BOOTUTIL_PRIV_H

#include "bootutil/bootutil.h"

/* Erases from the sector holding off to the end of the area. */
int boot_erase_from(const struct flash_area *fa, uint32_t off);
/* Copies len bytes at off from src to the (erased) same offset of dst. */
int boot_copy_region(const struct flash_area *src, const struct flash_area *dst, uint32_t src_off,
                     uint32_t dst_off, uint32_t len);
/* Makes the secondary's image and request unreadable: header sector, then trailer. */
int boot_scramble_secondary(const struct flash_area *secondary, bool with_status);

/* Installs image's validated secondary (image_size bytes with its TLVs). */
int boot_overwrite_image(const struct boot_config *cfg, unsigned image, uint32_t image_size);

/* Swap-using-move. resume finishes a swap recorded in the secondary trailer
 * and tells whether there was one; start begins one of the given type. */
int boot_swap_move_resume(const struct boot_config *cfg, unsigned image, bool *resumed);
int boot_swap_move_start(const struct boot_config *cfg, unsigned image, int swap_type);
/* Largest image size (header + body + TLVs) swap-move can carry. */
uint32_t boot_swap_move_max_image(const struct flash_area *primary,
                                  const struct flash_area *secondary);

#endif
