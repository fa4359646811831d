/* P-256 ECDSA verification. Numbers are 8 little-endian 32-bit limbs; field
 * and scalar arithmetic use Montgomery multiplication (CIOS) with R = 2^256,
 * points use Jacobian coordinates with the a = -3 doubling formula. */
#include "bootutil/ecdsa_p256.h"

#include <string.h>

#define LIMBS 8

typedef uint32_t bn[LIMBS];

struct modulus {
    bn m;
    uint32_t m_neg_inv; /* -m^-1 mod 2^32 */
    bn rr;              /* R^2 mod m, to enter the Montgomery domain */
};

struct point {
    bn x, y, z; /* Jacobian, Montgomery form mod p; z == 0 is the point at infinity */
};

/* Curve constants of SEC 2 / FIPS 186-4 D.1.2.3, little-endian limbs. */
static const bn P256_P = {0xffffffff, 0xffffffff, 0xffffffff, 0x00000000,
                          0x00000000, 0x00000000, 0x00000001, 0xffffffff};
static const bn P256_N = {0xfc632551, 0xf3b9cac2, 0xa7179e84, 0xbce6faad,
                          0xffffffff, 0xffffffff, 0x00000000, 0xffffffff};
static const bn P256_B = {0x27d2604b, 0x3bce3c3e, 0xcc53b0f6, 0x651d06b0,
                          0x769886bc, 0xb3ebbd55, 0xaa3a93e7, 0x5ac635d8};
static const bn P256_GX = {0xd898c296, 0xf4a13945, 0x2deb33a0, 0x77037d81,
                           0x63a440f2, 0xf8bce6e5, 0xe12c4247, 0x6b17d1f2};
static const bn P256_GY = {0x37bf51f5, 0xcbb64068, 0x6b315ece, 0x2bce3357,
                           0x7c0f9e16, 0x8ee7eb4a, 0xfe1a7f9b, 0x4fe342e2};

static int bn_is_zero(const bn a)
{
    uint32_t acc = 0;
    for (int i = 0; i < LIMBS; i++) {
        acc |= a[i];
    }
    return acc == 0;
}

/* -1, 0, 1 as a <, ==, > b */
static int bn_cmp(const bn a, const bn b)
{
    for (int i = LIMBS - 1; i >= 0; i--) {
        if (a[i] != b[i]) {
            return a[i] < b[i] ? -1 : 1;
        }
    }
    return 0;
}

static uint32_t bn_add(bn r, const bn a, const bn b)
{
    uint64_t carry = 0;
    for (int i = 0; i < LIMBS; i++) {
        carry += (uint64_t)a[i] + b[i];
        r[i] = (uint32_t)carry;
        carry >>= 32;
    }
    return (uint32_t)carry;
}

static uint32_t bn_sub(bn r, const bn a, const bn b)
{
    int64_t borrow = 0;
    for (int i = 0; i < LIMBS; i++) {
        int64_t d = (int64_t)a[i] - b[i] + borrow;
        r[i] = (uint32_t)d;
        borrow = d < 0 ? -1 : 0;
    }
    return (uint32_t)-borrow;
}

static void bn_from_bytes(bn r, const uint8_t in[32])
{
    for (int i = 0; i < LIMBS; i++) {
        const uint8_t *p = in + 28 - 4 * i;
        r[i] = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
    }
}

static void mod_add(bn r, const bn a, const bn b, const struct modulus *md)
{
    uint32_t carry = bn_add(r, a, b);
    if (carry || bn_cmp(r, md->m) >= 0) {
        bn_sub(r, r, md->m);
    }
}

static void mod_sub(bn r, const bn a, const bn b, const struct modulus *md)
{
    if (bn_sub(r, a, b)) {
        bn_add(r, r, md->m);
    }
}

