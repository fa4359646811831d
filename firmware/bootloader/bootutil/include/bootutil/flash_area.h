/* Flash access for the boot logic: an area (a slot) of a flash device, reached
 * only through the back end's ops. The device port implements the ops on NVMC
 * or QSPI; host tests implement them on RAM with a power-cut counter.
 * Offsets are relative to the start of the area. */
#ifndef BOOTUTIL_FLASH_AREA_H
#define BOOTUTIL_FLASH_AREA_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct flash_area;

/* Each op returns 0 on success and a negative value on failure. */
struct flash_area_ops {
    int (*read)(const struct flash_area *fa, uint32_t off, void *dst, uint32_t len);
    int (*write)(const struct flash_area *fa, uint32_t off, const void *src, uint32_t len);
    int (*erase)(const struct flash_area *fa, uint32_t off, uint32_t len);
};

struct flash_area {
    const struct flash_area_ops *fa_ops;
    void *fa_ctx;            /* the back end's device */
    uint32_t fa_off;         /* start of the area within the device */
    uint32_t fa_size;
    uint32_t fa_sector_size; /* erase unit; sectors are uniform */
    uint8_t fa_align;        /* minimum write unit, a power of two <= BOOT_MAX_ALIGN */
    uint8_t fa_erased_val;
    uint8_t fa_id;
};

/* Bounds- and alignment-checked wrappers: 0 or -1. */
int flash_area_read(const struct flash_area *fa, uint32_t off, void *dst, uint32_t len);
int flash_area_write(const struct flash_area *fa, uint32_t off, const void *src, uint32_t len);
int flash_area_erase(const struct flash_area *fa, uint32_t off, uint32_t len);

static inline uint32_t flash_area_align(const struct flash_area *fa) { return fa->fa_align; }
static inline uint8_t flash_area_erased_val(const struct flash_area *fa) { return fa->fa_erased_val; }
static inline uint32_t flash_area_sector_size(const struct flash_area *fa) { return fa->fa_sector_size; }
static inline uint32_t flash_area_get_size(const struct flash_area *fa) { return fa->fa_size; }

#ifdef __cplusplus
}
#endif

#endif
