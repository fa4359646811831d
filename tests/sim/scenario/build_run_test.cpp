// Running from build directories (issue 5): the nrf53sim executable's
// `partitions DIR` verdicts, dfu_application.zip, and scenarios that load a
// build directory's merged HEX files and stage its DFU package. The build
// directory is made at test time from our firmware build's outputs, under
// nRF Connect SDK's sysbuild names.
#include "tests/support/run_nrf53sim.h"
#include "sim/scenario/build_run.h"
#include "sim/dfu/dfu_zip.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zip.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

namespace fs = std::filesystem;

namespace {

const std::string fixtures = SOURCE_DIR "/tests/sim/data/builds/";
const std::string firmware = FIRMWARE_DIR;

using test::outcome;
using test::run_nrf53sim;

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

std::vector<std::uint8_t> read_bytes(const fs::path& path) {
    std::string text = read_text(path);
    return std::vector<std::uint8_t>(text.begin(), text.end());
}

void write_text(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

// Intel HEX files merged as mergehex does: every record but each file's
// end-of-file record, then one end-of-file record.
std::string merge_hex(const std::vector<std::string>& files) {
    std::string merged;
    for (const std::string& file : files) {
        std::istringstream in(read_text(file));
        for (std::string line; std::getline(in, line);)
            if (line.rfind(":00000001FF", 0) != 0) merged += line + "\n";
    }
    return merged + ":00000001FF\n";
}

struct zip_member {
    std::string name;
    std::string bytes;
};

void write_zip(const fs::path& path, const std::vector<zip_member>& members) {
    int error = 0;
    zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    ASSERT_NE(archive, nullptr) << "zip_open error " << error;
    for (const zip_member& m : members) {
        zip_source_t* source = zip_source_buffer(archive, m.bytes.data(), m.bytes.size(), 0);
        ASSERT_GE(zip_file_add(archive, m.name.c_str(), source, ZIP_FL_OVERWRITE), 0) << zip_strerror(archive);
    }
    ASSERT_EQ(zip_close(archive), 0);
}

// manifest.json as NCS's generate_zip.py writes it (§6): indexes as strings.
std::string manifest(std::size_t app_size, std::size_t net_size) {
    return R"({"format-version": 0, "time": 1700000000, "name": "peripheral_lbs", "files": [
  {"type": "application", "board": "nrf5340dk_nrf5340_cpuapp", "soc": "nRF5340_CPUAPP_QKAA",
   "load_address": 66048, "image_index": "0", "slot_index_primary": "1", "slot_index_secondary": "2",
   "version_MCUBOOT": "2.0.0", "size": )" + std::to_string(app_size) + R"(, "file": "app_update.bin", "modtime": 1700000000},
  {"type": "application", "board": "nrf5340dk_nrf5340_cpunet", "soc": "nRF5340_CPUNET_QKAA",
   "load_address": 16812032, "image_index": "1", "slot_index_primary": "3", "slot_index_secondary": "4",
   "version": "2", "size": )" + std::to_string(net_size) + R"(, "file": "net_core_app_update.bin", "modtime": 1700000000}]})";
}

// Each test gets a scratch directory (each TEST runs in its own process),
// removed afterwards.
class build_run : public ::testing::Test {
protected:
    void TearDown() override {
        if (!m_dir.empty()) fs::remove_all(m_dir);
    }

    fs::path scratch_dir() {
        if (m_dir.empty()) {
            const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info();
            m_dir = fs::temp_directory_path() /
                    ("nrf53sim-" + std::string(test->name()) + "-" + std::to_string(::getpid()));
            fs::remove_all(m_dir);
            fs::create_directories(m_dir);
        }
        return m_dir;
    }

    // A sysbuild-layout build directory from our firmware: v1 of both cores
    // programmed (merged*.hex), v2 as the update (dfu_application.zip).
    fs::path make_build_dir() {
        fs::path dir = scratch_dir() / "build";
        write_text(dir / "merged.hex",
                   merge_hex({firmware + "/bootloader/mcuboot.hex", firmware + "/dfu/app_signed_v1.hex"}));
        write_text(dir / "merged_CPUNET.hex",
                   merge_hex({firmware + "/netboot/netboot.hex", firmware + "/dfu/net_app_b0_v1.hex"}));
        for (const char* layout : {"partitions.yml", "partitions_CPUNET.yml"})
            fs::copy_file(SOURCE_DIR "/firmware/layout/" + std::string(layout), dir / layout);
        for (const char* file : {"domains.yaml", "mcuboot/zephyr/.config", "peripheral_lbs/zephyr/.config",
                                 "ipc_radio/zephyr/.config"}) {
            fs::create_directories((dir / file).parent_path());
            fs::copy_file(fixtures + "sysbuild_ok/" + file, dir / file);
        }
        const std::string app = read_text(firmware + "/dfu/app_update_v2.bin");
        const std::string net = read_text(firmware + "/dfu/net_core_app_update_v2.bin");
        write_text(dir / "app_update.bin", app);
        write_text(dir / "net_core_app_update.bin", net);
        write_zip(dir / "dfu_application.zip", {{"manifest.json", manifest(app.size(), net.size())},
                                                 {"app_update.bin", app},
                                                 {"net_core_app_update.bin", net}});
        return dir;
    }

private:
    fs::path m_dir;
};

