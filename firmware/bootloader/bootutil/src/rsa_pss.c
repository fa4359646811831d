/* RSA public-key operation with Montgomery multiplication over 32-bit limbs
 * (little-endian limb order), then EMSA-PSS decoding. Public data only, so
 * not constant time. */
#include "bootutil/rsa_pss.h"

#include <string.h>

#include "bootutil/sha256.h"

#define RSA_MAX_LIMBS (3072 / 32)
#define PSS_SALT_LEN 32

struct rsa_key {
    uint32_t n[RSA_MAX_LIMBS];
    unsigned limbs;
    uint32_t e;
    size_t mod_bytes;
};

/* Reads a DER tag + length at *p (short and long form up to 2 length bytes). */
static int der_header(const uint8_t **p, const uint8_t *end, uint8_t tag, size_t *len)
{
    if (end - *p < 2 || (*p)[0] != tag) {
        return -1;
    }
    size_t l = (*p)[1];
    const uint8_t *q = *p + 2;
    if (l == 0x81 || l == 0x82) {
        size_t count = l & 0x7f;
        if ((size_t)(end - q) < count) {
            return -1;
        }
        l = 0;
        for (size_t i = 0; i < count; i++) {
            l = l << 8 | *q++;
        }
    } else if (l >= 0x80) {
        return -1;
    }
    if ((size_t)(end - q) < l) {
        return -1;
    }
    *p = q;
    *len = l;
    return 0;
}

static int parse_key(const uint8_t *der, size_t der_len, struct rsa_key *key)
{
    const uint8_t *p = der, *end = der + der_len;
    size_t len;
    if (der_header(&p, end, 0x30, &len) != 0 || p + len != end ||
        der_header(&p, end, 0x02, &len) != 0) {
        return -1;
    }
    const uint8_t *n = p;
    p += len;
    while (len > 0 && *n == 0) { /* DER sign byte */
        n++;
        len--;
    }
    if (len != 256 && len != 384) {
        return -1;
    }
    key->mod_bytes = len;
    key->limbs = (unsigned)(len / 4);
    for (unsigned i = 0; i < key->limbs; i++) {
        const uint8_t *b = n + len - 4 - 4 * i;
        key->n[i] = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
    }
    if (der_header(&p, end, 0x02, &len) != 0 || len == 0 || len > 4 || p + len != end) {
        return -1;
    }
    key->e = 0;
    for (size_t i = 0; i < len; i++) {
        key->e = key->e << 8 | p[i];
    }
    return (key->e & 1) && key->e > 1 && (key->n[0] & 1) ? 0 : -1;
}

static int cmp_n(const uint32_t *a, const struct rsa_key *k)
{
    for (int i = (int)k->limbs - 1; i >= 0; i--) {
        if (a[i] != k->n[i]) {
            return a[i] < k->n[i] ? -1 : 1;
        }
    }
    return 0;
}

static void sub_n(uint32_t *a, const struct rsa_key *k)
{
    int64_t borrow = 0;
    for (unsigned i = 0; i < k->limbs; i++) {
        int64_t d = (int64_t)a[i] - k->n[i] + borrow;
        a[i] = (uint32_t)d;
        borrow = d < 0 ? -1 : 0;
    }
}

/* r = a * b / 2^(32 limbs) mod n, for a, b < n (CIOS). */
static void mont_mul(uint32_t *r, const uint32_t *a, const uint32_t *b, const struct rsa_key *k,
                     uint32_t n_neg_inv)
{
    uint32_t t[RSA_MAX_LIMBS + 2];
    unsigned s = k->limbs;
    memset(t, 0, sizeof(t));
    for (unsigned i = 0; i < s; i++) {
        uint64_t c = 0;
        for (unsigned j = 0; j < s; j++) {
            c += (uint64_t)t[j] + (uint64_t)a[j] * b[i];
            t[j] = (uint32_t)c;
            c >>= 32;
        }
        c += t[s];
        t[s] = (uint32_t)c;
        t[s + 1] = (uint32_t)(c >> 32);
        uint32_t q = t[0] * n_neg_inv;
        c = ((uint64_t)t[0] + (uint64_t)q * k->n[0]) >> 32;
        for (unsigned j = 1; j < s; j++) {
            c += (uint64_t)t[j] + (uint64_t)q * k->n[j];
            t[j - 1] = (uint32_t)c;
            c >>= 32;
        }
        c += t[s];
        t[s - 1] = (uint32_t)c;
        t[s] = t[s + 1] + (uint32_t)(c >> 32);
    }
    if (t[s] || cmp_n(t, k) >= 0) {
        sub_n(t, k);
    }
    memcpy(r, t, s * sizeof(uint32_t));
}

