/* Image header decoding and TLV area iteration (reference §2.1-2.2). */
#include "bootutil/image.h"

static uint16_t get_le16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }

static uint32_t get_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

void boot_image_decode_header(const uint8_t raw[IMAGE_HEADER_SIZE], struct image_header *hdr)
{
    hdr->ih_magic = get_le32(raw + 0);
    hdr->ih_load_addr = get_le32(raw + 4);
    hdr->ih_hdr_size = get_le16(raw + 8);
    hdr->ih_protect_tlv_size = get_le16(raw + 10);
    hdr->ih_img_size = get_le32(raw + 12);
    hdr->ih_flags = get_le32(raw + 16);
    hdr->ih_ver.iv_major = raw[20];
    hdr->ih_ver.iv_minor = raw[21];
    hdr->ih_ver.iv_revision = get_le16(raw + 22);
    hdr->ih_ver.iv_build_num = get_le32(raw + 24);
}

int boot_image_read_header(const struct flash_area *fa, struct image_header *hdr)
{
    uint8_t raw[IMAGE_HEADER_SIZE];
    if (flash_area_read(fa, 0, raw, sizeof(raw)) != 0) {
        return BOOT_EFLASH;
    }
    boot_image_decode_header(raw, hdr);
    if (hdr->ih_magic != IMAGE_MAGIC || hdr->ih_hdr_size < IMAGE_HEADER_SIZE) {
        return BOOT_EBADIMAGE;
    }
    uint32_t size = fa->fa_size;
    if (hdr->ih_hdr_size > size || hdr->ih_img_size > size - hdr->ih_hdr_size) {
        return BOOT_EBADIMAGE;
    }
    return 0;
}

/* Reads a TLV info header at off and checks magic and that it fits. */
static int read_tlv_info(const struct flash_area *fa, uint32_t off, uint16_t magic,
                         uint16_t *total)
{
    uint8_t raw[IMAGE_TLV_INFO_SIZE];
    if (off > fa->fa_size || fa->fa_size - off < IMAGE_TLV_INFO_SIZE) {
        return BOOT_EBADIMAGE;
    }
    if (flash_area_read(fa, off, raw, sizeof(raw)) != 0) {
        return BOOT_EFLASH;
    }
    *total = get_le16(raw + 2);
    if (get_le16(raw) != magic || *total < IMAGE_TLV_INFO_SIZE || *total > fa->fa_size - off) {
        return BOOT_EBADIMAGE;
    }
    return 0;
}

int bootutil_tlv_iter_begin(struct image_tlv_iter *it, const struct image_header *hdr,
                            const struct flash_area *fa, uint16_t type, bool protected_only)
{
    uint32_t off = (uint32_t)hdr->ih_hdr_size + hdr->ih_img_size;
    uint16_t total;
    int rc;
    if (hdr->ih_protect_tlv_size != 0) {
        rc = read_tlv_info(fa, off, IMAGE_TLV_PROT_INFO_MAGIC, &total);
        if (rc != 0) {
            return rc;
        }
        if (total != hdr->ih_protect_tlv_size) {
            return BOOT_EBADIMAGE;
        }
    }
    uint32_t prot_end = off + hdr->ih_protect_tlv_size;
    rc = read_tlv_info(fa, prot_end, IMAGE_TLV_INFO_MAGIC, &total);
    if (rc != 0) {
        return rc;
    }
    it->fa = fa;
    it->type = type;
    it->protected_only = protected_only;
    it->prot_end = prot_end;
    if (protected_only) {
        it->tlv_off = hdr->ih_protect_tlv_size != 0 ? off + IMAGE_TLV_INFO_SIZE : prot_end;
        it->tlv_end = prot_end;
    } else {
        it->tlv_off = prot_end + IMAGE_TLV_INFO_SIZE;
        it->tlv_end = prot_end + total;
    }
    return 0;
}

int bootutil_tlv_iter_next(struct image_tlv_iter *it, uint32_t *off, uint16_t *len,
                           uint16_t *type)
{
    while (it->tlv_off < it->tlv_end) {
        uint8_t raw[4];
        if (it->tlv_end - it->tlv_off < sizeof(raw)) {
            return BOOT_EBADIMAGE;
        }
        if (flash_area_read(it->fa, it->tlv_off, raw, sizeof(raw)) != 0) {
            return BOOT_EFLASH;
        }
        uint16_t entry_type = get_le16(raw);
        uint16_t entry_len = get_le16(raw + 2);
        uint32_t value_off = it->tlv_off + sizeof(raw);
        if (entry_len > it->tlv_end - value_off) {
            return BOOT_EBADIMAGE;
        }
        it->tlv_off = value_off + entry_len;
        if (it->type == IMAGE_TLV_ANY || it->type == entry_type) {
            *off = value_off;
            *len = entry_len;
            *type = entry_type;
            return 0;
        }
    }
    return 1;
}

int boot_image_total_size(const struct flash_area *fa, const struct image_header *hdr,
                          uint32_t *size)
{
    struct image_tlv_iter it;
    int rc = bootutil_tlv_iter_begin(&it, hdr, fa, IMAGE_TLV_ANY, false);
    if (rc != 0) {
        return rc;
    }
    *size = it.tlv_end;
    return 0;
}

int bootutil_read_dependencies(const struct flash_area *fa, const struct image_header *hdr,
                               struct image_dependency *deps, int max)
{
    struct image_tlv_iter it;
    int rc = bootutil_tlv_iter_begin(&it, hdr, fa, IMAGE_TLV_DEPENDENCY, true);
    if (rc != 0) {
        return -rc;
    }
    int count = 0;
    uint32_t off;
    uint16_t len, type;
    while ((rc = bootutil_tlv_iter_next(&it, &off, &len, &type)) == 0) {
        uint8_t raw[IMAGE_DEPENDENCY_SIZE];
        if (len != IMAGE_DEPENDENCY_SIZE || count == max) {
            return -BOOT_EBADIMAGE;
        }
        if (flash_area_read(fa, off, raw, sizeof(raw)) != 0) {
            return -BOOT_EFLASH;
        }
        deps[count].image_id = raw[0];
        deps[count].min_version.iv_major = raw[4];
        deps[count].min_version.iv_minor = raw[5];
        deps[count].min_version.iv_revision = get_le16(raw + 6);
        deps[count].min_version.iv_build_num = get_le32(raw + 8);
        count++;
    }
    return rc == 1 ? count : -rc;
}

int boot_version_cmp(const struct image_version *a, const struct image_version *b)
{
    if (a->iv_major != b->iv_major) {
        return a->iv_major < b->iv_major ? -1 : 1;
    }
    if (a->iv_minor != b->iv_minor) {
        return a->iv_minor < b->iv_minor ? -1 : 1;
    }
    if (a->iv_revision != b->iv_revision) {
        return a->iv_revision < b->iv_revision ? -1 : 1;
    }
    if (a->iv_build_num != b->iv_build_num) {
        return a->iv_build_num < b->iv_build_num ? -1 : 1;
    }
    return 0;
}