/* r = a * b / R mod m, for a, b < m */
static void mont_mul(bn r, const bn a, const bn b, const struct modulus *md)
{
    uint32_t t[LIMBS + 2] = {0};
    for (int i = 0; i < LIMBS; i++) {
        uint64_t c = 0;
        for (int j = 0; j < LIMBS; j++) {
            c += (uint64_t)t[j] + (uint64_t)a[j] * b[i];
            t[j] = (uint32_t)c;
            c >>= 32;
        }
        c += t[LIMBS];
        t[LIMBS] = (uint32_t)c;
        t[LIMBS + 1] = (uint32_t)(c >> 32);

        uint32_t q = t[0] * md->m_neg_inv;
        c = (uint64_t)t[0] + (uint64_t)q * md->m[0];
        c >>= 32;
        for (int j = 1; j < LIMBS; j++) {
            c += (uint64_t)t[j] + (uint64_t)q * md->m[j];
            t[j - 1] = (uint32_t)c;
            c >>= 32;
        }
        c += t[LIMBS];
        t[LIMBS - 1] = (uint32_t)c;
        t[LIMBS] = t[LIMBS + 1] + (uint32_t)(c >> 32);
    }
    if (t[LIMBS] || bn_cmp(t, md->m) >= 0) {
        bn_sub(t, t, md->m);
    }
    memcpy(r, t, sizeof(bn));
}

static void modulus_init(struct modulus *md, const bn m)
{
    memcpy(md->m, m, sizeof(bn));
    uint32_t inv = 1; /* Newton iteration doubles the correct low bits each step */
    for (int i = 0; i < 5; i++) {
        inv *= 2 - m[0] * inv;
    }
    md->m_neg_inv = (uint32_t)0 - inv;

    bn x = {1};
    for (int i = 0; i < 512; i++) {
        mod_add(x, x, x, md);
    }
    memcpy(md->rr, x, sizeof(bn));
}

static void to_mont(bn r, const bn a, const struct modulus *md) { mont_mul(r, a, md->rr, md); }

static void from_mont(bn r, const bn a, const struct modulus *md)
{
    static const bn one = {1};
    mont_mul(r, a, one, md);
}

/* r = a^(m-2) = a^-1 (m prime), Montgomery form in and out */
static void mont_inverse(bn r, const bn a, const struct modulus *md)
{
    bn exponent, two = {2}, acc;
    bn_sub(exponent, md->m, two);
    to_mont(acc, (const uint32_t[LIMBS]){1}, md);
    for (int bit = 255; bit >= 0; bit--) {
        mont_mul(acc, acc, acc, md);
        if (exponent[bit / 32] >> (bit % 32) & 1) {
            mont_mul(acc, acc, a, md);
        }
    }
    memcpy(r, acc, sizeof(bn));
}

static void point_double(struct point *r, const struct point *p, const struct modulus *fp)
{
    if (bn_is_zero(p->z)) {
        *r = *p;
        return;
    }
    bn delta, gamma, beta, alpha, t1, t2, x3, y3, z3;
    mont_mul(delta, p->z, p->z, fp);
    mont_mul(gamma, p->y, p->y, fp);
    mont_mul(beta, p->x, gamma, fp);
    mod_sub(t1, p->x, delta, fp);
    mod_add(t2, p->x, delta, fp);
    mont_mul(alpha, t1, t2, fp);
    mod_add(t1, alpha, alpha, fp);
    mod_add(alpha, t1, alpha, fp); /* alpha = 3 (x - delta)(x + delta) */

    mod_add(t1, beta, beta, fp);
    mod_add(t1, t1, t1, fp); /* 4 beta */
    mod_add(t2, t1, t1, fp); /* 8 beta */
    mont_mul(x3, alpha, alpha, fp);
    mod_sub(x3, x3, t2, fp);

    mod_add(z3, p->y, p->z, fp);
    mont_mul(z3, z3, z3, fp);
    mod_sub(z3, z3, gamma, fp);
    mod_sub(z3, z3, delta, fp);

    mod_sub(t1, t1, x3, fp);
    mont_mul(y3, alpha, t1, fp);
    mont_mul(t2, gamma, gamma, fp);
    mod_add(t2, t2, t2, fp);
    mod_add(t2, t2, t2, fp);
    mod_add(t2, t2, t2, fp); /* 8 gamma^2 */
    mod_sub(y3, y3, t2, fp);

    memcpy(r->x, x3, sizeof(bn));
    memcpy(r->y, y3, sizeof(bn));
    memcpy(r->z, z3, sizeof(bn));
}

