/* The MX25R64 on QSPI (reference qspi-mx25r64.md §1, §2, §4), polled:
 * reads through the XIP window, writes by EasyDMA from a word-aligned RAM
 * bounce buffer (WRITESTART; the peripheral splits pages and sends WREN
 * itself), 4 KB sector erases (ERASESTART, then RDSR until WIP clears,
 * since READY only means the erase has started). */
#include <stdint.h>
#include <string.h>

#include "flash_port.h"
#include "hal/nrf53.h"

#define QSPI_BASE 0x5002B000u
#define QSPI(offset) NRF_REG(QSPI_BASE, offset)

enum {
    QSPI_TASKS_ACTIVATE = 0x000,
    QSPI_TASKS_WRITESTART = 0x008,
    QSPI_TASKS_ERASESTART = 0x00C,
    QSPI_TASKS_DEACTIVATE = 0x010,
    QSPI_EVENTS_READY = 0x100,
    QSPI_ENABLE = 0x500,
    QSPI_WRITE_DST = 0x510,
    QSPI_WRITE_SRC = 0x514,
    QSPI_WRITE_CNT = 0x518,
    QSPI_ERASE_PTR = 0x51C,
    QSPI_ERASE_LEN = 0x520,
    QSPI_CINSTRCONF = 0x634,
    QSPI_CINSTRDAT0 = 0x638,
};

#define QSPI_ERASE_LEN_4KB 0u
#define MX25_RDSR 0x05u
#define MX25_SR_WIP 0x01u
/* CINSTRCONF: opcode, LENGTH = 2 (opcode + one response byte), IO2/IO3 high. */
#define CINSTR_RDSR (MX25_RDSR | (2u << 8) | (1u << 12) | (1u << 13))
/* Each poll is a few microseconds of SPI time; 500 ms as Zephyr's timeout. */
#define READY_POLLS 100000u
#define WIP_POLLS 1000000u
#define BOUNCE_WORDS 64u

static uint32_t g_bounce[BOUNCE_WORDS];

static int wait_ready(void)
{
    for (uint32_t i = 0; i < READY_POLLS; i++) {
        if (QSPI(QSPI_EVENTS_READY) != 0) {
            QSPI(QSPI_EVENTS_READY) = 0;
            return 0;
        }
    }
    return -1;
}

static int wait_not_busy(void)
{
    for (uint32_t i = 0; i < WIP_POLLS; i++) {
        QSPI(QSPI_CINSTRCONF) = CINSTR_RDSR;
        if (wait_ready() != 0) {
            return -1;
        }
        if ((QSPI(QSPI_CINSTRDAT0) & MX25_SR_WIP) == 0) {
            return 0;
        }
    }
    return -1;
}

int qspi_flash_init(void)
{
    QSPI(QSPI_ENABLE) = 1;
    QSPI(QSPI_EVENTS_READY) = 0;
    QSPI(QSPI_TASKS_ACTIVATE) = 1;
    return wait_ready();
}

void qspi_flash_uninit(void)
{
    QSPI(QSPI_TASKS_DEACTIVATE) = 1;
    QSPI(QSPI_ENABLE) = 0;
    QSPI(QSPI_EVENTS_READY) = 0;
}

static uint32_t device_offset(const struct flash_area *fa, uint32_t off)
{
    return fa->fa_off + off;
}

static int qspi_read(const struct flash_area *fa, uint32_t off, void *dst, uint32_t len)
{
    memcpy(dst, (const void *)(uintptr_t)(QSPI_XIP_BASE + device_offset(fa, off)), len);
    return 0;
}

static int qspi_write(const struct flash_area *fa, uint32_t off, const void *src, uint32_t len)
{
    const uint8_t *bytes = src;
    for (uint32_t done = 0; done < len;) {
        uint32_t chunk = len - done < sizeof(g_bounce) ? len - done : (uint32_t)sizeof(g_bounce);
        memcpy(g_bounce, bytes + done, chunk);
        QSPI(QSPI_WRITE_DST) = device_offset(fa, off + done);
        QSPI(QSPI_WRITE_SRC) = (uint32_t)(uintptr_t)g_bounce;
        QSPI(QSPI_WRITE_CNT) = chunk;
        QSPI(QSPI_TASKS_WRITESTART) = 1;
        if (wait_ready() != 0) {
            return -1;
        }
        done += chunk;
    }
    return 0;
}

static int qspi_erase(const struct flash_area *fa, uint32_t off, uint32_t len)
{
    for (uint32_t sector = 0; sector < len; sector += fa->fa_sector_size) {
        QSPI(QSPI_ERASE_PTR) = device_offset(fa, off + sector);
        QSPI(QSPI_ERASE_LEN) = QSPI_ERASE_LEN_4KB;
        QSPI(QSPI_TASKS_ERASESTART) = 1;
        if (wait_ready() != 0 || wait_not_busy() != 0) {
            return -1;
        }
    }
    return 0;
}

const struct flash_area_ops qspi_flash_ops = {qspi_read, qspi_write, qspi_erase};
