/* nRF5340 memory map and peripheral base addresses for both cores.
 * The build defines NRF53_CORE_app or NRF53_CORE_net (add_firmware does).
 * The app core uses the secure aliases (0x5xxxxxxx) because the samples and
 * bootloaders run secure; the net core has one (non-secure) map at 0x41xxxxxx.
 * Source: nrfx MDK nrf5340_application.h and nrf5340_network.h (base
 * addresses); the nRF5340 Product Specification. */
#ifndef HAL_NRF53_H
#define HAL_NRF53_H

#include "hal/reg.h"

#if !defined(NRF53_CORE_app) && !defined(NRF53_CORE_net)
#error "define NRF53_CORE_app or NRF53_CORE_net"
#endif

/* App RAM: the same addresses from both cores (the net core reaches it
 * through the app's EXTRAM port once SPU.EXTDOMAIN[0] makes it secure). */
#define NRF_APP_RAM_BASE 0x20000000u
#define NRF_APP_RAM_SIZE 0x00080000u

/* Shared-memory area for app <-> net messages (Zephyr's sram0_shared,
 * NCS rpmsg_nrf53_sram): app->net half first, net->app half second. */
#define NRF_SHARED_RAM_BASE 0x20070000u
#define NRF_SHARED_RAM_SIZE 0x00010000u
#define NRF_SHARED_RAM_APP_TO_NET (NRF_SHARED_RAM_BASE)
#define NRF_SHARED_RAM_NET_TO_APP (NRF_SHARED_RAM_BASE + NRF_SHARED_RAM_SIZE / 2)

/* Console TXD pins on the nRF5340 DK: app UART0 on P0.20, net UART0 on
 * P1.01 (the app core must hand that pin to the net core with
 * PIN_CNF.MCUSEL = NetworkMCU before the net console can drive it). */
#define NRF_APP_CONSOLE_TXD_PORT 0u
#define NRF_APP_CONSOLE_TXD_PIN 20u
#define NRF_NET_CONSOLE_TXD_PORT 1u
#define NRF_NET_CONSOLE_TXD_PIN 1u

/* Application-core MUTEX, reached by the net core at the same address. */
#define NRF_MUTEX_BASE 0x50030000u

#if defined(NRF53_CORE_app)

#define NRF_FLASH_BASE 0x00000000u
#define NRF_FLASH_SIZE 0x00100000u
#define NRF_FLASH_PAGE_SIZE 0x1000u
#define NRF_RAM_BASE NRF_APP_RAM_BASE
#define NRF_RAM_SIZE NRF_APP_RAM_SIZE
#define NRF_FICR_BASE 0x00FF0000u
#define NRF_UICR_BASE 0x00FF8000u

#define NRF_SPU_BASE 0x50003000u
#define NRF_CLOCK_BASE 0x50005000u /* CLOCK, POWER and RESET share this block */
#define NRF_POWER_BASE 0x50005000u
#define NRF_RESET_BASE 0x50005000u
#define NRF_UARTE0_BASE 0x50008000u
#define NRF_UARTE1_BASE 0x50009000u
#define NRF_RTC0_BASE 0x50014000u
#define NRF_RTC1_BASE 0x50015000u
#define NRF_IPC_BASE 0x5002A000u
#define NRF_NVMC_BASE 0x50039000u
#define NRF_P0_BASE 0x50842500u
#define NRF_P1_BASE 0x50842800u

#define CONSOLE_TXD_PORT NRF_APP_CONSOLE_TXD_PORT
#define CONSOLE_TXD_PIN NRF_APP_CONSOLE_TXD_PIN

#else /* NRF53_CORE_net */

#define NRF_FLASH_BASE 0x01000000u
#define NRF_FLASH_SIZE 0x00040000u
#define NRF_FLASH_PAGE_SIZE 0x800u
#define NRF_RAM_BASE 0x21000000u
#define NRF_RAM_SIZE 0x00010000u
#define NRF_FICR_BASE 0x01FF0000u
#define NRF_UICR_BASE 0x01FF8000u

#define NRF_CLOCK_BASE 0x41005000u
#define NRF_POWER_BASE 0x41005000u
#define NRF_RESET_BASE 0x41005000u
#define NRF_RTC0_BASE 0x41011000u
#define NRF_IPC_BASE 0x41012000u
#define NRF_UARTE0_BASE 0x41013000u
#define NRF_RTC1_BASE 0x41016000u
#define NRF_NVMC_BASE 0x41080000u
#define NRF_P0_BASE 0x418C0500u
#define NRF_P1_BASE 0x418C0800u

#define CONSOLE_TXD_PORT NRF_NET_CONSOLE_TXD_PORT
#define CONSOLE_TXD_PIN NRF_NET_CONSOLE_TXD_PIN

#endif

#endif
