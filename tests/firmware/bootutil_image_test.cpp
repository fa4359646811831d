// Image header, TLV iteration and validation on images laid out from the
// format spec (reference §2.1-2.2).
#include <gtest/gtest.h>

#include "bootutil_fixture.h"

using namespace bootutil_test;

namespace {

struct slot {
    fake_flash flash{0x4000, 0x400, 0xff};
    flash_area fa = make_area(flash, 1, 0, 0x4000, 4);
    explicit slot(const bytes& image) { program(flash, fa, image); }
};

TEST(bootutil_image, header_fields_decode_little_endian) {
    image_spec spec;
    spec.version = {2, 3, 0x405, 0x06070809};
    spec.flags = IMAGE_F_RAM_LOAD;
    slot s(build_image(spec));
    image_header hdr;
    ASSERT_EQ(boot_image_read_header(&s.fa, &hdr), 0);
    EXPECT_EQ(hdr.ih_magic, IMAGE_MAGIC);
    EXPECT_EQ(hdr.ih_hdr_size, 0x200);
    EXPECT_EQ(hdr.ih_img_size, 3000u);
    EXPECT_EQ(hdr.ih_flags, IMAGE_F_RAM_LOAD);
    EXPECT_EQ(hdr.ih_ver.iv_major, 2);
    EXPECT_EQ(hdr.ih_ver.iv_minor, 3);
    EXPECT_EQ(hdr.ih_ver.iv_revision, 0x405);
    EXPECT_EQ(hdr.ih_ver.iv_build_num, 0x06070809u);
}

TEST(bootutil_image, bad_magic_tiny_header_or_oversized_body_is_rejected) {
    image_header hdr;
    bytes img = build_image(image_spec{});
    bytes wrong_magic = img;
    wrong_magic[0] ^= 1;
    slot a(wrong_magic);
    EXPECT_EQ(boot_image_read_header(&a.fa, &hdr), BOOT_EBADIMAGE);
    bytes tiny_header = img;
    tiny_header[8] = 16;
    tiny_header[9] = 0;
    slot b(tiny_header);
    EXPECT_EQ(boot_image_read_header(&b.fa, &hdr), BOOT_EBADIMAGE);
    bytes huge_body = img;
    huge_body[14] = 0x01;  // img_size + 64 KiB: beyond the 16 KiB slot
    slot c(huge_body);
    EXPECT_EQ(boot_image_read_header(&c.fa, &hdr), BOOT_EBADIMAGE);
}

TEST(bootutil_image, iterates_protected_and_unprotected_areas_separately) {
    image_spec spec;
    spec.deps = {{1, {1, 2, 3, 4}}, {0, {5, 0, 0, 0}}};
    slot s(build_image(spec));
    image_header hdr;
    ASSERT_EQ(boot_image_read_header(&s.fa, &hdr), 0);
    EXPECT_EQ(hdr.ih_protect_tlv_size, 4 + 2 * 16);

    image_tlv_iter it;
    uint32_t off;
    uint16_t len, type;
    ASSERT_EQ(bootutil_tlv_iter_begin(&it, &hdr, &s.fa, IMAGE_TLV_ANY, true), 0);
    ASSERT_EQ(bootutil_tlv_iter_next(&it, &off, &len, &type), 0);
    EXPECT_EQ(type, IMAGE_TLV_DEPENDENCY);
    EXPECT_EQ(off, 0x200u + 3000 + 4 + 4);
    ASSERT_EQ(bootutil_tlv_iter_next(&it, &off, &len, &type), 0);
    EXPECT_EQ(bootutil_tlv_iter_next(&it, &off, &len, &type), 1);

    ASSERT_EQ(bootutil_tlv_iter_begin(&it, &hdr, &s.fa, IMAGE_TLV_ANY, false), 0);
    ASSERT_EQ(bootutil_tlv_iter_next(&it, &off, &len, &type), 0);
    EXPECT_EQ(type, IMAGE_TLV_SHA256);
    EXPECT_EQ(len, 32);
    EXPECT_EQ(bootutil_tlv_iter_next(&it, &off, &len, &type), 1);

    image_dependency deps[4];
    ASSERT_EQ(bootutil_read_dependencies(&s.fa, &hdr, deps, 4), 2);
    EXPECT_EQ(deps[0].image_id, 1);
    EXPECT_EQ(deps[0].min_version.iv_revision, 3);
    EXPECT_EQ(deps[0].min_version.iv_build_num, 4u);
    EXPECT_EQ(deps[1].min_version.iv_major, 5);

    uint32_t total;
    ASSERT_EQ(boot_image_total_size(&s.fa, &hdr, &total), 0);
    EXPECT_EQ(total, 0x200u + 3000 + 36 + 4 + 36);
}

TEST(bootutil_image, tlv_running_past_its_area_is_an_error_not_an_overrun) {
    bytes img = build_image(image_spec{});
    size_t sha_len_off = 0x200 + 3000 + 4 + 2;
    img[sha_len_off] = 33;  // one byte beyond the unprotected area
    slot s(img);
    image_header hdr;
    ASSERT_EQ(boot_image_read_header(&s.fa, &hdr), 0);
    image_tlv_iter it;
    uint32_t off;
    uint16_t len, type;
    ASSERT_EQ(bootutil_tlv_iter_begin(&it, &hdr, &s.fa, IMAGE_TLV_ANY, false), 0);
    EXPECT_EQ(bootutil_tlv_iter_next(&it, &off, &len, &type), BOOT_EBADIMAGE);
    EXPECT_EQ(bootutil_img_validate(&s.fa, &hdr, nullptr, 0, nullptr), BOOT_EBADIMAGE);

    bytes area_too_long = build_image(image_spec{});
    area_too_long[0x200 + 3000 + 2] = 0xff;  // info total beyond the slot end
    area_too_long[0x200 + 3000 + 3] = 0xff;
    slot t(area_too_long);
    EXPECT_EQ(bootutil_tlv_iter_begin(&it, &hdr, &t.fa, IMAGE_TLV_ANY, false), BOOT_EBADIMAGE);
}

TEST(bootutil_image, hash_covers_header_body_and_protected_tlvs) {
    image_spec spec;
    spec.deps = {{1, {1, 0, 0, 0}}};
    bytes img = build_image(spec);
    image_header hdr;
    uint8_t hash[32];
    slot good(img);
    ASSERT_EQ(boot_image_read_header(&good.fa, &hdr), 0);
    EXPECT_EQ(bootutil_img_validate(&good.fa, &hdr, nullptr, 0, hash), 0);
    uint8_t expected[32];
    sha256(img.data(), 0x200 + 3000 + hdr.ih_protect_tlv_size, expected);
    EXPECT_EQ(std::memcmp(hash, expected, 32), 0);

    for (size_t at : {size_t(20), size_t(0x200 + 1500), size_t(0x200 + 3000 + 10)}) {
        bytes bad = img;
        bad[at] ^= 0x01;
        slot s(bad);
        ASSERT_EQ(boot_image_read_header(&s.fa, &hdr), 0);
        EXPECT_EQ(bootutil_img_validate(&s.fa, &hdr, nullptr, 0, nullptr), BOOT_EBADIMAGE) << at;
    }
}

TEST(bootutil_image, signed_image_needs_a_trusted_key_and_a_good_signature) {
    ec_key key, stranger;
    bytes pub = key.spki(), other_pub = stranger.spki();
    bootutil_key trusted = {pub.data(), uint32_t(pub.size())};
    bootutil_key untrusted = {other_pub.data(), uint32_t(other_pub.size())};
    image_spec spec;
    spec.key = &key;
    slot s(build_image(spec));
    image_header hdr;
    ASSERT_EQ(boot_image_read_header(&s.fa, &hdr), 0);
    EXPECT_EQ(bootutil_img_validate(&s.fa, &hdr, &trusted, 1, nullptr), 0);
    EXPECT_EQ(bootutil_img_validate(&s.fa, &hdr, &untrusted, 1, nullptr), BOOT_EBADIMAGE);
    bootutil_key both[] = {untrusted, trusted};
    EXPECT_EQ(bootutil_img_validate(&s.fa, &hdr, both, 2, nullptr), 0);

    slot unsigned_image(build_image(image_spec{}));
    EXPECT_EQ(bootutil_img_validate(&unsigned_image.fa, &hdr, &trusted, 1, nullptr), BOOT_EBADIMAGE);

    bytes forged = build_image(spec);
    forged.back() ^= 0x01;  // last byte of the DER signature (s)
    slot f(forged);
    EXPECT_EQ(bootutil_img_validate(&f.fa, &hdr, &trusted, 1, nullptr), BOOT_EBADIMAGE);
}

}  // namespace
