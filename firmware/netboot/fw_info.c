#include "fw_info.h"

#include <stddef.h>
#include <string.h>

#include "bootutil/sha256.h"

static const uint32_t info_offsets[] = {0x0, 0x200, 0x400, 0x800, 0x1000};

const struct fw_info *fw_info_find(const uint8_t *image, uint32_t avail)
{
    static const uint32_t magic[3] = {FW_INFO_MAGIC0, FW_INFO_MAGIC1, FW_INFO_MAGIC2};
    for (size_t i = 0; i < sizeof(info_offsets) / sizeof(info_offsets[0]); i++) {
        uint32_t off = info_offsets[i];
        if (off > avail || avail - off < sizeof(struct fw_info)) {
            break;
        }
        if (memcmp(image + off, magic, sizeof(magic)) == 0) {
            return (const struct fw_info *)(const void *)(image + off);
        }
    }
    return NULL;
}

static int inside(uint32_t address, uint32_t start, uint32_t size)
{
    return address >= start && address - start < size;
}

static uint32_t read_word(const uint8_t *p)
{
    uint32_t word;
    memcpy(&word, p, sizeof(word));
    return word;
}

static enum fw_verdict check_entry(const uint8_t *src, const struct fw_info *info)
{
    if (!inside(info->boot_address, info->address, info->size)) {
        return FW_BAD_ENTRY;
    }
    uint32_t vectors = info->boot_address - info->address;
    if (info->size - vectors < 8) {
        return FW_BAD_ENTRY;
    }
    uint32_t reset = read_word(src + vectors + 4) & ~1u; /* Thumb bit */
    return inside(reset, info->address, info->size) ? FW_OK : FW_BAD_ENTRY;
}

static enum fw_verdict check_hash(const uint8_t *src, uint32_t avail, const struct fw_info *info)
{
    uint32_t off = (info->size + 3u) & ~3u; /* "within 4 bytes after" the firmware */
    if (off > avail || avail - off < sizeof(struct fw_validation_info)) {
        return FW_NO_VALIDATION;
    }
    struct fw_validation_info v;
    memcpy(&v, src + off, sizeof(v));
    if (v.magic[0] != VALIDATION_INFO_MAGIC0 || v.magic[1] != VALIDATION_INFO_MAGIC1 ||
        v.magic[2] != VALIDATION_INFO_MAGIC2 || v.address != info->address) {
        return FW_NO_VALIDATION;
    }
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256(src, info->size, digest);
    return memcmp(digest, v.hash, sizeof(digest)) == 0 ? FW_OK : FW_BAD_HASH;
}

enum fw_verdict fw_validate(const uint8_t *src, uint32_t avail, uint32_t dst, uint32_t max_size)
{
    const struct fw_info *info = fw_info_find(src, avail);
    if (info == NULL) {
        return FW_NO_INFO;
    }
    if (info->address != dst) {
        return FW_WRONG_ADDRESS;
    }
    if (info->valid != FW_INFO_VALID_VAL) {
        return FW_NOT_VALID;
    }
    uint32_t info_end = (uint32_t)((const uint8_t *)info - src) + (uint32_t)sizeof(*info);
    if (info->size > max_size || info->size > avail || info_end > info->size) {
        return FW_TOO_LARGE;
    }
    enum fw_verdict verdict = check_entry(src, info);
    return verdict != FW_OK ? verdict : check_hash(src, avail, info);
}

const char *fw_verdict_text(enum fw_verdict verdict)
{
    static const char *const text[] = {
        "valid", "no fw_info", "linked for another address", "not marked valid",
        "larger than its slot", "entry point outside the firmware", "no validation info",
        "hash mismatch"};
    return (unsigned)verdict < sizeof(text) / sizeof(text[0]) ? text[verdict] : "unknown";
}
