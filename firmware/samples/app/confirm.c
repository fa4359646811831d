/* Confirms the running image (MCUboot's boot_set_confirmed): image_ok in
 * the primary slot's trailer, written through the NVMC with bootutil's own
 * trailer code so the bootloader and the application agree on the format. */
#include "confirm.h"

#include "bootutil/bootutil_public.h"
#include "flash_port.h"
#include "hal/console.h"
#include "hal/nrf53.h"
#include "pm_config.h"

void app_confirm_image(void)
{
    static const struct flash_area primary = {
        &nvmc_flash_ops, (void *)NRF_FLASH_BASE, PM_MCUBOOT_PRIMARY_ADDRESS,
        PM_MCUBOOT_PRIMARY_SIZE, NRF_FLASH_PAGE_SIZE, 4, 0xff, 1};
    struct boot_swap_state state;
    if (boot_read_swap_state(&primary, &state) != 0) {
        console_puts("app: error: cannot read the image trailer\n");
        return;
    }
    if (state.magic == BOOT_MAGIC_GOOD && state.image_ok == BOOT_FLAG_UNSET) {
        int rc = boot_set_confirmed(&primary);
        console_puts(rc == 0 ? "app: image confirmed\n" : "app: error: confirming failed\n");
    } else {
        console_puts("app: image already permanent\n");
    }
}
