/* ECDSA verification on NIST P-256 (FIPS 186-4), plus the DER forms imgtool
 * uses: the signature TLV is an ASN.1 SEQUENCE of INTEGER r, s and the key is
 * a SubjectPublicKeyInfo with an uncompressed point. Not constant time: it
 * only handles public data. */
#ifndef BOOTUTIL_ECDSA_P256_H
#define BOOTUTIL_ECDSA_P256_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* 0 if (r, s) is a valid signature of hash by the key pub = X || Y, else -1. */
int p256_ecdsa_verify(const uint8_t pub[64], const uint8_t hash[32], const uint8_t r[32],
                      const uint8_t s[32]);

/* DER SEQUENCE { INTEGER r, INTEGER s } -> 32-byte big-endian r and s. 0 or -1. */
int p256_parse_der_signature(const uint8_t *der, size_t len, uint8_t r[32], uint8_t s[32]);

/* DER SubjectPublicKeyInfo (id-ecPublicKey, prime256v1) -> X || Y. 0 or -1. */
int p256_parse_spki(const uint8_t *der, size_t len, uint8_t pub[64]);

#ifdef __cplusplus
}
#endif

#endif
