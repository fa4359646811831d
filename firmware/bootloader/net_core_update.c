/* The PCD transfer after image 1 lands in the RAM slot, with the register
 * layer for bootutil's PCD client. */
#include "net_core_update.h"

#include <string.h>

#include "bootutil/pcd.h"
#include "delay.h"
#include "hal/clock.h"
#include "hal/console.h"
#include "hal/spu.h"
#include "pm_config.h"

#ifndef CONFIG_PCD_POLL_INTERVAL_MS
#define CONFIG_PCD_POLL_INTERVAL_MS 10
#endif
#ifndef CONFIG_PCD_TIMEOUT_MS
#define CONFIG_PCD_TIMEOUT_MS 10000
#endif

static void set_extdomain_secure(void *ctx, bool secure)
{
    (void)ctx;
    NRF_REG(NRF_SPU_BASE, SPU_EXTDOMAIN0_PERM) = secure ? SPU_EXTDOMAIN_PERM_SECATTR : 0u;
}

static void set_network_forceoff(void *ctx, bool hold)
{
    (void)ctx;
    NRF_REG(NRF_RESET_BASE, RESET_NETWORK_FORCEOFF) =
        hold ? RESET_NETWORK_FORCEOFF_HOLD : RESET_NETWORK_FORCEOFF_RELEASE;
}

static void sleep_us(void *ctx, uint32_t us)
{
    (void)ctx;
    delay_us(us);
}

static const struct pcd_ops g_pcd_ops = {set_extdomain_secure, set_network_forceoff, sleep_us};

static const char *pcd_result_text(enum pcd_result result)
{
    switch (result) {
    case PCD_OK:
        return "done";
    case PCD_EFAILED:
        return "failed (network core reported FAIL)";
    case PCD_ETIMEDOUT:
        return "failed (timeout)";
    default:
        return "failed (bad command)";
    }
}

/* A network-core image's reset vector points into network flash. */
static int transfer_to_network_core(void *ctx, unsigned image, const struct flash_area *primary)
{
    (void)ctx;
    if (image != 1) {
        return 0;
    }
    /* As NCS's hook: only the header's magic and the reset vector are
     * looked at; what PCD hands over is whatever the RAM slot holds. */
    struct image_header hdr;
    if (boot_image_read_header(primary, &hdr) != 0) {
        console_puts("mcuboot: network core update: no image in the RAM slot\n");
        return -1;
    }
    uint32_t vtable = (uint32_t)(uintptr_t)primary->fa_ctx + primary->fa_off + hdr.ih_hdr_size;
    uint32_t reset_vector = ((const uint32_t *)(uintptr_t)vtable)[1];
    if (reset_vector <= CPUNET_PM_B0N_ADDRESS) {
        console_puts("mcuboot: image 1 is not a network-core image\n");
        return -1;
    }
    console_printf("mcuboot: network core update: %u bytes from 0x%08x\n",
                   (unsigned)hdr.ih_img_size, (unsigned)vtable);
    struct pcd_client client = {&g_pcd_ops, NULL, (volatile struct pcd_cmd *)PM_PCD_SRAM_ADDRESS,
                                CONFIG_PCD_POLL_INTERVAL_MS * 1000u,
                                CONFIG_PCD_TIMEOUT_MS * 1000u};
    enum pcd_result result =
        pcd_network_core_update(&client, vtable, hdr.ih_img_size, CPUNET_PM_B0N_CONTAINER_SIZE);
    console_printf("mcuboot: network core update %s\n", pcd_result_text(result));
    return result == PCD_OK ? 0 : -1;
}

void net_core_update_init(struct boot_config *cfg)
{
    delay_init();
    memset((void *)RAM_FLASH_BASE, 0xff, PM_MCUBOOT_PRIMARY_1_SIZE);
    cfg->copy_done_hook = transfer_to_network_core;
    cfg->hook_ctx = NULL;
}

void net_core_update_uninit(void)
{
    delay_uninit();
}
