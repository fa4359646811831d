// Trailer layout and the swap decision table (reference §2.3-2.4), with
// offsets written down from the spec rather than taken from the code.
#include <gtest/gtest.h>

#include "bootutil_fixture.h"

using namespace bootutil_test;

namespace {

const uint8_t magic[16] = {0x77, 0xc2, 0x95, 0xf3, 0x60, 0xd2, 0xef, 0x7f,
                           0x35, 0x52, 0x50, 0x0f, 0x2c, 0xb6, 0x79, 0x80};

struct slot_pair {
    fake_flash flash{0x8000, 0x1000, 0xff};
    flash_area primary = make_area(flash, 1, 0, 0x4000, 4);
    flash_area secondary = make_area(flash, 2, 0x4000, 0x4000, 4);
    const uint8_t* at(const flash_area& fa, uint32_t off) const {
        return flash.mem.data() + fa.fa_off + off;
    }
};

TEST(bootutil_trailer, fields_sit_below_the_magic_at_max_align_spacing) {
    slot_pair s;
    EXPECT_EQ(boot_magic_off(&s.primary), 0x4000u - 16);
    EXPECT_EQ(boot_image_ok_off(&s.primary), 0x4000u - 24);
    EXPECT_EQ(boot_copy_done_off(&s.primary), 0x4000u - 32);
    EXPECT_EQ(boot_swap_info_off(&s.primary), 0x4000u - 40);
    EXPECT_EQ(boot_swap_size_off(&s.primary), 0x4000u - 48);
    EXPECT_EQ(boot_trailer_sz(&s.primary, true), 128u * 3 * 4 + 4 * 8 + 16);
    EXPECT_EQ(boot_trailer_sz(&s.primary, false), 2u * 8 + 16);
}

TEST(bootutil_trailer, test_request_writes_magic_and_swap_info_on_the_secondary) {
    slot_pair s;
    ASSERT_EQ(boot_set_pending(&s.secondary, 1, false), 0);
    EXPECT_EQ(std::memcmp(s.at(s.secondary, 0x4000 - 16), magic, 16), 0);
    EXPECT_EQ(*s.at(s.secondary, 0x4000 - 40), 0x12);  // image 1 << 4 | TEST
    EXPECT_EQ(*s.at(s.secondary, 0x4000 - 24), 0xff);  // image_ok stays erased
    boot_swap_state st;
    ASSERT_EQ(boot_read_swap_state(&s.secondary, &st), 0);
    EXPECT_EQ(st.magic, BOOT_MAGIC_GOOD);
    EXPECT_EQ(st.swap_type, BOOT_SWAP_TYPE_TEST);
    EXPECT_EQ(st.image_num, 1);
    EXPECT_EQ(st.image_ok, BOOT_FLAG_UNSET);
    // Asking again changes nothing (and would fail on a double write).
    EXPECT_EQ(boot_set_pending(&s.secondary, 1, true), 0);
    EXPECT_TRUE(s.flash.violation.empty());
}

TEST(bootutil_trailer, permanent_request_also_sets_image_ok) {
    slot_pair s;
    ASSERT_EQ(boot_set_pending(&s.secondary, 0, true), 0);
    EXPECT_EQ(*s.at(s.secondary, 0x4000 - 24), 0x01);
    EXPECT_EQ(*s.at(s.secondary, 0x4000 - 40), 0x03);
}

TEST(bootutil_trailer, corrupt_magic_reads_bad_and_refuses_a_request) {
    slot_pair s;
    s.flash.mem[s.secondary.fa_off + 0x4000 - 1] = 0x00;
    boot_swap_state st;
    ASSERT_EQ(boot_read_swap_state(&s.secondary, &st), 0);
    EXPECT_EQ(st.magic, BOOT_MAGIC_BAD);
    EXPECT_EQ(boot_set_pending(&s.secondary, 0, false), BOOT_EBADIMAGE);
}

TEST(bootutil_trailer, confirm_sets_image_ok_only_on_a_good_primary_trailer) {
    slot_pair s;
    ASSERT_EQ(boot_set_confirmed(&s.primary), 0);  // no trailer: nothing written
    EXPECT_EQ(*s.at(s.primary, 0x4000 - 24), 0xff);
    ASSERT_EQ(boot_write_magic(&s.primary), 0);
    ASSERT_EQ(boot_set_confirmed(&s.primary), 0);
    EXPECT_EQ(*s.at(s.primary, 0x4000 - 24), 0x01);
    ASSERT_EQ(boot_set_confirmed(&s.primary), 0);  // idempotent
    EXPECT_TRUE(s.flash.violation.empty());
}

TEST(bootutil_trailer, decision_table_rows_in_order) {
    auto st = [](uint8_t magic, uint8_t image_ok, uint8_t copy_done) {
        return boot_swap_state{magic, BOOT_SWAP_TYPE_NONE, copy_done, image_ok, 0};
    };
    const boot_swap_state unset = st(BOOT_MAGIC_UNSET, BOOT_FLAG_UNSET, BOOT_FLAG_UNSET);
    const boot_swap_state test_req = st(BOOT_MAGIC_GOOD, BOOT_FLAG_UNSET, BOOT_FLAG_UNSET);
    const boot_swap_state perm_req = st(BOOT_MAGIC_GOOD, BOOT_FLAG_SET, BOOT_FLAG_UNSET);
    const boot_swap_state tested = st(BOOT_MAGIC_GOOD, BOOT_FLAG_UNSET, BOOT_FLAG_SET);
    const boot_swap_state confirmed = st(BOOT_MAGIC_GOOD, BOOT_FLAG_SET, BOOT_FLAG_SET);
    EXPECT_EQ(boot_swap_type(&unset, &unset), BOOT_SWAP_TYPE_NONE);
    EXPECT_EQ(boot_swap_type(&unset, &test_req), BOOT_SWAP_TYPE_TEST);
    EXPECT_EQ(boot_swap_type(&unset, &perm_req), BOOT_SWAP_TYPE_PERM);
    EXPECT_EQ(boot_swap_type(&tested, &unset), BOOT_SWAP_TYPE_REVERT);
    EXPECT_EQ(boot_swap_type(&confirmed, &unset), BOOT_SWAP_TYPE_NONE);
    // A new request wins over a pending revert: rows are scanned in order.
    EXPECT_EQ(boot_swap_type(&tested, &test_req), BOOT_SWAP_TYPE_TEST);
    const boot_swap_state bad = st(BOOT_MAGIC_BAD, BOOT_FLAG_SET, BOOT_FLAG_SET);
    EXPECT_EQ(boot_swap_type(&unset, &bad), BOOT_SWAP_TYPE_NONE);
}

}  // namespace
