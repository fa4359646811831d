// The PCD client (firmware/bootloader/bootutil/src/pcd.c) against a fake
// network core that answers through the command block while it runs.
#include <gtest/gtest.h>

#include <string>
#include <vector>

extern "C" {
#include "bootutil/pcd.h"
}

namespace {

// The registers and the network core: what the client did, in order, and
// what the network core answers after `answer_after_us` of running.
struct fake_soc {
    pcd_cmd cmd{};
    bool forceoff = true;
    bool extdomain_secure = false;
    std::vector<std::string> log;
    uint32_t answer = PCD_MAGIC_DONE;
    uint64_t answer_after_us = 3000;
    uint64_t running_us = 0;
    pcd_cmd seen_at_release{};

    static fake_soc& of(void* ctx) { return *static_cast<fake_soc*>(ctx); }
    static void set_extdomain(void* ctx, bool secure) {
        of(ctx).extdomain_secure = secure;
        of(ctx).log.push_back(secure ? "extdomain secure" : "extdomain non-secure");
    }
    static void set_forceoff(void* ctx, bool hold) {
        fake_soc& s = of(ctx);
        if (s.forceoff && !hold) s.seen_at_release = s.cmd;
        s.forceoff = hold;
        s.log.push_back(hold ? "forceoff hold" : "forceoff release");
    }
    static void delay(void* ctx, uint32_t us) {
        fake_soc& s = of(ctx);
        if (s.forceoff) return;
        s.running_us += us;
        if (s.running_us >= s.answer_after_us && s.cmd.magic == PCD_MAGIC_COPY) s.cmd.magic = s.answer;
    }
};

const pcd_ops ops = {fake_soc::set_extdomain, fake_soc::set_forceoff, fake_soc::delay};

pcd_client client_for(fake_soc& s, uint32_t timeout_us = 1000000) {
    return pcd_client{&ops, &s, &s.cmd, 1000, timeout_us};
}

}  // namespace

TEST(pcd, status_reads_any_unknown_word_as_failed) {
    EXPECT_EQ(pcd_status_of(PCD_MAGIC_COPY), PCD_STATUS_COPY);
    EXPECT_EQ(pcd_status_of(PCD_MAGIC_DONE), PCD_STATUS_DONE);
    EXPECT_EQ(pcd_status_of(PCD_MAGIC_READ_VERSION), PCD_STATUS_READ_VERSION);
    EXPECT_EQ(pcd_status_of(PCD_MAGIC_FAIL), PCD_STATUS_FAILED);
    EXPECT_EQ(pcd_status_of(0xA5A5A5A5u), PCD_STATUS_FAILED);  // RAM after power-on
}

TEST(pcd, done_sends_the_whole_command_before_release_and_forces_off_after) {
    fake_soc s;
    pcd_client c = client_for(s);
    EXPECT_EQ(pcd_network_core_update(&c, 0x20008200, 0x1234, 0x8800), PCD_OK);
    EXPECT_EQ(s.seen_at_release.magic, PCD_MAGIC_COPY);
    EXPECT_EQ(s.seen_at_release.data, 0x20008200u);
    EXPECT_EQ(s.seen_at_release.len, 0x1234u);
    EXPECT_EQ(s.seen_at_release.offset, 0x8800u);
    std::vector<std::string> expected = {"extdomain secure", "forceoff hold", "forceoff release",
                                         "forceoff hold", "extdomain non-secure"};
    EXPECT_EQ(s.log, expected);
    EXPECT_TRUE(s.forceoff);
}

TEST(pcd, fail_is_reported_and_the_network_core_forced_off) {
    fake_soc s;
    s.answer = PCD_MAGIC_FAIL;
    pcd_client c = client_for(s);
    EXPECT_EQ(pcd_network_core_update(&c, 0x20008200, 16, 0x8800), PCD_EFAILED);
    EXPECT_TRUE(s.forceoff);
    EXPECT_FALSE(s.extdomain_secure);
}

TEST(pcd, silent_network_core_times_out_and_is_forced_off) {
    fake_soc s;
    s.answer_after_us = 5000000;  // after the timeout
    pcd_client c = client_for(s, 20000);
    EXPECT_EQ(pcd_network_core_update(&c, 0x20008200, 16, 0x8800), PCD_ETIMEDOUT);
    EXPECT_EQ(s.running_us, 20000u);  // waited exactly the timeout
    EXPECT_TRUE(s.forceoff);
    EXPECT_FALSE(s.extdomain_secure);
}

TEST(pcd, empty_command_is_refused_without_touching_the_network_core) {
    fake_soc s;
    pcd_client c = client_for(s);
    EXPECT_EQ(pcd_network_core_update(&c, 0, 16, 0x8800), PCD_EINVAL);
    EXPECT_EQ(pcd_network_core_update(&c, 0x20008200, 0, 0x8800), PCD_EINVAL);
    EXPECT_TRUE(s.log.empty());
}
