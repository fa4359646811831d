// Image keys: ECDSA-P256 signatures are deterministic (RFC 6979), so a
// build signs the same image the same way every time.
#include <gtest/gtest.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/sha.h>

#include <string>

#include "sim/dfu/image_crypto.h"

using bytes = std::vector<uint8_t>;

namespace {

BIGNUM* from_hex(const char* hex) {
    BIGNUM* bn = nullptr;
    BN_hex2bn(&bn, hex);
    return bn;
}

// The P-256 key of RFC 6979 A.2.5, as PEM text.
std::string rfc6979_p256_key_pem() {
    BIGNUM* d = from_hex("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721");
    EC_GROUP* group = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
    EC_POINT* q = EC_POINT_new(group);
    EC_POINT_mul(group, q, d, nullptr, nullptr, nullptr);
    unsigned char pub[65];
    EC_POINT_point2oct(group, q, POINT_CONVERSION_UNCOMPRESSED, pub, sizeof pub, nullptr);

    OSSL_PARAM_BLD* build = OSSL_PARAM_BLD_new();
    OSSL_PARAM_BLD_push_utf8_string(build, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0);
    OSSL_PARAM_BLD_push_BN(build, OSSL_PKEY_PARAM_PRIV_KEY, d);
    OSSL_PARAM_BLD_push_octet_string(build, OSSL_PKEY_PARAM_PUB_KEY, pub, sizeof pub);
    OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(build);
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr);
    EVP_PKEY* pkey = nullptr;
    EVP_PKEY_fromdata_init(ctx);
    EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_KEYPAIR, params);

    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(bio, pkey, nullptr, nullptr, 0, nullptr, nullptr);
    char* text = nullptr;
    const long len = BIO_get_mem_data(bio, &text);
    std::string pem(text, std::size_t(len));

    BIO_free(bio);
    EVP_PKEY_free(pkey);
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(build);
    EC_POINT_free(q);
    EC_GROUP_free(group);
    BN_free(d);
    return pem;
}

bytes sha256(const std::string& text) {
    bytes d(32);
    SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), d.data());
    return d;
}

std::string hex_of(const BIGNUM* bn) {
    char* text = BN_bn2hex(bn);
    std::string s(text);
    OPENSSL_free(text);
    return s;
}

}  // namespace

TEST(image_crypto, ecdsa_p256_signs_rfc6979s_test_vector) {
    const sim::image::key k = sim::image::key::from_pem_text(rfc6979_p256_key_pem());
    const bytes der = k.sign_digest(sha256("sample"));
    const unsigned char* p = der.data();
    ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, long(der.size()));
    ASSERT_NE(sig, nullptr);
    EXPECT_EQ(hex_of(ECDSA_SIG_get0_r(sig)), "EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716");
    EXPECT_EQ(hex_of(ECDSA_SIG_get0_s(sig)), "F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8");
    ECDSA_SIG_free(sig);
    EXPECT_TRUE(k.verify_digest(sha256("sample"), der));
}

TEST(image_crypto, ecdsa_p256_signs_the_same_digest_the_same_way_and_others_differently) {
    const sim::image::key k = sim::image::key::from_pem_text(rfc6979_p256_key_pem());
    EXPECT_EQ(k.sign_digest(sha256("image")), k.sign_digest(sha256("image")));
    EXPECT_NE(k.sign_digest(sha256("image")), k.sign_digest(sha256("other image")));
    EXPECT_TRUE(k.verify_digest(sha256("other image"), k.sign_digest(sha256("other image"))));
}
