// `nrf53sim partitions DIR` on NCS-style build directories of both layouts.
#include "sim/dfu/build_dir.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/fixtures.h"

namespace {

const std::string builds = SOURCE_DIR "/tests/sim/data/builds/";

struct outcome {
    int exit_code;
    std::string out, err;
};

outcome run_partitions_at(const std::string& path) {
    const char* argv[] = {"partitions", path.c_str()};
    std::ostringstream out, err;
    int code = sim::partitions_main(2, const_cast<char**>(argv), out, err);
    return {code, out.str(), err.str()};
}

outcome run_partitions(const std::string& dir) { return run_partitions_at(builds + dir); }

// A build directory made in the test from NCS's documented file names.
class made_build {
public:
    explicit made_build(const std::string& name)
        : m_root(std::filesystem::temp_directory_path() / (name + "_" + std::to_string(::getpid()))) {
        std::filesystem::remove_all(m_root);
    }
    ~made_build() { std::filesystem::remove_all(m_root); }
    made_build& file(const std::string& relative, const std::string& text = "") {
        std::filesystem::create_directories((m_root / relative).parent_path());
        std::ofstream(m_root / relative) << text;
        return *this;
    }
    made_build& copy(const std::string& relative, const std::string& from) {
        std::filesystem::create_directories((m_root / relative).parent_path());
        std::filesystem::copy_file(from, m_root / relative);
        return *this;
    }
    std::string path() const { return m_root.string(); }

private:
    std::filesystem::path m_root;
};

const std::string child_ok = builds + "child_ok/";

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

TEST(build_dir, child_images_are_told_by_zephyr_config_with_outputs_in_zephyr) {
    made_build made("child_layout");
    made.copy("partitions.yml", child_ok + "partitions.yml")
        .copy("zephyr/.config", child_ok + "zephyr/.config")
        .copy("mcuboot/zephyr/.config", child_ok + "mcuboot/zephyr/.config")
        .copy("empty_net_core/partitions_CPUNET.yml", child_ok + "hci_ipc/zephyr/partitions.yml")
        .file("empty_net_core/zephyr/.config", "CONFIG_SOC_NRF5340_CPUNET=y\n")
        .file("zephyr/merged.hex")
        .file("zephyr/merged_CPUNET.hex")
        .file("zephyr/dfu_application.zip");
    sim::build_directory build = sim::read_build_directory(made.path());
    EXPECT_EQ(build.layout, sim::build_directory::kind::child_images);
    EXPECT_EQ(build.app_hex, made.path() + "/zephyr/merged.hex");
    EXPECT_EQ(build.net_hex, made.path() + "/zephyr/merged_CPUNET.hex");
    EXPECT_EQ(build.dfu_zip, made.path() + "/zephyr/dfu_application.zip");
    ASSERT_NE(build.find("b0n"), nullptr);  // the network image's own partitions_CPUNET.yml
    EXPECT_EQ(run_partitions_at(made.path()).exit_code, 0);
}

TEST(build_dir, sysbuild_is_told_by_domains_yaml_with_outputs_at_the_top) {
    made_build made("sysbuild_layout");
    made.file("domains.yaml", "default: app\nbuild_dir: .\ndomains:\n- name: app\n  build_dir: app\n")
        .copy("partitions.yml", child_ok + "partitions.yml")
        .copy("app/zephyr/.config", child_ok + "zephyr/.config")
        .file("zephyr/.config", "SB_CONFIG_BOOTLOADER_MCUBOOT=y\n")  // sysbuild's own, not the application's
        .file("merged.hex")
        .file("merged_CPUNET.hex")
        .file("dfu_application.zip");
    sim::build_directory build = sim::read_build_directory(made.path());
    EXPECT_EQ(build.layout, sim::build_directory::kind::sysbuild);
    EXPECT_EQ(build.app_hex, made.path() + "/merged.hex");
    EXPECT_EQ(build.net_hex, made.path() + "/merged_CPUNET.hex");
    EXPECT_EQ(build.dfu_zip, made.path() + "/dfu_application.zip");
    ASSERT_TRUE(build.application_config);
    EXPECT_EQ(build.application_config->file(), made.path() + "/app/zephyr/.config");
}

TEST(build_dir, a_directory_in_neither_layout_is_refused_naming_both_markers) {
    made_build made("no_layout");
    made.copy("partitions.yml", child_ok + "partitions.yml");
    outcome result = run_partitions_at(made.path());
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.err.find("neither domains.yaml (sysbuild) nor zephyr/.config (child images)"), std::string::npos)
        << result.err;
}