// ---- nrf53sim partitions DIR (the executable) ----

TEST_F(build_run, partitions_passes_on_both_ncs_layouts) {
    for (const char* dir : {"sysbuild_ok", "child_ok"}) {
        outcome result = run_nrf53sim("partitions " + fixtures + dir);
        EXPECT_EQ(result.exit_code, 0) << dir << "\n" << result.output;
        EXPECT_NE(result.output.find("PASS simultaneous multi-image DFU rules"), std::string::npos) << result.output;
    }
}

TEST_F(build_run, partitions_fails_naming_a_missing_pcd_sram) {
    outcome result = run_nrf53sim("partitions " + fixtures + "no_pcd_sram");
    EXPECT_EQ(result.exit_code, 1) << result.output;
    EXPECT_NE(result.output.find("FAIL pcd_sram is missing"), std::string::npos) << result.output;
}

TEST_F(build_run, partitions_fails_naming_a_ram_slot_outside_ram_flash) {
    outcome result = run_nrf53sim("partitions " + fixtures + "primary_1_in_flash");
    EXPECT_EQ(result.exit_code, 1) << result.output;
    EXPECT_NE(result.output.find("FAIL mcuboot_primary_1 is in flash_primary, not in ram_flash"), std::string::npos)
        << result.output;
    EXPECT_NE(result.output.find("CONFIG_NRF53_MULTI_IMAGE_UPDATE"), std::string::npos) << result.output;
}

TEST_F(build_run, partitions_passes_on_a_build_of_our_firmware) {
    outcome result = run_nrf53sim("partitions " + make_build_dir().string());
    EXPECT_EQ(result.exit_code, 0) << result.output;
    EXPECT_NE(result.output.find("0x1008800  - 0x1040000    0x37800  app"), std::string::npos) << result.output;
}

// ---- dfu_application.zip ----

TEST_F(build_run, dfu_package_gives_each_image_by_its_index) {
    fs::path dir = make_build_dir();
    sim::dfu_package package = sim::read_dfu_package((dir / "dfu_application.zip").string());
    ASSERT_EQ(package.images.size(), 2u);
    ASSERT_NE(package.image(1), nullptr);
    EXPECT_EQ(package.image(1)->file, "net_core_app_update.bin");
    EXPECT_EQ(package.image(1)->bytes, read_bytes(dir / "net_core_app_update.bin"));
    EXPECT_EQ(package.image(0)->load_address, 0x10200u);
    EXPECT_EQ(package.image(2), nullptr);
}

