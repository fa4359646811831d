// Known MCUboot bugs of the update state machine, shown on the host without
// the simulator (firmware/Kconfig.dfu, docs/dfu.md "Known MCUboot bugs").
// This file is compiled into firmware_tests, where bootutil is correct and
// each test shows the fix at work, and into one binary per
// CONFIG_BROKEN_<bug> build of bootutil (tests/CMakeLists.txt), where that
// bug's test shows what a device would do with the bug put back.
#include <gtest/gtest.h>

#include "bootutil_fixture.h"

using namespace bootutil_test;

namespace {

constexpr uint32_t slot_size = 16 * 1024;
constexpr uint32_t sector = 1024;

// Image 0 with swap-move: primary at 0, secondary right after it.
struct swap_rig {
    fake_flash flash{2 * slot_size, sector, 0xff};
    flash_area primary = make_area(flash, 1, 0, slot_size, 4);
    flash_area secondary = make_area(flash, 2, slot_size, slot_size, 4);
    boot_config cfg{};
    boot_rsp rsp{};

    swap_rig() {
        cfg.image_count = 1;
        cfg.mode = BOOT_MODE_SWAP_MOVE;
        cfg.images[0] = {&primary, &secondary};
    }
    swap_rig(const swap_rig& o) : flash(o.flash), primary(o.primary), secondary(o.secondary), cfg(o.cfg) {
        primary.fa_ctx = secondary.fa_ctx = &flash;
        cfg.images[0] = {&primary, &secondary};
    }
    int boot() { return boot_go(&cfg, &rsp); }
    int booted_major() const { return rsp.hdr.ih_ver.iv_major; }
    boot_swap_state state(const flash_area& fa) {
        boot_swap_state st{};
        EXPECT_EQ(boot_read_swap_state(&fa, &st), 0);
        return st;
    }
    bool holds(const flash_area& fa, const bytes& image) const {
        return contents(flash, fa, uint32_t(image.size())) == image;
    }
};

bytes image_of(uint8_t major, uint32_t body) {
    image_spec s;
    s.version = {major, 0, 0, 0};
    s.body_seed = major;
    s.body_size = body;
    return build_image(s);
}

// v1 in the primary, v2 staged for test and swapped in: v2 runs
// unconfirmed, v1 waits in the secondary for the revert.
void run_unconfirmed_v2(swap_rig& r, const bytes& v1, const bytes& v2) {
    program(r.flash, r.primary, v1);
    program(r.flash, r.secondary, v2);
    ASSERT_EQ(boot_set_pending(&r.secondary, 0, false), 0);
    ASSERT_EQ(r.boot(), 0);
    ASSERT_EQ(r.booted_major(), 2);
}

// ---- mcu-tools/mcuboot#2100: a revert cut inside its magic write ----

// The revert's request as a power cut inside its magic write leaves it:
// swap_info and swap_size written, then half of the magic (a torn write).
void write_torn_revert_request(swap_rig& r, uint32_t swap_size) {
    ASSERT_EQ(boot_write_swap_info(&r.secondary, BOOT_SWAP_TYPE_REVERT, 0), 0);
    ASSERT_EQ(boot_write_swap_size(&r.secondary, swap_size), 0);
    ASSERT_EQ(flash_area_write(&r.secondary, boot_magic_off(&r.secondary), boot_img_magic,
                               BOOT_MAGIC_SZ / 2),
              0);
    ASSERT_EQ(r.state(r.secondary).magic, BOOT_MAGIC_BAD);
}

#if defined(CONFIG_BROKEN_REVERT_NEEDS_UNSET_MAGIC)
TEST(mcuboot_2100_broken, a_revert_cut_inside_its_magic_write_never_runs_and_v2_boots_forever) {
    swap_rig r;
    bytes v1 = image_of(1, 5000), v2 = image_of(2, 5000);
    run_unconfirmed_v2(r, v1, v2);
    write_torn_revert_request(r, uint32_t(v1.size()));
    for (int boot = 0; boot < 3; boot++) {
        SCOPED_TRACE("boot " + std::to_string(boot));
        ASSERT_EQ(r.boot(), 0);
        EXPECT_EQ(r.booted_major(), 2) << "the unconfirmed image boots";
        EXPECT_TRUE(r.holds(r.primary, v2));
    }
}
#else
TEST(mcuboot_2100_fixed, a_revert_cut_inside_its_magic_write_still_reverts) {
    swap_rig r;
    bytes v1 = image_of(1, 5000), v2 = image_of(2, 5000);
    run_unconfirmed_v2(r, v1, v2);
    write_torn_revert_request(r, uint32_t(v1.size()));
    ASSERT_EQ(r.boot(), 0);
    EXPECT_EQ(r.booted_major(), 1);
    EXPECT_TRUE(r.holds(r.primary, v1));
    EXPECT_EQ(r.state(r.primary).image_ok, BOOT_FLAG_SET);
}
#endif

// ---- mcu-tools/mcuboot#2109: the header after a resumed swap ----

// The v1 -> v2 test swap cut half-way (v2 smaller than v1), then the boot
// that resumes it.
void resume_a_cut_swap(swap_rig& r, const bytes& v1, const bytes& v2) {
    program(r.flash, r.primary, v1);
    program(r.flash, r.secondary, v2);
    ASSERT_EQ(boot_set_pending(&r.secondary, 0, false), 0);
    swap_rig clean = r;
    ASSERT_EQ(clean.boot(), 0);
    r.flash.cut_at = clean.flash.ops / 2;
    ASSERT_EQ(r.boot(), BOOT_EFLASH);
    r.flash.power_cycle();
}

#if defined(CONFIG_BROKEN_RESUMED_SWAP_HEADER_FROM_SECONDARY)
TEST(mcuboot_2109_broken, the_boot_that_finishes_a_cut_swap_finds_nothing_to_boot_and_the_update_is_lost) {
    swap_rig r;
    bytes v1 = image_of(1, 5000), v2 = image_of(2, 2000);
    resume_a_cut_swap(r, v1, v2);
    EXPECT_EQ(r.boot(), BOOT_EBADIMAGE) << "primary (v2) checked against v1's header";
    EXPECT_TRUE(r.holds(r.primary, v2)) << "the swap itself finished";
    // The next power-on finds a finished test swap whose image never ran to
    // confirm itself: it reverts, and the update is lost.
    r.flash.power_cycle();
    ASSERT_EQ(r.boot(), 0);
    EXPECT_EQ(r.booted_major(), 1);
    EXPECT_TRUE(r.holds(r.primary, v1));
}
#else
TEST(mcuboot_2109_fixed, the_boot_that_finishes_a_cut_swap_boots_the_new_image) {
    swap_rig r;
    bytes v1 = image_of(1, 5000), v2 = image_of(2, 2000);
    resume_a_cut_swap(r, v1, v2);
    ASSERT_EQ(r.boot(), 0);
    EXPECT_EQ(r.booted_major(), 2);
    EXPECT_EQ(r.rsp.hdr.ih_img_size, 2000u);
    EXPECT_TRUE(r.holds(r.primary, v2));
    EXPECT_TRUE(r.holds(r.secondary, v1));
}
#endif

// ---- mcu-tools/mcuboot#2199: a revert with nothing to revert to ----

// v2 runs unconfirmed; then an update v3 arrives that the bootloader
// refuses (bad hash) and scrambles, so v1, the revert's target, is gone.
// Then a boot that finds the revert with no image to go back to.
void lose_the_revert_target(swap_rig& r) {
    bytes v1 = image_of(1, 5000), v2 = image_of(2, 5000);
    run_unconfirmed_v2(r, v1, v2);
    bytes v3 = image_of(3, 5000);
    v3[0x200 + 10] ^= 0x55;
    program(r.flash, r.secondary, v3);
    ASSERT_EQ(boot_set_pending(&r.secondary, 0, false), 0);
    ASSERT_EQ(r.boot(), 0);
    ASSERT_EQ(r.booted_major(), 2);
    image_header hdr;
    ASSERT_EQ(boot_image_read_header(&r.secondary, &hdr), BOOT_EBADIMAGE) << "v3 scrambled";
    ASSERT_EQ(r.boot(), 0);
    ASSERT_EQ(r.booted_major(), 2);
}

#if defined(CONFIG_BROKEN_KEEP_STUCK_REVERT)
TEST(mcuboot_2199_broken, a_revert_with_nothing_to_revert_to_stays_and_swaps_in_an_unrequested_image) {
    swap_rig r;
    lose_the_revert_target(r);
    boot_swap_state primary = r.state(r.primary);
    EXPECT_EQ(primary.magic, BOOT_MAGIC_GOOD);
    EXPECT_EQ(primary.copy_done, BOOT_FLAG_SET);
    EXPECT_EQ(primary.image_ok, BOOT_FLAG_UNSET) << "still asks for a revert";
    // An upload lands in the secondary, not (yet) marked for test.
    bytes v4 = image_of(4, 5000);
    program(r.flash, r.secondary, v4);
    ASSERT_EQ(r.boot(), 0);
    EXPECT_EQ(r.booted_major(), 4) << "the unrequested upload was \"reverted\" to";
}
#else
TEST(mcuboot_2199_fixed, a_revert_with_nothing_to_revert_to_clears_the_primary_trailer) {
    swap_rig r;
    lose_the_revert_target(r);
    EXPECT_EQ(r.state(r.primary).magic, BOOT_MAGIC_UNSET);
    bytes v4 = image_of(4, 5000);
    program(r.flash, r.secondary, v4);
    r.flash.ops = 0;
    ASSERT_EQ(r.boot(), 0);
    EXPECT_EQ(r.booted_major(), 2) << "an upload not marked for test is left alone";
    EXPECT_EQ(r.flash.ops, 0);
    EXPECT_TRUE(r.holds(r.secondary, v4));
}
#endif

}  // namespace
