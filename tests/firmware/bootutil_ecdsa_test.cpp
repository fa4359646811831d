// P-256 ECDSA verification against signatures made by OpenSSL, and the DER
// parsers against hand-made encodings.
#include <gtest/gtest.h>

#include "bootutil_fixture.h"

extern "C" {
#include "bootutil/ecdsa_p256.h"
}

using namespace bootutil_test;

namespace {

struct parsed {
    uint8_t pub[64], r[32], s[32];
};

parsed parse(const ec_key& key, const bytes& sig) {
    parsed p;
    bytes spki = key.spki();
    EXPECT_EQ(p256_parse_spki(spki.data(), spki.size(), p.pub), 0);
    EXPECT_EQ(p256_parse_der_signature(sig.data(), sig.size(), p.r, p.s), 0);
    return p;
}

TEST(bootutil_ecdsa, verifies_openssl_signatures_of_many_keys_and_digests) {
    for (int k = 0; k < 8; k++) {
        ec_key key;
        for (int m = 0; m < 4; m++) {
            uint8_t digest[32];
            bytes msg = make_body(64, uint8_t(k * 16 + m));
            sha256(msg.data(), msg.size(), digest);
            if (m == 3) std::memset(digest, 0xff, 32);  // a digest above the group order n
            parsed p = parse(key, key.sign_digest(digest));
            EXPECT_EQ(p256_ecdsa_verify(p.pub, digest, p.r, p.s), 0) << k << "/" << m;
        }
    }
}

TEST(bootutil_ecdsa, rejects_changed_digest_signature_or_key) {
    ec_key key, other;
    uint8_t digest[32];
    sha256("image", 5, digest);
    parsed p = parse(key, key.sign_digest(digest));

    uint8_t changed[32];
    std::memcpy(changed, digest, 32);
    changed[31] ^= 1;
    EXPECT_NE(p256_ecdsa_verify(p.pub, changed, p.r, p.s), 0);

    uint8_t s2[32];
    std::memcpy(s2, p.s, 32);
    s2[0] ^= 0x40;
    EXPECT_NE(p256_ecdsa_verify(p.pub, digest, p.r, s2), 0);

    parsed q = parse(other, other.sign_digest(digest));
    EXPECT_NE(p256_ecdsa_verify(q.pub, digest, p.r, p.s), 0);

    uint8_t off_curve[64];
    std::memcpy(off_curve, p.pub, 64);
    off_curve[63] ^= 1;
    EXPECT_NE(p256_ecdsa_verify(off_curve, digest, p.r, p.s), 0);

    uint8_t zero[32] = {0};
    EXPECT_NE(p256_ecdsa_verify(p.pub, digest, zero, p.s), 0);
}

TEST(bootutil_ecdsa, der_signature_parser_strips_sign_bytes_and_rejects_bad_lengths) {
    // SEQUENCE { INTEGER 00 80 (33-byte form of a high-bit r), INTEGER 01 }
    bytes good = {0x30, 0x07, 0x02, 0x02, 0x00, 0x80, 0x02, 0x01, 0x01};
    uint8_t r[32], s[32];
    ASSERT_EQ(p256_parse_der_signature(good.data(), good.size(), r, s), 0);
    EXPECT_EQ(r[31], 0x80);
    EXPECT_EQ(r[30], 0);
    EXPECT_EQ(s[31], 1);

    bytes long_seq = good;
    long_seq[1] = 0x08;  // claims one byte more than there is
    EXPECT_NE(p256_parse_der_signature(long_seq.data(), long_seq.size(), r, s), 0);
    bytes long_int = good;
    long_int[7] = 0x05;  // s runs past the sequence
    EXPECT_NE(p256_parse_der_signature(long_int.data(), long_int.size(), r, s), 0);
    bytes trailing = good;
    trailing.push_back(0);
    trailing[1] = 0x08;
    EXPECT_NE(p256_parse_der_signature(trailing.data(), trailing.size(), r, s), 0);
}

TEST(bootutil_ecdsa, spki_parser_accepts_only_p256_points) {
    ec_key key;
    bytes spki = key.spki();
    ASSERT_EQ(spki.size(), 91u);
    uint8_t pub[64];
    EXPECT_EQ(p256_parse_spki(spki.data(), spki.size(), pub), 0);
    EXPECT_EQ(std::memcmp(pub, spki.data() + 27, 64), 0);
    bytes wrong_curve = spki;
    wrong_curve[22] = 0x08;
    EXPECT_NE(p256_parse_spki(wrong_curve.data(), wrong_curve.size(), pub), 0);
    EXPECT_NE(p256_parse_spki(spki.data(), spki.size() - 1, pub), 0);
}

}  // namespace
