#include "sim/fault/verdict.h"

#include <gtest/gtest.h>

using namespace sim;

namespace {

const std::vector<version_set> both_new_or_both_old = {{"2.0.0", "2.0.0"}, {"1.0.0", "1.0.0"}};

recovery_seen started(std::optional<std::string> app, std::optional<std::string> net) {
    recovery_seen seen;
    seen.started = {app, net};
    return seen;
}

}  // namespace

TEST(verdict, both_cores_on_an_accepted_set_recovered) {
    std::string message;
    EXPECT_EQ(classify(started("2.0.0", "2"), both_new_or_both_old, message), point_verdict::recovered);
    EXPECT_EQ(classify(started("1.0.0", "1"), both_new_or_both_old, message), point_verdict::recovered);
    EXPECT_TRUE(message.empty());
}

TEST(verdict, mixed_versions_are_the_wrong_image) {
    std::string message;
    EXPECT_EQ(classify(started("1.0.0", "2"), both_new_or_both_old, message), point_verdict::wrong_image);
    EXPECT_EQ(message, "started app 1.0.0, net 2; accepted: app 2.0.0 with net 2.0.0 or app 1.0.0 with net 1.0.0");
}

TEST(verdict, nothing_started_is_no_boot_or_timeout_by_the_flash_activity) {
    std::string message;
    recovery_seen seen = started("2.0.0", std::nullopt);
    EXPECT_FALSE(all_started(seen, both_new_or_both_old));
    EXPECT_EQ(classify(seen, both_new_or_both_old, message), point_verdict::no_boot);
    EXPECT_NE(message.find("no application started on net (started: app 2.0.0)"), std::string::npos) << message;
    seen.writing_at_limit = true;
    EXPECT_EQ(classify(seen, both_new_or_both_old, message), point_verdict::timeout);
}

TEST(verdict, a_core_started_on_a_version_no_set_accepts_is_the_wrong_image_even_alone) {
    std::string message;
    EXPECT_EQ(classify(started("3.0.0", std::nullopt), both_new_or_both_old, message), point_verdict::wrong_image);
}

TEST(verdict, a_guest_fault_wins) {
    std::string message;
    recovery_seen seen = started("2.0.0", "2");
    seen.fault = "the app core faulted at pc 0x1234";
    EXPECT_EQ(classify(seen, both_new_or_both_old, message), point_verdict::fault);
    EXPECT_EQ(message, "the app core faulted at pc 0x1234");
}

TEST(verdict, only_the_cores_a_set_names_are_checked) {
    std::string message;
    const std::vector<version_set> net_only = {{"", "2.0.0"}};
    EXPECT_TRUE(all_started(started(std::nullopt, "2"), net_only));
    EXPECT_EQ(classify(started(std::nullopt, "2"), net_only, message), point_verdict::recovered);
}

TEST(verdict, the_network_version_is_the_expected_major) {
    EXPECT_TRUE(version_matches(core_id::net, "2", "2.0.0"));
    EXPECT_FALSE(version_matches(core_id::net, "1", "2.0.0"));
    EXPECT_TRUE(version_matches(core_id::app, "2.0.0", "2.0.0"));
    EXPECT_FALSE(version_matches(core_id::app, "2.0.1", "2.0.0"));
}