/* out = sig^e mod n, big-endian, mod_bytes long. -1 if sig >= n. */
static int public_op(const struct rsa_key *k, const uint8_t *sig, uint8_t *out)
{
    uint32_t s[RSA_MAX_LIMBS], rr[RSA_MAX_LIMBS], acc[RSA_MAX_LIMBS], base[RSA_MAX_LIMBS];
    unsigned limbs = k->limbs;
    for (unsigned i = 0; i < limbs; i++) {
        const uint8_t *b = sig + k->mod_bytes - 4 - 4 * i;
        s[i] = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
    }
    if (cmp_n(s, k) >= 0) {
        return -1;
    }
    uint32_t inv = 1;
    for (int i = 0; i < 5; i++) {
        inv *= 2 - k->n[0] * inv;
    }
    uint32_t n_neg_inv = (uint32_t)0 - inv;

    /* rr = 2^(2 * 32 * limbs) mod n by doubling */
    memset(rr, 0, sizeof(rr));
    rr[0] = 1;
    for (unsigned bit = 0; bit < 64 * limbs; bit++) {
        uint32_t carry = 0;
        for (unsigned i = 0; i < limbs; i++) {
            uint32_t next = rr[i] >> 31;
            rr[i] = rr[i] << 1 | carry;
            carry = next;
        }
        if (carry || cmp_n(rr, k) >= 0) {
            sub_n(rr, k);
        }
    }
    mont_mul(base, s, rr, k, n_neg_inv);
    memcpy(acc, base, limbs * sizeof(uint32_t));
    int top = 31;
    while (!(k->e >> top & 1)) {
        top--;
    }
    for (int bit = top - 1; bit >= 0; bit--) {
        mont_mul(acc, acc, acc, k, n_neg_inv);
        if (k->e >> bit & 1) {
            mont_mul(acc, acc, base, k, n_neg_inv);
        }
    }
    uint32_t one[RSA_MAX_LIMBS] = {1};
    mont_mul(acc, acc, one, k, n_neg_inv);
    for (unsigned i = 0; i < limbs; i++) {
        uint8_t *b = out + k->mod_bytes - 4 - 4 * i;
        b[0] = (uint8_t)(acc[i] >> 24);
        b[1] = (uint8_t)(acc[i] >> 16);
        b[2] = (uint8_t)(acc[i] >> 8);
        b[3] = (uint8_t)acc[i];
    }
    return 0;
}

/* db ^= MGF1-SHA256(seed, len) */
static void mgf1_xor(uint8_t *db, size_t len, const uint8_t seed[SHA256_DIGEST_SIZE])
{
    for (uint32_t counter = 0; len > 0; counter++) {
        uint8_t c[4] = {(uint8_t)(counter >> 24), (uint8_t)(counter >> 16), (uint8_t)(counter >> 8),
                        (uint8_t)counter};
        uint8_t mask[SHA256_DIGEST_SIZE];
        struct sha256_ctx ctx;
        sha256_init(&ctx);
        sha256_update(&ctx, seed, SHA256_DIGEST_SIZE);
        sha256_update(&ctx, c, sizeof(c));
        sha256_finish(&ctx, mask);
        size_t n = len < sizeof(mask) ? len : sizeof(mask);
        for (size_t i = 0; i < n; i++) {
            db[i] ^= mask[i];
        }
        db += n;
        len -= n;
    }
}

/* EMSA-PSS-VERIFY for a modulus whose bit length is a multiple of 8, so
 * emLen = mod_bytes and only the top bit of EM is unused. */
static int pss_decode(uint8_t *em, size_t em_len, const uint8_t hash[SHA256_DIGEST_SIZE])
{
    const size_t h_len = SHA256_DIGEST_SIZE;
    if (em_len < h_len + PSS_SALT_LEN + 2 || em[em_len - 1] != 0xbc || (em[0] & 0x80)) {
        return -1;
    }
    uint8_t *db = em;
    size_t db_len = em_len - h_len - 1;
    const uint8_t *h = em + db_len;
    mgf1_xor(db, db_len, h);
    db[0] &= 0x7f;
    size_t ps_len = em_len - h_len - PSS_SALT_LEN - 2;
    for (size_t i = 0; i < ps_len; i++) {
        if (db[i] != 0) {
            return -1;
        }
    }
    if (db[ps_len] != 0x01) {
        return -1;
    }
    static const uint8_t zeros[8] = {0};
    uint8_t expected[SHA256_DIGEST_SIZE];
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    sha256_update(&ctx, zeros, sizeof(zeros));
    sha256_update(&ctx, hash, h_len);
    sha256_update(&ctx, db + ps_len + 1, PSS_SALT_LEN);
    sha256_finish(&ctx, expected);
    return memcmp(expected, h, h_len) == 0 ? 0 : -1;
}

int rsa_pss_verify(const uint8_t *key_der, size_t key_len, const uint8_t hash[32], const uint8_t *sig,
                   size_t sig_len)
{
    struct rsa_key key;
    uint8_t em[RSA_MAX_LIMBS * 4];
    if (parse_key(key_der, key_len, &key) != 0 || sig_len != key.mod_bytes ||
        !(key.n[key.limbs - 1] & 0x80000000u) || public_op(&key, sig, em) != 0) {
        return -1;
    }
    return pss_decode(em, key.mod_bytes, hash);
}
