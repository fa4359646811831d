// The network application's fw_info as b0n finds it, in NCS's layout and
// nrf53sim's own, and the SHA-256 of its validation info.
#include "sim/dfu/fw_info.h"

#include <gtest/gtest.h>
#include <openssl/sha.h>

#include <cstring>
#include <vector>

#include "sim/soc/loader.h"
#include "tests/support/fixtures.h"

namespace {

using bytes = std::vector<std::uint8_t>;

void put_words(bytes& image, std::size_t at, std::initializer_list<std::uint32_t> words) {
    for (std::uint32_t w : words) {
        std::memcpy(image.data() + at, &w, 4);
        at += 4;
    }
}

// An image of `size` firmware bytes with an fw_info at 0x200 and, after the
// firmware, a validation info holding its SHA-256.
bytes ncs_image(std::uint32_t version, std::uint32_t size = 0x400) {
    bytes image(size + 0x100, 0x00);
    for (std::size_t i = 0; i < size; ++i) image[i] = std::uint8_t(i * 7);
    put_words(image, 0x200, {0x281ee6de, 0x8fcebb4c, 0x00003502, 0x3c, size, version, 0x01008800, 0x01008800});
    put_words(image, size, {0x281ee6de, 0x86518483, 0x00013502, 0x01008800});
    SHA256(image.data(), size, image.data() + size + 16);
    return image;
}

TEST(fw_info, ncs_layout_gives_size_version_and_address_after_total_size) {
    const bytes image = ncs_image(7);
    const auto info = sim::find_fw_info(image.data(), image.size());
    ASSERT_TRUE(info);
    EXPECT_TRUE(info->ncs);
    EXPECT_EQ(info->offset, 0x200u);
    EXPECT_EQ(info->size, 0x400u);
    EXPECT_EQ(info->version, 7u);
    EXPECT_EQ(info->address, 0x01008800u);
    EXPECT_EQ(sim::fw_hash_verdict(image.data(), image.size(), *info), "ok");
}

TEST(fw_info, nrf53sim_layout_has_no_total_size) {
    bytes image(0x2000, 0xff);
    put_words(image, 0x1000, {0x281ee6de, 0x8fcebb4c, 0x00005300, 0x1800, 3, 0x01008800});
    const auto info = sim::find_fw_info(image.data(), image.size());
    ASSERT_TRUE(info);
    EXPECT_FALSE(info->ncs);
    EXPECT_EQ(info->offset, 0x1000u);
    EXPECT_EQ(info->size, 0x1800u);
    EXPECT_EQ(info->version, 3u);
    EXPECT_EQ(sim::fw_hash_verdict(image.data(), image.size(), *info), "missing");
}

TEST(fw_info, a_changed_byte_is_a_bad_hash_and_no_magic_is_no_fw_info) {
    bytes image = ncs_image(1);
    image[0x10] ^= 1;
    const auto info = sim::find_fw_info(image.data(), image.size());
    ASSERT_TRUE(info);
    EXPECT_EQ(sim::fw_hash_verdict(image.data(), image.size(), *info), "bad");
    const bytes blank(0x2000, 0xff);
    EXPECT_FALSE(sim::find_fw_info(blank.data(), blank.size()));
    // Offsets b0n does not look at do not count.
    bytes elsewhere(0x2000, 0xff);
    put_words(elsewhere, 0x300, {0x281ee6de, 0x8fcebb4c, 0x00003502, 0x3c, 0x100, 1, 0x01008800});
    EXPECT_FALSE(sim::find_fw_info(elsewhere.data(), elsewhere.size()));
}

// The real NCS 2.7 network application (b0-signed empty_net_core).
TEST(fw_info, the_ncs_fixture_network_image_is_version_1_with_a_good_hash) {
    REQUIRE_FIXTURE(hex, "ncs-smp-svr/v1/zephyr/merged_CPUNET.hex");
    const sim::loaded_image loaded = sim::load_image(hex);
    bytes app(0x37800, 0xff);
    for (const sim::memory_range& r : loaded.contents.ranges())
        for (std::size_t i = 0; i < r.bytes.size(); ++i)
            if (r.address + i >= 0x01008800 && r.address + i < 0x01008800 + app.size())
                app[r.address + i - 0x01008800] = r.bytes[i];
    const auto info = sim::find_fw_info(app.data(), app.size());
    ASSERT_TRUE(info);
    EXPECT_TRUE(info->ncs);
    EXPECT_EQ(info->version, 1u);
    EXPECT_EQ(info->address, 0x01008800u);
    EXPECT_EQ(sim::fw_hash_verdict(app.data(), app.size(), *info), "ok");
}

}  // namespace