static void point_add(struct point *r, const struct point *p, const struct point *q,
                      const struct modulus *fp)
{
    if (bn_is_zero(p->z)) {
        *r = *q;
        return;
    }
    if (bn_is_zero(q->z)) {
        *r = *p;
        return;
    }
    bn z1z1, z2z2, u1, u2, s1, s2, h, rr, h2, h3, u1h2, t;
    mont_mul(z1z1, p->z, p->z, fp);
    mont_mul(z2z2, q->z, q->z, fp);
    mont_mul(u1, p->x, z2z2, fp);
    mont_mul(u2, q->x, z1z1, fp);
    mont_mul(s1, p->y, q->z, fp);
    mont_mul(s1, s1, z2z2, fp);
    mont_mul(s2, q->y, p->z, fp);
    mont_mul(s2, s2, z1z1, fp);
    mod_sub(h, u2, u1, fp);
    mod_sub(rr, s2, s1, fp);
    if (bn_is_zero(h)) {
        if (bn_is_zero(rr)) {
            point_double(r, p, fp);
        } else {
            memset(r, 0, sizeof(*r)); /* p == -q */
        }
        return;
    }
    struct point out;
    mont_mul(h2, h, h, fp);
    mont_mul(h3, h, h2, fp);
    mont_mul(u1h2, u1, h2, fp);
    mont_mul(out.x, rr, rr, fp);
    mod_sub(out.x, out.x, h3, fp);
    mod_sub(out.x, out.x, u1h2, fp);
    mod_sub(out.x, out.x, u1h2, fp);
    mod_sub(t, u1h2, out.x, fp);
    mont_mul(out.y, rr, t, fp);
    mont_mul(t, s1, h3, fp);
    mod_sub(out.y, out.y, t, fp);
    mont_mul(out.z, h, p->z, fp);
    mont_mul(out.z, out.z, q->z, fp);
    *r = out;
}

/* y^2 == x^3 - 3x + b, Montgomery-form coordinates */
static int on_curve(const bn x, const bn y, const struct modulus *fp)
{
    bn lhs, rhs, t, b;
    mont_mul(lhs, y, y, fp);
    mont_mul(rhs, x, x, fp);
    mont_mul(rhs, rhs, x, fp);
    mod_add(t, x, x, fp);
    mod_add(t, t, x, fp);
    mod_sub(rhs, rhs, t, fp);
    to_mont(b, P256_B, fp);
    mod_add(rhs, rhs, b, fp);
    return bn_cmp(lhs, rhs) == 0;
}

static void affine_point(struct point *r, const bn x, const bn y, const struct modulus *fp)
{
    to_mont(r->x, x, fp);
    to_mont(r->y, y, fp);
    to_mont(r->z, (const uint32_t[LIMBS]){1}, fp);
}

/* (u1 G + u2 Q).x in plain form; -1 if the sum is the point at infinity */
static int shamir_x(bn x_out, const bn u1, const bn u2, const struct point *g,
                    const struct point *q, const struct modulus *fp)
{
    struct point gq, acc;
    point_add(&gq, g, q, fp);
    memset(&acc, 0, sizeof(acc));
    for (int bit = 255; bit >= 0; bit--) {
        point_double(&acc, &acc, fp);
        int b1 = u1[bit / 32] >> (bit % 32) & 1;
        int b2 = u2[bit / 32] >> (bit % 32) & 1;
        if (b1 && b2) {
            point_add(&acc, &acc, &gq, fp);
        } else if (b1) {
            point_add(&acc, &acc, g, fp);
        } else if (b2) {
            point_add(&acc, &acc, q, fp);
        }
    }
    if (bn_is_zero(acc.z)) {
        return -1;
    }
    bn zinv, zinv2;
    mont_inverse(zinv, acc.z, fp);
    mont_mul(zinv2, zinv, zinv, fp);
    mont_mul(x_out, acc.x, zinv2, fp);
    from_mont(x_out, x_out, fp);
    return 0;
}

