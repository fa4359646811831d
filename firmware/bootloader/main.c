/* nrf53sim's MCUboot-compatible bootloader for the nRF5340 application
 * core. Slots and their devices come from firmware/layout (pm_config.h);
 * the variant from CONFIG_ symbols named after MCUboot's Kconfig:
 *  - CONFIG_BOOT_UPGRADE_ONLY + CONFIG_UPDATEABLE_IMAGE_NUMBER=2 +
 *    CONFIG_PCD_APP: NCS's simultaneous update (image 1 = network core,
 *    primary in RAM, installed over PCD);
 *  - CONFIG_BOOT_SWAP_USING_MOVE, one image: swap with revert;
 *  - CONFIG_BOOT_SWAP_USING_MOVE + CONFIG_USE_NRF53_MULTI_IMAGE_WITHOUT_UPGRADE_ONLY
 *    (two images, CONFIG_PCD_APP): both images swapped, image 1 with the
 *    RAM slot, handed over PCD after each swap (docs/dfu.md, the revert
 *    hazard).
 * Each phase prints a console line; the simulator timestamps them. */
#include <stdint.h>

#include "bootutil/bootutil.h"
#include "flash_port.h"
#include "hal/console.h"
#include "hal/cortex_m.h"
#include "hal/nrf53.h"
#include "pm_config.h"

#if defined(CONFIG_PCD_APP)
#include "net_core_update.h"
#endif

extern const struct bootutil_key bootloader_keys[];
extern const unsigned bootloader_key_count;

#define FLASH_SECTOR 0x1000u
#define WRITE_ALIGN 4u

static const struct flash_area g_primary_0 = {
    &nvmc_flash_ops, (void *)NRF_FLASH_BASE, PM_MCUBOOT_PRIMARY_ADDRESS,
    PM_MCUBOOT_PRIMARY_SIZE, FLASH_SECTOR, WRITE_ALIGN, 0xff, 1};
static const struct flash_area g_secondary_0 = {
    &qspi_flash_ops, (void *)QSPI_XIP_BASE, PM_MCUBOOT_SECONDARY_ADDRESS,
    PM_MCUBOOT_SECONDARY_SIZE, FLASH_SECTOR, WRITE_ALIGN, 0xff, 2};

#if BOOT_IMAGE_NUMBER > 1
static const struct flash_area g_primary_1 = {
    &ram_flash_ops, (void *)RAM_FLASH_BASE, PM_MCUBOOT_PRIMARY_1_ADDRESS,
    PM_MCUBOOT_PRIMARY_1_SIZE, FLASH_SECTOR, WRITE_ALIGN, 0xff, 3};
static const struct flash_area g_secondary_1 = {
    &qspi_flash_ops, (void *)QSPI_XIP_BASE, PM_MCUBOOT_SECONDARY_1_ADDRESS,
    PM_MCUBOOT_SECONDARY_1_SIZE, FLASH_SECTOR, WRITE_ALIGN, 0xff, 4};
#endif

static const char *mode_name(enum boot_mode mode)
{
    return mode == BOOT_MODE_SWAP_MOVE ? "swap-using-move" : "overwrite-only";
}

static void print_version(const char *what, const struct image_header *hdr)
{
    console_printf("mcuboot: %s v%u.%u.%u+%u\n", what, (unsigned)hdr->ih_ver.iv_major,
                   (unsigned)hdr->ih_ver.iv_minor, (unsigned)hdr->ih_ver.iv_revision,
                   (unsigned)hdr->ih_ver.iv_build_num);
}

static void log_progress(void *ctx, unsigned image, enum boot_progress what)
{
    (void)ctx;
    static const char *const text[] = {"upgrading", "reverting", "copied into its primary slot"};
    console_printf("mcuboot: image %u: %s\n", image, text[what]);
}

/* Which core an image is for, from its reset vector: image 0 must start in
 * the application partition, image 1 in network flash (NCS's check). */
static int check_image_core(void *ctx, unsigned image, const struct flash_area *fa,
                            const struct image_header *hdr)
{
    (void)ctx;
    uint32_t reset_vector;
    if (flash_area_read(fa, hdr->ih_hdr_size + 4u, &reset_vector, sizeof(reset_vector)) != 0) {
        return -1;
    }
    int ok = image == 0 ? reset_vector >= PM_APP_ADDRESS && reset_vector < PM_APP_ADDRESS + PM_APP_SIZE
                        : reset_vector > CPUNET_PM_B0N_ADDRESS;
    if (!ok) {
        console_printf("mcuboot: image %u: refused, reset vector 0x%08x belongs to another core\n",
                       image, (unsigned)reset_vector);
    }
    return ok ? 0 : -1;
}

static void halt(void)
{
    for (;;) {
        __disable_irq();
        cpu_sleep_until_interrupt();
    }
}

/* Application start as MCUboot's do_boot: stack limits off (the
 * application sets its own), its vector table, its stack, its reset
 * handler. */
static void __attribute__((noreturn)) jump_to(uint32_t vector_table)
{
    const uint32_t *vectors = (const uint32_t *)(uintptr_t)vector_table;
    uint32_t sp = vectors[0], entry = vectors[1];
    __disable_irq();
    __asm volatile("msr msplim, %0\n msr psplim, %0" ::"r"(0u));
    NRF_REG(SCS_BASE, SCB_VTOR) = vector_table;
    __DSB();
    __ISB();
    __asm volatile("msr msp, %0\n"
                   "cpsie i\n"
                   "bx %1\n" ::"r"(sp),
                   "r"(entry));
    __builtin_unreachable();
}

int main(void)
{
    console_init();
    struct boot_config cfg = {0};
    cfg.mode = boot_default_mode();
    cfg.image_count = BOOT_IMAGE_NUMBER;
    cfg.keys = bootloader_keys;
    cfg.key_count = bootloader_key_count;
    cfg.images[0].primary = &g_primary_0;
    cfg.images[0].secondary = &g_secondary_0;
#if BOOT_IMAGE_NUMBER > 1
    cfg.images[1].primary = &g_primary_1;
    cfg.images[1].secondary = &g_secondary_1;
#endif
    cfg.progress_hook = log_progress;
    cfg.image_check_hook = check_image_core;
    console_printf("mcuboot: start (%s, %u image(s))\n", mode_name(cfg.mode),
                   (unsigned)cfg.image_count);
    if (qspi_flash_init() != 0) {
        console_puts("mcuboot: error: external flash not ready\n");
        halt();
    }
#if defined(CONFIG_PCD_APP)
    net_core_update_init(&cfg);
#endif
    struct boot_rsp rsp;
    int rc = boot_go(&cfg, &rsp);
    qspi_flash_uninit();
#if defined(CONFIG_PCD_APP)
    net_core_update_uninit();
#endif
    if (rc != 0) {
        console_printf("mcuboot: error: no bootable image (rc %d)\n", rc);
        halt();
    }
    uint32_t vector_table = (uint32_t)(uintptr_t)rsp.fa->fa_ctx + rsp.fa->fa_off + rsp.hdr.ih_hdr_size;
    print_version("booting image 0", &rsp.hdr);
    console_printf("mcuboot: jumping to 0x%08x\n", (unsigned)vector_table);
    jump_to(vector_table);
}