TEST_F(build_run, dfu_package_with_a_wrong_size_or_missing_file_is_refused) {
    fs::path dir = scratch_dir();
    const std::string manifest_text = manifest(4, 3);
    write_zip(dir / "wrong_size.zip",
              {{"manifest.json", manifest_text}, {"app_update.bin", "abc"}, {"net_core_app_update.bin", "xyz"}});
    write_zip(dir / "missing.zip", {{"manifest.json", manifest_text}, {"app_update.bin", "abcd"}});
    write_zip(dir / "no_manifest.zip", {{"app_update.bin", "abcd"}});
    auto error_of = [&](const char* name) {
        try {
            sim::read_dfu_package((dir / name).string());
        } catch (const sim::input_error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_NE(error_of("wrong_size.zip").find("app_update.bin is 3 bytes but the manifest says 4"), std::string::npos)
        << error_of("wrong_size.zip");
    EXPECT_NE(error_of("missing.zip").find("has no net_core_app_update.bin"), std::string::npos)
        << error_of("missing.zip");
    EXPECT_NE(error_of("no_manifest.zip").find("has no manifest.json"), std::string::npos)
        << error_of("no_manifest.zip");
}

// ---- scenarios with build_dir: ----

TEST_F(build_run, stage_names_build_partitions_and_takes_the_package_image_for_the_slot) {
    fs::path dir = make_build_dir();
    write_text(dir / "s.yaml", R"(build_dir: .
steps:
  - stage: {image: dfu_application.zip, slot: mcuboot_secondary_1}
)");
    sim::scenario s = sim::load_scenario((dir / "s.yaml").string(), {});
    ASSERT_EQ(s.app.files.size(), 1u);
    EXPECT_TRUE(fs::equivalent(s.app.files[0].path, dir / "merged.hex")) << s.app.files[0].path;
    ASSERT_EQ(s.net.files.size(), 1u);
    EXPECT_TRUE(fs::equivalent(s.net.files[0].path, dir / "merged_CPUNET.hex")) << s.net.files[0].path;
    const auto& stage = std::get<sim::stage_step>(s.steps.at(0).action);
    EXPECT_EQ(stage.slot_address, 0x10000000u + 0xe0000u);  // QSPI XIP window + the slot's address
    EXPECT_EQ(stage.slot_size, 0x40000u);
    EXPECT_EQ(stage.image_number, 1u);
    EXPECT_EQ(stage.image, read_bytes(dir / "net_core_app_update.bin"));
}

TEST_F(build_run, stage_into_a_ram_or_unknown_partition_is_refused_at_its_line) {
    fs::path dir = make_build_dir();
    auto error_of = [&](const std::string& slot) {
        write_text(dir / "s.yaml", "build_dir: .\nsteps:\n  - stage: {image: app_update.bin, slot: " + slot + "}\n");
        try {
            sim::load_scenario((dir / "s.yaml").string(), {});
        } catch (const sim::input_error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_NE(error_of("mcuboot_primary_1").find("s.yaml:3:42: partition \"mcuboot_primary_1\" is in region ram_flash"),
              std::string::npos) << error_of("mcuboot_primary_1");
    EXPECT_NE(error_of("b0n").find("no partition \"b0n\" (it is a network-core partition"), std::string::npos)
        << error_of("b0n");
}

TEST_F(build_run, package_image_for_a_slot_that_is_not_a_secondary_is_refused) {
    fs::path dir = make_build_dir();
    write_text(dir / "s.yaml", "build_dir: .\nsteps:\n  - stage: {image: dfu_application.zip, slot: settings_storage}\n");
    try {
        sim::load_scenario((dir / "s.yaml").string(), {});
        FAIL() << "no error";
    } catch (const sim::input_error& e) {
        EXPECT_NE(std::string(e.what()).find("not to \"settings_storage\""), std::string::npos) << e.what();
    }
}

TEST_F(build_run, build_dir_without_merged_hex_is_an_input_error) {
    fs::path dir = scratch_dir();
    write_text(dir / "s.yaml", "build_dir: " + fixtures + "sysbuild_ok\nsteps:\n  - run: 1ms\n");
    outcome result = run_nrf53sim("run " + (dir / "s.yaml").string());
    EXPECT_EQ(result.exit_code, 2) << result.output;
    EXPECT_NE(result.output.find("s.yaml:1:12: build_dir: " + fixtures +
                                 "sysbuild_ok: the build directory has no merged.hex or merged_CPUNET.hex"),
              std::string::npos) << result.output;
}

TEST_F(build_run, quick_form_runs_a_build_directory) {
    outcome result = run_nrf53sim("run --build-dir " + make_build_dir().string() + " --for 500ms");
    EXPECT_EQ(result.exit_code, 0) << result.output;
    EXPECT_NE(result.output.find("[app] nrf53sim sample app v1.0.0"), std::string::npos) << result.output;
    EXPECT_NE(result.output.find("[net] nrf53sim sample net v1.0.0"), std::string::npos) << result.output;
}

TEST_F(build_run, scenario_from_a_build_directory_updates_both_cores_from_its_dfu_package) {
    fs::path dir = make_build_dir();
    write_text(dir / "update.yaml", R"(name: build-dir-dfu
build_dir: .
options:
  timeout: 300s
steps:
  - wait_for: {core: app, console: "nrf53sim sample app v1\\.0\\.0", within: 1s}
  - wait_for: {core: net, console: "nrf53sim sample net v1\\.0\\.0", within: 200ms}
  - stage: {image: dfu_application.zip, slot: mcuboot_secondary, request: test}
  - stage: {image: dfu_application.zip, slot: mcuboot_secondary_1, request: test}
  - reset: pin
  - wait_for: {core: app, console: "mcuboot: booting image 0 v2\\.0\\.0", within: 60s}
  - wait_for: {core: net, console: "nrf53sim sample net v2\\.0\\.0", within: 1s}
  - expect_version: {core: app, version: "2.0.0"}
  - expect_version: {core: net, version: "2.0.0"}
)");
    outcome result = run_nrf53sim("run " + (dir / "update.yaml").string());
    EXPECT_EQ(result.exit_code, 0) << result.output;
    EXPECT_NE(result.output.find("b0n: PCD done"), std::string::npos) << result.output;
    EXPECT_NE(result.output.find("PASS build-dir-dfu"), std::string::npos) << result.output;
}

}  // namespace