int p256_ecdsa_verify(const uint8_t pub[64], const uint8_t hash[32], const uint8_t r_bytes[32],
                      const uint8_t s_bytes[32])
{
    struct modulus fp, fn;
    modulus_init(&fp, P256_P);
    modulus_init(&fn, P256_N);

    bn r, s, e, qx, qy;
    bn_from_bytes(r, r_bytes);
    bn_from_bytes(s, s_bytes);
    bn_from_bytes(e, hash);
    bn_from_bytes(qx, pub);
    bn_from_bytes(qy, pub + 32);
    if (bn_is_zero(r) || bn_is_zero(s) || bn_cmp(r, P256_N) >= 0 || bn_cmp(s, P256_N) >= 0) {
        return -1;
    }
    if (bn_cmp(qx, P256_P) >= 0 || bn_cmp(qy, P256_P) >= 0) {
        return -1;
    }
    if (bn_cmp(e, P256_N) >= 0) { /* 2^256 < 2n, one subtraction reduces */
        bn_sub(e, e, P256_N);
    }

    struct point g, q;
    affine_point(&g, P256_GX, P256_GY, &fp);
    affine_point(&q, qx, qy, &fp);
    if (!on_curve(q.x, q.y, &fp)) {
        return -1;
    }

    bn w, u1, u2, t;
    to_mont(t, s, &fn);
    mont_inverse(w, t, &fn);
    to_mont(t, e, &fn);
    mont_mul(u1, t, w, &fn);
    from_mont(u1, u1, &fn);
    to_mont(t, r, &fn);
    mont_mul(u2, t, w, &fn);
    from_mont(u2, u2, &fn);

    bn x;
    if (shamir_x(x, u1, u2, &g, &q, &fp) != 0) {
        return -1;
    }
    if (bn_cmp(x, P256_N) >= 0) {
        bn_sub(x, x, P256_N);
    }
    return bn_cmp(x, r) == 0 ? 0 : -1;
}

/* One DER INTEGER at *p (short-form length), copied right-aligned into out[32]. */
static int parse_der_integer(const uint8_t **p, const uint8_t *end, uint8_t out[32])
{
    if (end - *p < 2 || (*p)[0] != 0x02) {
        return -1;
    }
    size_t len = (*p)[1];
    const uint8_t *value = *p + 2;
    if (len == 0 || len > 33 || (size_t)(end - value) < len) {
        return -1;
    }
    *p = value + len;
    while (len > 1 && value[0] == 0) {
        value++;
        len--;
    }
    if (len > 32) {
        return -1;
    }
    memset(out, 0, 32);
    memcpy(out + 32 - len, value, len);
    return 0;
}

int p256_parse_der_signature(const uint8_t *der, size_t len, uint8_t r[32], uint8_t s[32])
{
    if (len < 2 || der[0] != 0x30 || der[1] >= 0x80 || (size_t)der[1] + 2 != len) {
        return -1;
    }
    const uint8_t *p = der + 2;
    const uint8_t *end = der + len;
    if (parse_der_integer(&p, end, r) != 0 || parse_der_integer(&p, end, s) != 0) {
        return -1;
    }
    return p == end ? 0 : -1;
}

int p256_parse_spki(const uint8_t *der, size_t len, uint8_t pub[64])
{
    /* SEQUENCE { SEQUENCE { id-ecPublicKey, prime256v1 }, BIT STRING 04 || X || Y } */
    static const uint8_t prefix[] = {0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48,
                                     0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48,
                                     0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00, 0x04};
    if (len != sizeof(prefix) + 64 || memcmp(der, prefix, sizeof(prefix)) != 0) {
        return -1;
    }
    memcpy(pub, der + sizeof(prefix), 64);
    return 0;
}
