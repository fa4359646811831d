/* The addresses of partitions.yml and partitions_CPUNET.yml under the
 * names the partition manager's pm_config.h gives them (PM_<NAME>_ADDRESS,
 * _SIZE); the network domain's carry a CPUNET_ prefix here. Written by
 * hand until the partition manager (issue 5) generates both. */
#ifndef PM_CONFIG_H
#define PM_CONFIG_H

/* Application core: internal flash. */
#define PM_MCUBOOT_ADDRESS 0x0u
#define PM_MCUBOOT_SIZE 0x10000u
#define PM_MCUBOOT_PAD_SIZE 0x200u
#define PM_MCUBOOT_PRIMARY_ADDRESS 0x10000u
#define PM_MCUBOOT_PRIMARY_SIZE 0xe0000u
#define PM_APP_ADDRESS 0x10200u
#define PM_APP_SIZE 0xdfe00u
#define PM_SETTINGS_STORAGE_ADDRESS 0xf0000u
#define PM_SETTINGS_STORAGE_SIZE 0x10000u
/* ram_flash: the network image's primary slot (offsets in the RAM "flash"). */
#define PM_MCUBOOT_PRIMARY_1_ADDRESS 0x0u
#define PM_MCUBOOT_PRIMARY_1_SIZE 0x40000u
/* External flash (MX25R64), offsets in the device. */
#define PM_MCUBOOT_SECONDARY_ADDRESS 0x0u
#define PM_MCUBOOT_SECONDARY_SIZE 0xe0000u
#define PM_MCUBOOT_SECONDARY_1_ADDRESS 0xe0000u
#define PM_MCUBOOT_SECONDARY_1_SIZE 0x40000u
/* Application RAM. */
#define PM_PCD_SRAM_ADDRESS 0x20000000u
#define PM_PCD_SRAM_SIZE 0x2000u
#define PM_SRAM_PRIMARY_ADDRESS 0x20002000u
#define PM_SRAM_PRIMARY_SIZE 0x6e000u

/* Network core. */
#define CPUNET_PM_B0N_ADDRESS 0x1000000u
#define CPUNET_PM_B0N_SIZE 0x8580u
#define CPUNET_PM_PROVISION_ADDRESS 0x1008580u
#define CPUNET_PM_PROVISION_SIZE 0x280u
#define CPUNET_PM_B0N_CONTAINER_SIZE 0x8800u
#define CPUNET_PM_APP_ADDRESS 0x1008800u
#define CPUNET_PM_APP_SIZE 0x37800u

#endif
