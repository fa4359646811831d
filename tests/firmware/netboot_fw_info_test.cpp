// netboot's validation of a network-core image (firmware/netboot/fw_info.c):
// images built here the way b0_sign.py builds them.
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

extern "C" {
#include "bootutil/sha256.h"
#include "fw_info.h"
}

namespace {

constexpr uint32_t base = 0x01008800;
constexpr uint32_t slot = 0x37800;

// A firmware of `size` bytes: vector table (reset vector inside), fw_info
// at 0x200, then the validation info with the SHA-256 of the firmware.
std::vector<uint8_t> make_image(uint32_t size = 0x900, uint32_t info_offset = 0x200) {
    std::vector<uint8_t> fw(size, 0x5a);
    uint32_t sp = 0x21010000, reset = base + 0x301;
    std::memcpy(&fw[0], &sp, 4);
    std::memcpy(&fw[4], &reset, 4);
    fw_info info = {{FW_INFO_MAGIC0, FW_INFO_MAGIC1, FW_INFO_MAGIC2}, size, 2, base, base,
                    FW_INFO_VALID_VAL};
    std::memcpy(&fw[info_offset], &info, sizeof(info));
    fw_validation_info v = {};
    v.magic[0] = VALIDATION_INFO_MAGIC0;
    v.magic[1] = VALIDATION_INFO_MAGIC1;
    v.magic[2] = VALIDATION_INFO_MAGIC2;
    v.address = base;
    sha256(fw.data(), fw.size(), v.hash);
    fw.resize((size + 3) / 4 * 4, 0xff);
    const uint8_t* p = reinterpret_cast<const uint8_t*>(&v);
    fw.insert(fw.end(), p, p + sizeof(v));
    return fw;
}

fw_verdict check(const std::vector<uint8_t>& image, uint32_t dst = base) {
    return fw_validate(image.data(), uint32_t(image.size()), dst, slot);
}

fw_info* info_in(std::vector<uint8_t>& image) { return reinterpret_cast<fw_info*>(&image[0x200]); }

}  // namespace

TEST(netboot_fw_info, well_formed_image_is_valid) {
    EXPECT_EQ(check(make_image()), FW_OK);
    EXPECT_EQ(check(make_image(0x1001)), FW_OK);  // size not a multiple of 4
}

TEST(netboot_fw_info, fw_info_is_found_only_at_the_allowed_offsets) {
    EXPECT_EQ(check(make_image(0x2000, 0x1000)), FW_OK);
    EXPECT_EQ(check(make_image(0x2000, 0x300)), FW_NO_INFO);
}

TEST(netboot_fw_info, one_flipped_byte_is_a_hash_mismatch) {
    std::vector<uint8_t> image = make_image();
    image[0x400] ^= 1;
    EXPECT_EQ(check(image), FW_BAD_HASH);
}

TEST(netboot_fw_info, image_for_another_address_is_refused) {
    EXPECT_EQ(check(make_image(), base + 0x800), FW_WRONG_ADDRESS);
}

TEST(netboot_fw_info, invalidated_oversized_or_misdirected_images_are_refused) {
    std::vector<uint8_t> image = make_image();
    info_in(image)->valid = 0;
    EXPECT_EQ(check(image), FW_NOT_VALID);
    image = make_image();
    info_in(image)->size = slot + 4;
    EXPECT_EQ(check(image), FW_TOO_LARGE);
    image = make_image();
    uint32_t outside = base + 0x10000;
    std::memcpy(&image[4], &outside, 4);
    EXPECT_EQ(check(image), FW_BAD_ENTRY);
}

TEST(netboot_fw_info, truncated_image_has_no_validation_info) {
    std::vector<uint8_t> image = make_image();
    image.resize(image.size() - 10);
    EXPECT_EQ(check(image), FW_NO_VALIDATION);
}
