/* RSASSA-PSS verification (RFC 8017 §8.1.2, EMSA-PSS with SHA-256, MGF1-SHA256
 * and a 32-byte salt, as imgtool signs) for 2048- and 3072-bit keys. */
#ifndef BOOTUTIL_RSA_PSS_H
#define BOOTUTIL_RSA_PSS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* key: DER PKCS#1 RSAPublicKey; sig: exactly the modulus length.
 * 0 if sig is a valid signature of the digest hash, else -1. */
int rsa_pss_verify(const uint8_t *key, size_t key_len, const uint8_t hash[32], const uint8_t *sig,
                   size_t sig_len);

#ifdef __cplusplus
}
#endif

#endif
