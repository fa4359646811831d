// Upgrades on a RAM flash, interrupted by a power cut at every flash
// operation in turn and then completed by a second boot (the MCUboot
// simulator's run_perm_with_fails / run_revert_with_fails, reference §7).
#include <gtest/gtest.h>

#include <functional>

#include "bootutil_fixture.h"

using namespace bootutil_test;

namespace {

struct geometry {
    uint32_t slot_size = 16 * 1024;
    uint32_t sector = 1024;
    uint8_t align = 4;
    uint8_t erased = 0xff;
};

// Slots of image i: primary at 2i * slot_size, secondary right after it.
struct rig {
    geometry geo;
    fake_flash flash;
    std::vector<flash_area> areas;
    boot_config cfg{};

    rig(boot_mode mode, unsigned images, geometry g = {})
        : geo(g), flash(2 * images * g.slot_size, g.sector, g.erased) {
        for (unsigned i = 0; i < 2 * images; i++)
            areas.push_back(make_area(flash, uint8_t(i + 1), i * g.slot_size, g.slot_size, g.align));
        cfg.image_count = images;
        cfg.mode = mode;
        bind();
    }
    rig(const rig& o) : geo(o.geo), flash(o.flash), areas(o.areas), cfg(o.cfg) { bind(); }

    void bind() {
        for (auto& fa : areas) fa.fa_ctx = &flash;
        for (unsigned i = 0; i < cfg.image_count; i++)
            cfg.images[i] = {&areas[2 * i], &areas[2 * i + 1]};
    }
    const flash_area& primary(unsigned i = 0) const { return areas[2 * i]; }
    const flash_area& secondary(unsigned i = 0) const { return areas[2 * i + 1]; }

