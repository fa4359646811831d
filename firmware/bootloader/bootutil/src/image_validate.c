/* Image integrity and authenticity (reference §2.2 "Integrity check"): the
 * SHA-256 TLV covers header + body + protected TLVs; a signature TLV signs
 * that digest and must follow a KEYHASH naming a trusted key. */
#include <string.h>

#include "bootutil/config.h"
#include "bootutil/ecdsa_p256.h"
#include "bootutil/image.h"
#include "bootutil/sha256.h"
#if defined(CONFIG_BOOT_SIGNATURE_TYPE_RSA)
#include "bootutil/rsa_pss.h"
#endif

#define MAX_SIGNATURE_SIZE 512 /* RSA-4096; DER ECDSA is at most 72 */

static int hash_image(const struct flash_area *fa, const struct image_header *hdr,
                      uint8_t digest[SHA256_DIGEST_SIZE])
{
    uint32_t end = (uint32_t)hdr->ih_hdr_size + hdr->ih_img_size + hdr->ih_protect_tlv_size;
    if (end > fa->fa_size) {
        return BOOT_EBADIMAGE;
    }
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    uint8_t buf[256];
    for (uint32_t off = 0; off < end;) {
        uint32_t chunk = end - off < sizeof(buf) ? end - off : (uint32_t)sizeof(buf);
        if (flash_area_read(fa, off, buf, chunk) != 0) {
            return BOOT_EFLASH;
        }
        sha256_update(&ctx, buf, chunk);
        off += chunk;
    }
    sha256_finish(&ctx, digest);
    return 0;
}

/* Index of the key whose SHA-256 equals keyhash, or -1. */
static int find_key(const uint8_t keyhash[SHA256_DIGEST_SIZE], const struct bootutil_key *keys,
                    unsigned key_count)
{
    for (unsigned i = 0; i < key_count; i++) {
        uint8_t digest[SHA256_DIGEST_SIZE];
        sha256(keys[i].key, keys[i].len, digest);
        if (memcmp(digest, keyhash, sizeof(digest)) == 0) {
            return (int)i;
        }
    }
    return -1;
}

static bool signature_ok(uint16_t type, const uint8_t *sig, uint16_t len,
                         const struct bootutil_key *key, const uint8_t digest[32])
{
#if defined(CONFIG_BOOT_SIGNATURE_TYPE_ECDSA_P256)
    if (type == IMAGE_TLV_ECDSA_SIG) {
        uint8_t pub[64], r[32], s[32];
        return p256_parse_spki(key->key, key->len, pub) == 0 &&
               p256_parse_der_signature(sig, len, r, s) == 0 &&
               p256_ecdsa_verify(pub, digest, r, s) == 0;
    }
#endif
#if defined(CONFIG_BOOT_SIGNATURE_TYPE_RSA)
    if (type == IMAGE_TLV_RSA2048_PSS || type == IMAGE_TLV_RSA3072_PSS) {
        /* the TLV type names the key size; the signature is exactly that long */
        size_t want = type == IMAGE_TLV_RSA2048_PSS ? 256 : 384;
        return len == want && rsa_pss_verify(key->key, key->len, digest, sig, len) == 0;
    }
#endif
    (void)type, (void)sig, (void)len, (void)key, (void)digest;
    return false;
}

static bool is_signature_type(uint16_t type)
{
    return type == IMAGE_TLV_ECDSA_SIG || type == IMAGE_TLV_RSA2048_PSS ||
           type == IMAGE_TLV_RSA3072_PSS || type == IMAGE_TLV_ED25519;
}

int bootutil_img_validate(const struct flash_area *fa, const struct image_header *hdr,
                          const struct bootutil_key *keys, unsigned key_count,
                          uint8_t out_hash[32])
{
    uint8_t digest[SHA256_DIGEST_SIZE];
    int rc = hash_image(fa, hdr, digest);
    if (rc != 0) {
        return rc;
    }
    if (out_hash != NULL) {
        memcpy(out_hash, digest, sizeof(digest));
    }

    struct image_tlv_iter it;
    rc = bootutil_tlv_iter_begin(&it, hdr, fa, IMAGE_TLV_ANY, false);
    if (rc != 0) {
        return rc;
    }
    bool hash_ok = false, signed_ok = false;
    int key = -1;
    uint32_t off;
    uint16_t len, type;
    uint8_t value[MAX_SIGNATURE_SIZE];
    while ((rc = bootutil_tlv_iter_next(&it, &off, &len, &type)) == 0) {
        if (type != IMAGE_TLV_SHA256 && type != IMAGE_TLV_KEYHASH && !is_signature_type(type)) {
            continue;
        }
        if (len > sizeof(value)) {
            return BOOT_EBADIMAGE;
        }
        if (flash_area_read(fa, off, value, len) != 0) {
            return BOOT_EFLASH;
        }
        if (type == IMAGE_TLV_SHA256) {
            if (len != SHA256_DIGEST_SIZE || memcmp(value, digest, len) != 0) {
                return BOOT_EBADIMAGE;
            }
            hash_ok = true;
        } else if (type == IMAGE_TLV_KEYHASH) {
            key = len == SHA256_DIGEST_SIZE ? find_key(value, keys, key_count) : -1;
        } else if (key >= 0 && hash_ok) {
            signed_ok = signed_ok || signature_ok(type, value, len, &keys[key], digest);
        }
    }
    if (rc != 1) {
        return rc;
    }
    if (!hash_ok || (key_count > 0 && !signed_ok)) {
        return BOOT_EBADIMAGE;
    }
    return 0;
}
