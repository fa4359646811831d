// Images made by `nrf53sim image sign` (sim/image_format, sim/image_crypto)
// accepted by the C boot logic: signature, --pad test requests and --confirm
// permanent requests.
#include <gtest/gtest.h>
#include <openssl/pem.h>

#include "bootutil_fixture.h"
#include "sim/dfu/image_crypto.h"

using namespace bootutil_test;
namespace img = sim::image;

namespace {

img::key pem_key(EVP_PKEY* pkey) {
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(bio, pkey, nullptr, nullptr, 0, nullptr, nullptr);
    char* data = nullptr;
    long len = BIO_get_mem_data(bio, &data);
    std::string pem(data, size_t(len));
    BIO_free(bio);
    EVP_PKEY_free(pkey);
    return img::key::from_pem_text(pem);
}

img::key new_ec_key() { return pem_key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256")); }
img::key new_rsa_key(size_t bits) { return pem_key(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", bits)); }

img::sign_options options(uint8_t major, uint32_t slot_size) {
    img::sign_options o;
    o.header_size = 0x200;
    o.pad_header = true;
    o.align = 4;
    o.slot_size = slot_size;
    o.ver.major = major;
    return o;
}

struct slots {
    fake_flash flash{0x8000, 0x400, 0xff};
    flash_area primary = make_area(flash, 1, 0, 0x4000, 4);
    flash_area secondary = make_area(flash, 2, 0x4000, 0x4000, 4);
    boot_config cfg{};
    slots(boot_mode mode) {
        cfg.image_count = 1;
        cfg.mode = mode;
        cfg.images[0] = {&primary, &secondary};
    }
};

TEST(bootutil_imgtool, signed_image_validates_with_the_c_verifier) {
    img::key key = new_ec_key();
    bytes pub = key.public_bytes();
    bootutil_key trusted = {pub.data(), uint32_t(pub.size())};
    for (int i = 0; i < 4; i++) {
        img::sign_options o = options(1, 0x4000);
        if (i % 2) o.dependencies = {{1, img::parse_version("1.2.3")}};
        bytes image = img::sign(make_body(1000 + 333 * i, uint8_t(i)), o, &key);
        slots s(BOOT_MODE_OVERWRITE_ONLY);
        program(s.flash, s.secondary, image);
        image_header hdr;
        ASSERT_EQ(boot_image_read_header(&s.secondary, &hdr), 0);
        EXPECT_EQ(bootutil_img_validate(&s.secondary, &hdr, &trusted, 1, nullptr), 0) << i;
        s.flash.mem[s.secondary.fa_off + 0x200 + 5] ^= 0x80;
        EXPECT_EQ(bootutil_img_validate(&s.secondary, &hdr, &trusted, 1, nullptr), BOOT_EBADIMAGE);
    }
}

TEST(bootutil_imgtool, rsa_signed_images_validate_with_the_c_verifier) {
    for (size_t bits : {2048u, 3072u}) {
        img::key key = new_rsa_key(bits);
        bytes pub = key.public_bytes();
        bootutil_key trusted = {pub.data(), uint32_t(pub.size())};
        bytes image = img::sign(make_body(2000, 3), options(1, 0x4000), &key);
        slots s(BOOT_MODE_OVERWRITE_ONLY);
        program(s.flash, s.secondary, image);
        image_header hdr;
        ASSERT_EQ(boot_image_read_header(&s.secondary, &hdr), 0);
        EXPECT_EQ(bootutil_img_validate(&s.secondary, &hdr, &trusted, 1, nullptr), 0) << bits;
        s.flash.mem[s.secondary.fa_off + 0x200 + 7] ^= 0x01;
        EXPECT_EQ(bootutil_img_validate(&s.secondary, &hdr, &trusted, 1, nullptr), BOOT_EBADIMAGE);
    }
}

TEST(bootutil_imgtool, padded_image_is_a_test_request_the_bootloader_installs) {
    img::key key = new_ec_key();
    bytes pub = key.public_bytes();
    bootutil_key trusted = {pub.data(), uint32_t(pub.size())};
    slots s(BOOT_MODE_OVERWRITE_ONLY);
    s.cfg.keys = &trusted;
    s.cfg.key_count = 1;
    img::sign_options o1 = options(1, 0x4000), o2 = options(2, 0x4000);
    o2.pad = true;
    o2.overwrite_only = true;
    bytes v1 = img::sign(make_body(3000, 1), o1, &key), v2 = img::sign(make_body(4000, 2), o2, &key);
    program(s.flash, s.primary, v1);
    program(s.flash, s.secondary, v2);
    boot_swap_state st;
    ASSERT_EQ(boot_read_swap_state(&s.secondary, &st), 0);
    EXPECT_EQ(st.magic, BOOT_MAGIC_GOOD);
    EXPECT_EQ(st.image_ok, BOOT_FLAG_UNSET);
    boot_rsp rsp;
    ASSERT_EQ(boot_go(&s.cfg, &rsp), 0);
    EXPECT_EQ(rsp.hdr.ih_ver.iv_major, 2);
}

TEST(bootutil_imgtool, confirmed_image_swaps_permanently) {
    slots s(BOOT_MODE_SWAP_MOVE);
    img::sign_options o1 = options(1, 0x4000), o2 = options(2, 0x4000);
    o2.confirm = true;
    bytes v1 = img::sign(make_body(3000, 1), o1, nullptr), v2 = img::sign(make_body(4000, 2), o2, nullptr);
    program(s.flash, s.primary, v1);
    program(s.flash, s.secondary, v2);
    boot_rsp rsp;
    ASSERT_EQ(boot_go(&s.cfg, &rsp), 0);
    EXPECT_EQ(rsp.hdr.ih_ver.iv_major, 2);
    boot_swap_state st;
    ASSERT_EQ(boot_read_swap_state(&s.primary, &st), 0);
    EXPECT_EQ(st.image_ok, BOOT_FLAG_SET);
    ASSERT_EQ(boot_go(&s.cfg, &rsp), 0);
    EXPECT_EQ(rsp.hdr.ih_ver.iv_major, 2) << "confirmed: no revert";
    EXPECT_TRUE(s.flash.violation.empty()) << s.flash.violation;
}

}  // namespace