    int boot() {
        boot_rsp rsp;
        return boot_go(&cfg, &rsp);
    }
    boot_swap_state state(const flash_area& fa) {
        boot_swap_state st{};
        EXPECT_EQ(boot_read_swap_state(&fa, &st), 0);
        return st;
    }
    bool holds(const flash_area& fa, const bytes& image) const {
        return contents(flash, fa, uint32_t(image.size())) == image;
    }
};

image_spec spec_of(uint8_t major, uint8_t seed, uint32_t body = 5000) {
    image_spec s;
    s.version = {major, 0, 0, 0};
    s.body_seed = seed;
    s.body_size = body;
    return s;
}

// Boots `base` once cleanly to count its flash operations, then for every k
// boots a copy with power cut at operation k, boots again to completion and
// runs check on the result.
void sweep_power_cuts(const rig& base, const std::function<void(rig&)>& check) {
    rig clean = base;
    ASSERT_EQ(clean.boot(), 0);
    long total = clean.flash.ops;
    ASSERT_GT(total, 0);
    check(clean);
    for (long k = 1; k <= total; k++) {
        SCOPED_TRACE("power cut at flash operation " + std::to_string(k) + " of " +
                     std::to_string(total));
        rig r = base;
        r.flash.cut_at = k;
        EXPECT_EQ(r.boot(), BOOT_EFLASH);
        r.flash.power_cycle();
        ASSERT_EQ(r.boot(), 0);
        EXPECT_TRUE(r.flash.violation.empty()) << r.flash.violation;
        check(r);
        if (testing::Test::HasFailure()) return;
    }
}

// Up to five successive power cuts, each at a pseudo-random operation in the
// first half of what is left, then one uninterrupted boot (MCUboot's
// run_perm_with_random_fails(5)). Deterministic: a fixed LCG per seed.
void random_power_cuts(const rig& base, const std::function<void(rig&)>& check) {
    rig clean = base;
    ASSERT_EQ(clean.boot(), 0);
    for (uint32_t seed = 1; seed <= 40; seed++) {
        SCOPED_TRACE("seed " + std::to_string(seed));
        rig r = base;
        uint32_t x = seed;
        long remaining = clean.flash.ops;
        for (int cut = 0; cut < 5 && remaining > 1; cut++) {
            x = x * 1103515245u + 12345u;
            long at = 1 + long((x >> 8) % uint32_t(remaining / 2));
            r.flash.cut_at = at;
            r.boot();
            r.flash.power_cycle();
            remaining -= at;
        }
        ASSERT_EQ(r.boot(), 0);
        EXPECT_TRUE(r.flash.violation.empty()) << r.flash.violation;
        check(r);
        if (testing::Test::HasFailure()) return;
    }
}

TEST(bootutil_upgrade, overwrite_installs_the_secondary_and_scrambles_it) {
    rig r(BOOT_MODE_OVERWRITE_ONLY, 1);
    bytes v1 = build_image(spec_of(1, 1)), v2 = build_image(spec_of(2, 2));
    program(r.flash, r.primary(), v1);
    program(r.flash, r.secondary(), v2);
    ASSERT_EQ(boot_set_pending(&r.secondary(), 0, false), 0);
    boot_rsp rsp;
    ASSERT_EQ(boot_go(&r.cfg, &rsp), 0);
    EXPECT_EQ(rsp.fa, &r.primary());
    EXPECT_EQ(rsp.hdr.ih_ver.iv_major, 2);
    EXPECT_TRUE(r.holds(r.primary(), v2));
    EXPECT_EQ(r.state(r.primary()).magic, BOOT_MAGIC_GOOD);
    EXPECT_EQ(r.state(r.secondary()).magic, BOOT_MAGIC_UNSET);
    image_header hdr;
    EXPECT_EQ(boot_image_read_header(&r.secondary(), &hdr), BOOT_EBADIMAGE);
    r.flash.ops = 0;
    ASSERT_EQ(r.boot(), 0);
    EXPECT_EQ(r.flash.ops, 0) << "a second boot must not touch flash";
}

TEST(bootutil_upgrade, overwrite_survives_a_power_cut_at_every_operation) {
    for (geometry g : {geometry{}, geometry{16 * 1024, 1024, 8, 0x00}, geometry{16 * 1024, 2048, 1, 0xff}}) {
        SCOPED_TRACE("align " + std::to_string(g.align) + " erased " + std::to_string(g.erased));
        rig base(BOOT_MODE_OVERWRITE_ONLY, 1, g);
        bytes v1 = build_image(spec_of(1, 1)), v2 = build_image(spec_of(2, 2, 9000));
        program(base.flash, base.primary(), v1);
        program(base.flash, base.secondary(), v2);
        ASSERT_EQ(boot_set_pending(&base.secondary(), 0, true), 0);
        sweep_power_cuts(base, [&](rig& r) {
            EXPECT_TRUE(r.holds(r.primary(), v2));
            EXPECT_EQ(r.state(r.secondary()).magic, BOOT_MAGIC_UNSET);
        });
    }
}

TEST(bootutil_upgrade, invalid_secondary_is_scrambled_and_primary_kept) {
    rig r(BOOT_MODE_OVERWRITE_ONLY, 1);
    bytes v1 = build_image(spec_of(1, 1)), v2 = build_image(spec_of(2, 2));
    v2[0x200 + 100] ^= 0x01;  // body no longer matches the SHA-256 TLV
    program(r.flash, r.primary(), v1);
    program(r.flash, r.secondary(), v2);
    ASSERT_EQ(boot_set_pending(&r.secondary(), 0, true), 0);
    ASSERT_EQ(r.boot(), 0);
    EXPECT_TRUE(r.holds(r.primary(), v1));
    EXPECT_EQ(r.state(r.secondary()).magic, BOOT_MAGIC_UNSET);
}

TEST(bootutil_upgrade, unsigned_update_is_refused_when_keys_are_configured) {
    ec_key key;
    bytes pub = key.spki();
    bootutil_key trusted = {pub.data(), uint32_t(pub.size())};
    rig r(BOOT_MODE_OVERWRITE_ONLY, 1);
    r.cfg.keys = &trusted;
    r.cfg.key_count = 1;
    image_spec signed_v1 = spec_of(1, 1);
    signed_v1.key = &key;
    bytes v1 = build_image(signed_v1), v2 = build_image(spec_of(2, 2));
    program(r.flash, r.primary(), v1);
    program(r.flash, r.secondary(), v2);
    ASSERT_EQ(boot_set_pending(&r.secondary(), 0, true), 0);
    ASSERT_EQ(r.boot(), 0);
    EXPECT_TRUE(r.holds(r.primary(), v1));

    image_spec signed_v2 = spec_of(2, 2);
    signed_v2.key = &key;
    bytes good_v2 = build_image(signed_v2);
    program(r.flash, r.secondary(), good_v2);
    ASSERT_EQ(boot_set_pending(&r.secondary(), 0, true), 0);
    ASSERT_EQ(r.boot(), 0);
    EXPECT_TRUE(r.holds(r.primary(), good_v2));
}

TEST(bootutil_upgrade, no_valid_primary_means_nothing_to_boot) {
    rig r(BOOT_MODE_OVERWRITE_ONLY, 1);
    boot_rsp rsp;
    EXPECT_EQ(boot_go(&r.cfg, &rsp), BOOT_EBADIMAGE);
    image_spec non_bootable = spec_of(1, 1);
    non_bootable.flags = IMAGE_F_NON_BOOTABLE;
    program(r.flash, r.primary(), build_image(non_bootable));
    EXPECT_EQ(boot_go(&r.cfg, &rsp), BOOT_EBADIMAGE);
}

// Two images whose updates require each other (NRF53_ENFORCE_IMAGE_VERSION_EQUALITY).
struct two_images {
    rig base{BOOT_MODE_OVERWRITE_ONLY, 2};
    bytes app_v1, net_v1, app_v2, net_v2;
    two_images() {
        app_v1 = build_image(spec_of(1, 1));
        net_v1 = build_image(spec_of(1, 11, 4000));
        image_spec app = spec_of(2, 2), net = spec_of(2, 12, 7000);
        app.deps = {{1, {2, 0, 0, 0}}};
        net.deps = {{0, {2, 0, 0, 0}}};
        app_v2 = build_image(app);
        net_v2 = build_image(net);
        program(base.flash, base.primary(0), app_v1);
        program(base.flash, base.primary(1), net_v1);
    }
};

TEST(bootutil_upgrade, multi_image_update_waits_for_its_dependency) {
    two_images t;
    rig r = t.base;
    program(r.flash, r.secondary(0), t.app_v2);
    ASSERT_EQ(boot_set_pending(&r.secondary(0), 0, true), 0);
    ASSERT_EQ(r.boot(), 0);
    EXPECT_TRUE(r.holds(r.primary(0), t.app_v1)) << "app v2 needs net v2";
    EXPECT_EQ(r.state(r.secondary(0)).magic, BOOT_MAGIC_GOOD) << "still pending";

    program(r.flash, r.secondary(1), t.net_v2);
    ASSERT_EQ(boot_set_pending(&r.secondary(1), 1, true), 0);
    ASSERT_EQ(r.boot(), 0);
    EXPECT_TRUE(r.holds(r.primary(0), t.app_v2));
    EXPECT_TRUE(r.holds(r.primary(1), t.net_v2));
}

TEST(bootutil_upgrade, multi_image_overwrite_survives_a_power_cut_at_every_operation) {
    two_images t;
    program(t.base.flash, t.base.secondary(0), t.app_v2);
    program(t.base.flash, t.base.secondary(1), t.net_v2);
    ASSERT_EQ(boot_set_pending(&t.base.secondary(0), 0, true), 0);
    ASSERT_EQ(boot_set_pending(&t.base.secondary(1), 1, true), 0);
    sweep_power_cuts(t.base, [&](rig& r) {
        EXPECT_TRUE(r.holds(r.primary(0), t.app_v2));
        EXPECT_TRUE(r.holds(r.primary(1), t.net_v2));
        EXPECT_EQ(r.state(r.secondary(0)).magic, BOOT_MAGIC_UNSET);
        EXPECT_EQ(r.state(r.secondary(1)).magic, BOOT_MAGIC_UNSET);
    });
}

TEST(bootutil_upgrade, failing_copy_hook_leaves_the_upgrade_pending) {
    rig r(BOOT_MODE_OVERWRITE_ONLY, 1);
    bytes v1 = build_image(spec_of(1, 1)), v2 = build_image(spec_of(2, 2));
    program(r.flash, r.primary(), v1);
    program(r.flash, r.secondary(), v2);
    ASSERT_EQ(boot_set_pending(&r.secondary(), 0, true), 0);
    int calls = 0, result = -1;
    r.cfg.hook_ctx = &calls;
    static int* hook_result = nullptr;
    hook_result = &result;
    r.cfg.copy_done_hook = [](void* ctx, unsigned image, const flash_area*) {
        ++*static_cast<int*>(ctx);
        return image == 0 ? *hook_result : 0;
    };
    ASSERT_EQ(r.boot(), 0);
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(r.state(r.secondary()).magic, BOOT_MAGIC_GOOD);
    result = 0;
    ASSERT_EQ(r.boot(), 0);
    EXPECT_EQ(calls, 2);
    EXPECT_EQ(r.state(r.secondary()).magic, BOOT_MAGIC_UNSET);
    EXPECT_TRUE(r.holds(r.primary(), v2));
}

// Swap-using-move.
struct swap_setup {
    rig base;
    bytes v1, v2;
    explicit swap_setup(geometry g = {}) : base(BOOT_MODE_SWAP_MOVE, 1, g) {
        v1 = build_image(spec_of(1, 1, 6000));
        v2 = build_image(spec_of(2, 2, 4500));
        program(base.flash, base.primary(), v1);
        program(base.flash, base.secondary(), v2);
    }
};

void expect_trailer(rig& r, const flash_area& fa, uint8_t magic, uint8_t image_ok, uint8_t copy_done) {
    boot_swap_state st = r.state(fa);
    EXPECT_EQ(st.magic, magic);
    EXPECT_EQ(st.image_ok, image_ok);
    EXPECT_EQ(st.copy_done, copy_done);
}

TEST(bootutil_upgrade, swap_move_perm_survives_a_power_cut_at_every_operation) {
    for (geometry g : {geometry{}, geometry{16 * 1024, 1024, 8, 0x00}}) {
        SCOPED_TRACE("align " + std::to_string(g.align));
        swap_setup s(g);
        ASSERT_EQ(boot_set_pending(&s.base.secondary(), 0, true), 0);
        sweep_power_cuts(s.base, [&](rig& r) {
            EXPECT_TRUE(r.holds(r.primary(), s.v2));
            EXPECT_TRUE(r.holds(r.secondary(), s.v1));
            expect_trailer(r, r.primary(), BOOT_MAGIC_GOOD, BOOT_FLAG_SET, BOOT_FLAG_SET);
            expect_trailer(r, r.secondary(), BOOT_MAGIC_UNSET, BOOT_FLAG_UNSET, BOOT_FLAG_UNSET);
        });
    }
}

TEST(bootutil_upgrade, swap_move_perm_survives_repeated_random_power_cuts) {
    swap_setup s;
    ASSERT_EQ(boot_set_pending(&s.base.secondary(), 0, true), 0);
    random_power_cuts(s.base, [&](rig& r) {
        EXPECT_TRUE(r.holds(r.primary(), s.v2));
        EXPECT_TRUE(r.holds(r.secondary(), s.v1));
        expect_trailer(r, r.primary(), BOOT_MAGIC_GOOD, BOOT_FLAG_SET, BOOT_FLAG_SET);
    });
}

TEST(bootutil_upgrade, multi_image_overwrite_survives_repeated_random_power_cuts) {
    two_images t;
    program(t.base.flash, t.base.secondary(0), t.app_v2);
    program(t.base.flash, t.base.secondary(1), t.net_v2);
    ASSERT_EQ(boot_set_pending(&t.base.secondary(0), 0, false), 0);
    ASSERT_EQ(boot_set_pending(&t.base.secondary(1), 1, false), 0);
    random_power_cuts(t.base, [&](rig& r) {
        EXPECT_TRUE(r.holds(r.primary(0), t.app_v2));
        EXPECT_TRUE(r.holds(r.primary(1), t.net_v2));
    });
}

TEST(bootutil_upgrade, swap_move_test_reverts_unless_confirmed) {
    swap_setup s;
    rig r = s.base;
    ASSERT_EQ(boot_set_pending(&r.secondary(), 0, false), 0);
    ASSERT_EQ(r.boot(), 0);
    EXPECT_TRUE(r.holds(r.primary(), s.v2));
    expect_trailer(r, r.primary(), BOOT_MAGIC_GOOD, BOOT_FLAG_UNSET, BOOT_FLAG_SET);

    rig confirmed = r;
    ASSERT_EQ(boot_set_confirmed(&confirmed.primary()), 0);
    ASSERT_EQ(confirmed.boot(), 0);
    EXPECT_TRUE(confirmed.holds(confirmed.primary(), s.v2));

    ASSERT_EQ(r.boot(), 0);  // not confirmed: back to v1 for good
    EXPECT_TRUE(r.holds(r.primary(), s.v1));
    EXPECT_TRUE(r.holds(r.secondary(), s.v2));
    expect_trailer(r, r.primary(), BOOT_MAGIC_GOOD, BOOT_FLAG_SET, BOOT_FLAG_SET);
    ASSERT_EQ(r.boot(), 0);
    EXPECT_TRUE(r.holds(r.primary(), s.v1));
}

TEST(bootutil_upgrade, swap_move_test_and_revert_survive_power_cuts) {
    swap_setup s;
    ASSERT_EQ(boot_set_pending(&s.base.secondary(), 0, false), 0);
    sweep_power_cuts(s.base, [&](rig& r) {
        EXPECT_TRUE(r.holds(r.primary(), s.v2));
        expect_trailer(r, r.primary(), BOOT_MAGIC_GOOD, BOOT_FLAG_UNSET, BOOT_FLAG_SET);
    });
    rig tested = s.base;
    ASSERT_EQ(tested.boot(), 0);
    tested.flash.ops = 0;
    sweep_power_cuts(tested, [&](rig& r) {
        EXPECT_TRUE(r.holds(r.primary(), s.v1));
        EXPECT_TRUE(r.holds(r.secondary(), s.v2));
        expect_trailer(r, r.primary(), BOOT_MAGIC_GOOD, BOOT_FLAG_SET, BOOT_FLAG_SET);
    });
}

TEST(bootutil_upgrade, swap_move_refuses_an_image_without_room_to_move) {
    rig r(BOOT_MODE_SWAP_MOVE, 1);
    // 16 KiB slot, 1584-byte trailer (3 * 128 status records of 4 bytes + 48):
    // 14 whole sectors, one kept free for the move, so 13 KiB at most.
    bytes v1 = build_image(spec_of(1, 1)), big = build_image(spec_of(2, 2, 13 * 1024 - 0x200));
    program(r.flash, r.primary(), v1);
    program(r.flash, r.secondary(), big);
    ASSERT_EQ(boot_set_pending(&r.secondary(), 0, true), 0);
    ASSERT_EQ(r.boot(), 0);
    EXPECT_TRUE(r.holds(r.primary(), v1));

    bytes largest = build_image(spec_of(2, 2, 13 * 1024 - 0x200 - 40));  // 40 bytes of TLVs
    program(r.flash, r.secondary(), largest);
    ASSERT_EQ(boot_set_pending(&r.secondary(), 0, true), 0);
    ASSERT_EQ(r.boot(), 0);
    EXPECT_TRUE(r.holds(r.primary(), largest));
}

}  // namespace
