/* NCS's nRF53 multi-image hooks (reference §4): image 1's primary slot is a
 * RAM buffer; once an image has been copied there, PCD hands it to the
 * network core's bootloader. A failed transfer keeps the update pending. */
#ifndef BOOTLOADER_NET_CORE_UPDATE_H
#define BOOTLOADER_NET_CORE_UPDATE_H

#include "bootutil/bootutil.h"

/* The RAM "flash" backing mcuboot_primary_1, above the bootloader's own RAM. */
#define RAM_FLASH_BASE 0x20008000u

/* Erases the RAM slot (as Zephyr's flash simulator does at start-up) and
 * installs the copy-done hook in cfg. */
void net_core_update_init(struct boot_config *cfg);
void net_core_update_uninit(void);

#endif
