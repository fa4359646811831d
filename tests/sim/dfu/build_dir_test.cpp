// `nrf53sim partitions DIR` on NCS-style build directories of both layouts.
#include "sim/dfu/build_dir.h"

#include <gtest/gtest.h>

#include <sstream>

namespace {

const std::string builds = SOURCE_DIR "/tests/sim/data/builds/";

struct outcome {
    int exit_code;
    std::string out, err;
};

outcome run_partitions(const std::string& dir) {
    std::string path = builds + dir;
    const char* argv[] = {"partitions", path.c_str()};
    std::ostringstream out, err;
    int code = sim::partitions_main(2, const_cast<char**>(argv), out, err);
    return {code, out.str(), err.str()};
}

TEST(build_dir, sysbuild_layout_passes_and_prints_both_cores) {
    outcome result = run_partitions("sysbuild_ok");
    EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
    EXPECT_NE(result.out.find("(sysbuild layout)"), std::string::npos);
    EXPECT_NE(result.out.find("0xc000     - 0xf0000      0xe4000  mcuboot_primary [mcuboot_pad, app]"),
              std::string::npos) << result.out;
    EXPECT_NE(result.out.find("0x1008800  - 0x1040000    0x37800  app"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("PASS simultaneous multi-image DFU rules"), std::string::npos);
}

TEST(build_dir, sysbuild_finds_the_application_config_through_domains_yaml) {
    sim::build_directory build = sim::read_build_directory(builds + "sysbuild_ok");
    ASSERT_TRUE(build.application_config);
    EXPECT_NE(build.application_config->file().find("peripheral_lbs/zephyr/.config"), std::string::npos);
    ASSERT_NE(build.find("mcuboot_secondary_1"), nullptr);
    EXPECT_EQ(build.find("mcuboot_secondary_1")->address, 0xe4000u);
    EXPECT_EQ(build.find("b0n")->address, 0x01000000u);  // found in the network core's layout
}

TEST(build_dir, child_image_layout_passes_with_the_net_layout_from_its_child) {
    outcome result = run_partitions("child_ok");
    EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
    EXPECT_NE(result.out.find("(child images layout)"), std::string::npos);
    EXPECT_NE(result.out.find("b0n_container [b0n, provision]"), std::string::npos) << result.out;
}

TEST(build_dir, missing_pcd_sram_fails_with_the_rule_and_the_fix) {
    outcome result = run_partitions("no_pcd_sram");
    EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
    EXPECT_NE(result.out.find("FAIL pcd_sram is missing"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("FAIL CONFIG_PCD_APP is not set in the bootloader"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("fix: set CONFIG_PCD_APP=y in the bootloader's configuration"), std::string::npos);
    EXPECT_NE(result.out.find("2 rule(s)"), std::string::npos) << result.out;
}

TEST(build_dir, ram_slot_outside_ram_flash_fails_with_the_rule) {
    outcome result = run_partitions("primary_1_in_flash");
    EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
    EXPECT_NE(result.out.find("FAIL mcuboot_primary_1 is in flash_primary, not in ram_flash"), std::string::npos)
        << result.out;
    EXPECT_NE(result.out.find("FAIL CONFIG_UPDATEABLE_IMAGE_NUMBER is 1 in the application"), std::string::npos)
        << result.out;
}

TEST(build_dir, malformed_partitions_yml_exits_2_with_file_and_line) {
    outcome result = run_partitions("malformed");
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.err.find("malformed/partitions.yml:6"), std::string::npos) << result.err;
}

TEST(build_dir, directory_without_partitions_exits_2) {
    outcome result = run_partitions("does_not_exist");
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.err.find("not a build directory"), std::string::npos) << result.err;
}

}  // namespace
