/* NCS secure-boot metadata of a network-core application (reference
 * §1.3-1.4), as nrf53sim defines it: a fw_info block inside the image
 * (at offset 0, 0x200, 0x400, 0x800 or 0x1000 from its start) and a
 * validation info block appended after `size` bytes of firmware, holding
 * the SHA-256 of those bytes. The reference names the fields but not every
 * constant; the magic words other than SB_VALIDATION_INFO_MAGIC and the
 * valid value are nrf53sim's (docs/dfu.md). Pure logic, host-tested. */
#ifndef NETBOOT_FW_INFO_H
#define NETBOOT_FW_INFO_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FW_INFO_MAGIC0 0x281ee6deu
#define FW_INFO_MAGIC1 0x8fcebb4cu
#define FW_INFO_MAGIC2 0x00005300u /* nrf53sim's compatibility word */
#define FW_INFO_VALID_VAL 0x9102ffffu
#define VALIDATION_INFO_MAGIC0 0x86518483u
#define VALIDATION_INFO_MAGIC1 0x8fcebb4cu
#define VALIDATION_INFO_MAGIC2 0x00005300u

struct fw_info {
    uint32_t magic[3];
    uint32_t size;         /* firmware bytes from its start, without the validation info */
    uint32_t version;      /* monotonic */
    uint32_t address;      /* where the firmware runs (its start) */
    uint32_t boot_address; /* its vector table */
    uint32_t valid;        /* FW_INFO_VALID_VAL */
};

struct fw_validation_info {
    uint32_t magic[3];
    uint32_t address; /* == fw_info.address */
    uint8_t hash[32]; /* SHA-256 of the firmware's `size` bytes */
    uint8_t public_key[64];
    uint8_t signature[64];
};

enum fw_verdict {
    FW_OK = 0,
    FW_NO_INFO,        /* no fw_info at any allowed offset */
    FW_WRONG_ADDRESS,  /* linked for another place */
    FW_NOT_VALID,      /* valid word cleared */
    FW_TOO_LARGE,      /* does not fit the slot */
    FW_BAD_ENTRY,      /* boot address or reset vector outside the firmware */
    FW_NO_VALIDATION,  /* validation info missing or for another address */
    FW_BAD_HASH,
};

/* The fw_info in the `avail` bytes at image, or NULL. */
const struct fw_info *fw_info_find(const uint8_t *image, uint32_t avail);

/* Validates the firmware stored at src (avail bytes readable there) for
 * running at dst, in a slot of max_size bytes (bl_validate_firmware's
 * checks with SB_VALIDATE_FW_HASH). */
enum fw_verdict fw_validate(const uint8_t *src, uint32_t avail, uint32_t dst, uint32_t max_size);

const char *fw_verdict_text(enum fw_verdict verdict);

#ifdef __cplusplus
}
#endif

#endif
