/* nrf53sim's network-core bootloader, b0n-like (reference §1.3): locks
 * itself with the NVMC ACL; on a PCD COPY command validates the image in
 * application RAM, copies it into network flash at the command's offset
 * (2 KB pages erased on the way), validates the copy and answers DONE, or
 * FAIL at the first problem, then waits to be forced off. Without a
 * command it validates the network application and boots it. */
#include <stdint.h>

#include "bootutil/pcd.h"
#include "fw_info.h"
#include "hal/console.h"
#include "hal/cortex_m.h"
#include "hal/nvmc.h"
#include "pm_config.h"

#define ACL_ADDR(n) (0x800u + 0x10u * (n))
#define ACL_SIZE(n) (0x804u + 0x10u * (n))
#define ACL_PERM(n) (0x808u + 0x10u * (n))
#define ACL_PERM_WRITE_BLOCK (1u << 1)

#define PCD_CMD ((volatile struct pcd_cmd *)PM_PCD_SRAM_ADDRESS)

static void protect_self(void)
{
    NRF_REG(NRF_NVMC_BASE, ACL_ADDR(0)) = CPUNET_PM_B0N_ADDRESS;
    NRF_REG(NRF_NVMC_BASE, ACL_SIZE(0)) = CPUNET_PM_B0N_CONTAINER_SIZE;
    NRF_REG(NRF_NVMC_BASE, ACL_PERM(0)) = ACL_PERM_WRITE_BLOCK;
}

static void __attribute__((noreturn)) wait_forever(void)
{
    for (;;) {
        __disable_irq();
        cpu_sleep_until_interrupt();
    }
}

/* Stream-flash style: each page is erased when the copy reaches it. */
static void copy_to_flash(uint32_t dst, const uint8_t *src, uint32_t len)
{
    for (uint32_t done = 0; done < len; done += 4) {
        uint32_t address = dst + done;
        if (address % NRF_FLASH_PAGE_SIZE == 0) {
            nvmc_erase_page(address);
        }
        uint32_t word = 0xffffffffu;
        for (uint32_t i = 0; i < 4 && done + i < len; i++) {
            word &= ~(0xffu << (8 * i)) | ((uint32_t)src[done + i] << (8 * i));
        }
        nvmc_write_word(address, word);
    }
}

static uint32_t app_slot_size(void)
{
    return CPUNET_PM_APP_SIZE;
}

static void fail(const char *what, enum fw_verdict verdict)
{
    console_printf("b0n: %s: %s\n", what, fw_verdict_text(verdict));
    PCD_CMD->magic = PCD_MAGIC_FAIL;
    wait_forever();
}

static void __attribute__((noreturn)) run_copy(void)
{
    const uint8_t *src = (const uint8_t *)(uintptr_t)PCD_CMD->data;
    uint32_t len = PCD_CMD->len;
    uint32_t dst = NRF_FLASH_BASE + PCD_CMD->offset;
    console_printf("b0n: PCD copy of %u bytes from 0x%08x to 0x%08x\n", (unsigned)len,
                   (unsigned)(uintptr_t)src, (unsigned)dst);
    if (dst != CPUNET_PM_APP_ADDRESS || len > app_slot_size()) {
        fail("refused", FW_TOO_LARGE);
    }
    enum fw_verdict verdict = fw_validate(src, len, dst, app_slot_size());
    if (verdict != FW_OK) {
        fail("source invalid", verdict);
    }
    copy_to_flash(dst, src, len);
    console_puts("b0n: copied, validating\n");
    verdict = fw_validate((const uint8_t *)(uintptr_t)dst, len, dst, app_slot_size());
    if (verdict != FW_OK) {
        fail("copy invalid", verdict);
    }
    PCD_CMD->magic = PCD_MAGIC_DONE;
    console_puts("b0n: PCD done\n");
    wait_forever();
}

static void __attribute__((noreturn)) boot(const struct fw_info *info)
{
    const uint32_t *vectors = (const uint32_t *)(uintptr_t)info->boot_address;
    console_printf("b0n: booting network application v%u at 0x%08x\n", (unsigned)info->version,
                   (unsigned)info->boot_address);
    __disable_irq();
    __asm volatile("msr msplim, %0\n msr psplim, %0" ::"r"(0u));
    NRF_REG(SCS_BASE, SCB_VTOR) = info->boot_address;
    __DSB();
    __ISB();
    __asm volatile("msr msp, %0\n"
                   "cpsie i\n"
                   "bx %1\n" ::"r"(vectors[0]),
                   "r"(vectors[1]));
    __builtin_unreachable();
}

int main(void)
{
    console_init();
    protect_self();
    if (pcd_status_of(PCD_CMD->magic) == PCD_STATUS_COPY) {
        run_copy();
    }
    const uint8_t *app = (const uint8_t *)(uintptr_t)CPUNET_PM_APP_ADDRESS;
    enum fw_verdict verdict = fw_validate(app, app_slot_size(), CPUNET_PM_APP_ADDRESS,
                                          app_slot_size());
    if (verdict != FW_OK) {
        console_printf("b0n: no bootable network application: %s\n", fw_verdict_text(verdict));
        wait_forever();
    }
    boot(fw_info_find(app, app_slot_size()));
}
