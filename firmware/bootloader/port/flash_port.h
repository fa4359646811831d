/* flash_area back ends of the nRF5340 app core for bootutil: the internal
 * flash through the NVMC (4 KB pages, word writes), the MX25R64 external
 * flash through QSPI (4 KB sectors), and a RAM buffer standing in for flash
 * (NCS's ram_flash region, where the network image's primary slot lives).
 * Each area's fa_ctx is the device's base address as a bus address: the
 * flash base, the QSPI XIP window, or the RAM buffer. */
#ifndef BOOTLOADER_FLASH_PORT_H
#define BOOTLOADER_FLASH_PORT_H

#include "bootutil/flash_area.h"

#define QSPI_XIP_BASE 0x10000000u

extern const struct flash_area_ops nvmc_flash_ops;
extern const struct flash_area_ops qspi_flash_ops;
extern const struct flash_area_ops ram_flash_ops;

/* Enables and activates QSPI for qspi_flash_ops; 0 or -1 if it never
 * becomes ready. */
int qspi_flash_init(void);
/* Deactivates and disables QSPI before the application takes over. */
void qspi_flash_uninit(void);

#endif
