/* MCUboot image format: 32-byte header, body, protected and unprotected TLV
 * areas (reference dfu-pcd-mcuboot-pm.md §2.1-2.2). All fields little-endian. */
#ifndef BOOTUTIL_IMAGE_H
#define BOOTUTIL_IMAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "bootutil/errors.h"
#include "bootutil/flash_area.h"

#ifdef __cplusplus
extern "C" {
#endif

#define IMAGE_MAGIC 0x96f3b83du
#define IMAGE_MAGIC_V1 0x96f3b83cu
#define IMAGE_HEADER_SIZE 32

#define IMAGE_F_PIC 0x00000001u
#define IMAGE_F_ENCRYPTED_AES128 0x00000004u
#define IMAGE_F_ENCRYPTED_AES256 0x00000008u
#define IMAGE_F_NON_BOOTABLE 0x00000010u
#define IMAGE_F_RAM_LOAD 0x00000020u
#define IMAGE_F_ROM_FIXED 0x00000100u
#define IMAGE_F_COMPRESSED_LZMA1 0x00000200u
#define IMAGE_F_COMPRESSED_LZMA2 0x00000400u
#define IMAGE_F_ARM_THUMB 0x00000800u

#define IMAGE_TLV_INFO_MAGIC 0x6907
#define IMAGE_TLV_PROT_INFO_MAGIC 0x6908
#define IMAGE_TLV_INFO_SIZE 4

#define IMAGE_TLV_KEYHASH 0x01
#define IMAGE_TLV_PUBKEY 0x02
#define IMAGE_TLV_SHA256 0x10
#define IMAGE_TLV_RSA2048_PSS 0x20
#define IMAGE_TLV_ECDSA_SIG 0x22
#define IMAGE_TLV_RSA3072_PSS 0x23
#define IMAGE_TLV_ED25519 0x24
#define IMAGE_TLV_DEPENDENCY 0x40
#define IMAGE_TLV_SEC_CNT 0x50
#define IMAGE_TLV_ANY 0xffff

#define IMAGE_DEPENDENCY_SIZE 12

struct image_version {
    uint8_t iv_major;
    uint8_t iv_minor;
    uint16_t iv_revision;
    uint32_t iv_build_num;
};

struct image_header {
    uint32_t ih_magic;
    uint32_t ih_load_addr;
    uint16_t ih_hdr_size;
    uint16_t ih_protect_tlv_size; /* includes its 4-byte info; 0 if none */
    uint32_t ih_img_size;         /* body, header excluded */
    uint32_t ih_flags;
    struct image_version ih_ver;
};

struct image_dependency {
    uint8_t image_id;
    struct image_version min_version;
};

/* Decodes 32 header bytes without judging them. */
void boot_image_decode_header(const uint8_t raw[IMAGE_HEADER_SIZE], struct image_header *hdr);

/* Reads the header at the start of fa and checks it is usable: magic, header
 * size >= 32, header + body inside the area. 0 or BOOT_EFLASH/BOOT_EBADIMAGE. */
int boot_image_read_header(const struct flash_area *fa, struct image_header *hdr);

/* Walks TLVs of one kind of area. Every entry is bounds-checked against its
 * area and the area against the flash area, so a bad length is an error and
 * never a read past the end. */
struct image_tlv_iter {
    const struct flash_area *fa;
    uint16_t type;     /* wanted type or IMAGE_TLV_ANY */
    bool protected_only;
    uint32_t prot_end; /* end of the protected area (== unprotected info offset) */
    uint32_t tlv_off;  /* next entry */
    uint32_t tlv_end;  /* end of the unprotected area */
};

/* 0, or BOOT_EBADIMAGE for a malformed info header, BOOT_EFLASH for a read error.
 * protected_only selects the protected area, else the unprotected one. */
int bootutil_tlv_iter_begin(struct image_tlv_iter *it, const struct image_header *hdr,
                            const struct flash_area *fa, uint16_t type, bool protected_only);

/* 0 with *off (of the value), *len and *type of the next matching entry;
 * 1 at the end; BOOT_EBADIMAGE / BOOT_EFLASH on error. */
int bootutil_tlv_iter_next(struct image_tlv_iter *it, uint32_t *off, uint16_t *len,
                           uint16_t *type);

/* Header + body + both TLV areas: the bytes an upgrade must move. */
int boot_image_total_size(const struct flash_area *fa, const struct image_header *hdr,
                          uint32_t *size);

/* A public key the bootloader trusts: DER SubjectPublicKeyInfo for ECDSA,
 * DER PKCS#1 RSAPublicKey for RSA, exactly the bytes imgtool hashes into
 * the KEYHASH TLV. */
struct bootutil_key {
    const uint8_t *key;
    uint32_t len;
};

/* Checks the image in fa: the SHA-256 TLV must match header + body +
 * protected TLVs; when key_count > 0, a KEYHASH naming one of the keys must
 * precede a signature TLV that verifies with that key. out_hash (may be NULL)
 * receives the computed hash. 0 if the image is good, else BOOT_EBADIMAGE or
 * BOOT_EFLASH. */
int bootutil_img_validate(const struct flash_area *fa, const struct image_header *hdr,
                          const struct bootutil_key *keys, unsigned key_count,
                          uint8_t out_hash[32]);

/* Reads the dependency TLVs (protected area) into deps, at most max entries.
 * Returns the count (>= 0) or -BOOT_EBADIMAGE / -BOOT_EFLASH. */
int bootutil_read_dependencies(const struct flash_area *fa, const struct image_header *hdr,
                               struct image_dependency *deps, int max);

/* <0, 0, >0 as a <, ==, > b (major, minor, revision, then build number). */
int boot_version_cmp(const struct image_version *a, const struct image_version *b);

#ifdef __cplusplus
}
#endif

#endif