TEST(build_dir, a_symbol_left_out_for_unmet_dependencies_is_named_as_such) {
    made_build made("absent_symbol");
    made.copy("partitions.yml", child_ok + "partitions.yml")
        .copy("zephyr/.config", child_ok + "zephyr/.config")
        .copy("hci_ipc/zephyr/partitions.yml", child_ok + "hci_ipc/zephyr/partitions.yml")
        .copy("hci_ipc/zephyr/.config", child_ok + "hci_ipc/zephyr/.config")
        .file("mcuboot/zephyr/.config", "CONFIG_BOOT_UPGRADE_ONLY=y\nCONFIG_UPDATEABLE_IMAGE_NUMBER=2\n");
    outcome result = run_partitions_at(made.path());
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.out.find("FAIL CONFIG_PCD_APP is absent: its dependencies are unmet in the bootloader"),
              std::string::npos) << result.out;
}

// hello_world has no image manager: it cannot take updates itself, which
// the checker says without failing the layout.
TEST(build_dir, an_application_without_image_manager_is_a_warning_not_a_failure) {
    made_build made("no_img_manager");
    made.copy("partitions.yml", child_ok + "partitions.yml")
        .file("zephyr/.config", "CONFIG_SOC_NRF5340_CPUAPP=y\nCONFIG_BOOTLOADER_MCUBOOT=y\n# CONFIG_IMG_MANAGER is not set\n")
        .copy("mcuboot/zephyr/.config", child_ok + "mcuboot/zephyr/.config")
        .copy("hci_ipc/zephyr/partitions.yml", child_ok + "hci_ipc/zephyr/partitions.yml")
        .copy("hci_ipc/zephyr/.config", child_ok + "hci_ipc/zephyr/.config");
    outcome result = run_partitions_at(made.path());
    EXPECT_EQ(result.exit_code, 0) << result.out;
    EXPECT_NE(result.out.find("WARN the application has no image manager"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("cannot receive update images itself"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("PASS simultaneous multi-image DFU rules"), std::string::npos) << result.out;
}

// child_ok's MCUboot switched from overwrite-only to swap, plus `extra`.
made_build& with_swapping_mcuboot(made_build& made, const std::string& extra) {
    std::ifstream mcuboot_config(child_ok + "mcuboot/zephyr/.config");
    std::stringstream config;
    for (std::string line; std::getline(mcuboot_config, line);) {
        if (line == "CONFIG_BOOT_UPGRADE_ONLY=y") line = "# CONFIG_BOOT_UPGRADE_ONLY is not set";
        if (line == "# CONFIG_BOOT_SWAP_USING_MOVE is not set") line = "CONFIG_BOOT_SWAP_USING_MOVE=y";
        config << line << "\n";
    }
    config << extra;
    return made.copy("partitions.yml", child_ok + "partitions.yml")
        .copy("zephyr/.config", child_ok + "zephyr/.config")
        .file("mcuboot/zephyr/.config", config.str())
        .copy("hci_ipc/zephyr/partitions.yml", child_ok + "hci_ipc/zephyr/partitions.yml")
        .copy("hci_ipc/zephyr/.config", child_ok + "hci_ipc/zephyr/.config");
}

TEST(build_dir, swapping_the_application_with_the_opt_in_warns_of_the_revert_hazard) {
    made_build made("revert_opt_in");
    with_swapping_mcuboot(made, "CONFIG_USE_NRF53_MULTI_IMAGE_WITHOUT_UPGRADE_ONLY=y\n");
    outcome result = run_partitions_at(made.path());
    EXPECT_EQ(result.exit_code, 0) << result.out;
    EXPECT_NE(result.out.find("WARN revert hazard: CONFIG_BOOT_UPGRADE_ONLY is not set and "
                              "CONFIG_USE_NRF53_MULTI_IMAGE_WITHOUT_UPGRADE_ONLY=y in the bootloader"),
              std::string::npos) << result.out;
    EXPECT_NE(result.out.find("NCS's guide warns that a revert breaks the network core"), std::string::npos)
        << result.out;
    EXPECT_EQ(result.out.find("FAIL"), std::string::npos) << result.out;
}

TEST(build_dir, swapping_the_application_without_the_opt_in_fails_naming_it) {
    made_build made("revert_no_opt_in");
    with_swapping_mcuboot(made, "");
    outcome result = run_partitions_at(made.path());
    EXPECT_EQ(result.exit_code, 1) << result.out;
    EXPECT_NE(result.out.find("FAIL CONFIG_BOOT_UPGRADE_ONLY is not set in the bootloader"), std::string::npos)
        << result.out;
    EXPECT_NE(result.out.find("neither is CONFIG_USE_NRF53_MULTI_IMAGE_WITHOUT_UPGRADE_ONLY"), std::string::npos)
        << result.out;
    EXPECT_EQ(result.out.find("revert hazard"), std::string::npos) << result.out;
}

TEST(build_dir, slots_with_more_sectors_than_mcuboot_can_read_fail_with_the_value_to_set) {
    made_build made("sector_capacity");
    std::ifstream mcuboot_config(child_ok + "mcuboot/zephyr/.config");
    std::stringstream config;
    config << mcuboot_config.rdbuf() << "CONFIG_BOOT_MAX_IMG_SECTORS=128\n";
    made.copy("partitions.yml", child_ok + "partitions.yml")
        .copy("zephyr/.config", child_ok + "zephyr/.config")
        .file("mcuboot/zephyr/.config", config.str())
        .copy("hci_ipc/zephyr/partitions.yml", child_ok + "hci_ipc/zephyr/partitions.yml")
        .copy("hci_ipc/zephyr/.config", child_ok + "hci_ipc/zephyr/.config");
    outcome result = run_partitions_at(made.path());
    EXPECT_EQ(result.exit_code, 1) << result.out;
    EXPECT_NE(result.out.find("FAIL mcuboot_primary has 228 sectors of 0x1000 bytes, more than "
                              "CONFIG_BOOT_MAX_IMG_SECTORS=128"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("fix: set CONFIG_BOOT_MAX_IMG_SECTORS=256 for MCUboot"), std::string::npos)
        << result.out;
}

// The real NCS 2.7 build: its MCUboot keeps the default 128 sectors for a
// 976 KB primary slot, which fails on silicon as it does here (docs/dfu.md).
TEST(build_dir, the_ncs_fixture_is_read_as_child_images_and_fails_only_the_sector_rule) {
    REQUIRE_FIXTURE(v1, "ncs-smp-svr/v1");
    outcome result = run_partitions_at(v1);
    EXPECT_NE(result.out.find("(child images layout)"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("FAIL mcuboot_primary has 244 sectors of 0x1000 bytes"), std::string::npos)
        << result.out;
    EXPECT_NE(result.out.find("FAIL mcuboot_secondary has 244 sectors"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("2 rule(s) of simultaneous multi-image DFU broken"), std::string::npos) << result.out;
}

TEST(build_dir, directory_without_partitions_exits_2) {
    outcome result = run_partitions("does_not_exist");
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.err.find("not a build directory"), std::string::npos) << result.err;
}

}  // namespace
