// RSA-PSS verification against OpenSSL signatures (PSS, SHA-256, MGF1-SHA256,
// 32-byte salt: what imgtool produces).
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "bootutil_fixture.h"

extern "C" {
#include "bootutil/rsa_pss.h"
}

using namespace bootutil_test;

namespace {

struct rsa_key {
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> pkey{nullptr, EVP_PKEY_free};
    explicit rsa_key(size_t bits) { pkey.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", bits)); }

    bytes pkcs1() const {
        unsigned char* der = nullptr;
        int len = i2d_PublicKey(pkey.get(), &der);
        bytes out(der, der + len);
        OPENSSL_free(der);
        return out;
    }

    bytes sign(const uint8_t* digest, int salt_len = 32) const {
        std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
            EVP_PKEY_CTX_new(pkey.get(), nullptr), EVP_PKEY_CTX_free);
        size_t len = 0;
        EXPECT_EQ(EVP_PKEY_sign_init(ctx.get()), 1);
        EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PSS_PADDING);
        EVP_PKEY_CTX_set_signature_md(ctx.get(), EVP_sha256());
        EVP_PKEY_CTX_set_rsa_mgf1_md(ctx.get(), EVP_sha256());
        EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx.get(), salt_len);
        EXPECT_EQ(EVP_PKEY_sign(ctx.get(), nullptr, &len, digest, 32), 1);
        bytes sig(len);
        EXPECT_EQ(EVP_PKEY_sign(ctx.get(), sig.data(), &len, digest, 32), 1);
        return sig;
    }
};

TEST(bootutil_rsa, verifies_pss_signatures_of_2048_and_3072_bit_keys) {
    for (size_t bits : {2048u, 3072u}) {
        rsa_key key(bits);
        bytes pub = key.pkcs1();
        for (int m = 0; m < 3; m++) {
            uint8_t digest[32];
            bytes msg = make_body(100, uint8_t(m));
            sha256(msg.data(), msg.size(), digest);
            bytes sig = key.sign(digest);
            ASSERT_EQ(sig.size(), bits / 8);
            EXPECT_EQ(rsa_pss_verify(pub.data(), pub.size(), digest, sig.data(), sig.size()), 0)
                << bits << "/" << m;
        }
    }
}

TEST(bootutil_rsa, rejects_tampering_wrong_salt_length_and_wrong_key) {
    rsa_key key(2048), other(2048);
    bytes pub = key.pkcs1(), other_pub = other.pkcs1();
    uint8_t digest[32];
    sha256("image", 5, digest);
    bytes sig = key.sign(digest);
    ASSERT_EQ(rsa_pss_verify(pub.data(), pub.size(), digest, sig.data(), sig.size()), 0);

    uint8_t changed[32];
    std::memcpy(changed, digest, 32);
    changed[0] ^= 1;
    EXPECT_NE(rsa_pss_verify(pub.data(), pub.size(), changed, sig.data(), sig.size()), 0);
    bytes bad_sig = sig;
    bad_sig[100] ^= 1;
    EXPECT_NE(rsa_pss_verify(pub.data(), pub.size(), digest, bad_sig.data(), bad_sig.size()), 0);
    EXPECT_NE(rsa_pss_verify(other_pub.data(), other_pub.size(), digest, sig.data(), sig.size()), 0);
    bytes short_salt = key.sign(digest, 20);
    EXPECT_NE(rsa_pss_verify(pub.data(), pub.size(), digest, short_salt.data(), short_salt.size()), 0);
    EXPECT_NE(rsa_pss_verify(pub.data(), pub.size(), digest, sig.data(), sig.size() - 1), 0);
    EXPECT_NE(rsa_pss_verify(pub.data(), pub.size() - 1, digest, sig.data(), sig.size()), 0);
}

}  // namespace
