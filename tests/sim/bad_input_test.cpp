// nrf53sim given what a hostile or careless user gives it: each case must
// end in exit code 2 with a message naming the file (and line where there
// is one), never an uncaught exception or a silent success.
#include "tests/support/run_nrf53sim.h"

#include <gtest/gtest.h>

#include <string>

namespace {

const std::string bad = SOURCE_DIR "/tests/sim/data/bad_input";
const std::string build = FIRMWARE_DIR "/..";

using test::outcome;
using test::run_nrf53sim;

void expect_input_error(const outcome& result, const std::string& message) {
    EXPECT_EQ(result.exit_code, 2) << result.output;
    EXPECT_NE(result.output.find(message), std::string::npos) << "expected \"" << message << "\" in:\n"
                                                               << result.output;
    EXPECT_EQ(result.output.find("uncaught exception"), std::string::npos) << result.output;
}

TEST(bad_input, pm_placement_that_is_not_a_mapping_names_file_and_line) {
    expect_input_error(run_nrf53sim("pm " + bad + "/placement_scalar.yml"),
                       "placement_scalar.yml:2:14: partition a: placement: expected a mapping");
    expect_input_error(run_nrf53sim("pm " + bad + "/align_scalar.yml"),
                       "align_scalar.yml:3:22: partition a: placement: align: expected a mapping");
}

TEST(bad_input, overlapping_partitions_fail_naming_both) {
    expect_input_error(run_nrf53sim("partitions " + bad + "/overlap_build"),
                       "overlap_build/partitions.yml:14:1: partitions mcuboot (0x0-0x10000) and mcuboot_primary "
                       "(0xc000-0x80000) overlap in flash_primary");
}

TEST(bad_input, a_directory_where_a_file_belongs_is_refused) {
    const std::string directory_error = bad + ": a directory, not a file";
    expect_input_error(run_nrf53sim("pm " + bad), directory_error);
    expect_input_error(run_nrf53sim("pm --static " + bad + " " + bad + "/align_scalar.yml"), directory_error);
    expect_input_error(run_nrf53sim("pm --config " + bad + " " + bad + "/align_scalar.yml"), directory_error);
    expect_input_error(run_nrf53sim("image info " + bad), directory_error);
    expect_input_error(run_nrf53sim("run --app " + bad + "@0x0"), directory_error);
}

TEST(bad_input, check_refuses_an_image_outside_memory_as_the_run_does) {
    const std::string hex = SOURCE_DIR "/tests/scenarios/outside.hex";
    const std::string message = "command line: image " + hex +
                                ": byte at 0x30000000 is outside every loadable region of the app core";
    expect_input_error(run_nrf53sim("run --check --app " + hex), message);
    expect_input_error(run_nrf53sim("run --app " + hex + " --for 1ms"), message);
}

TEST(bad_input, quick_form_errors_say_command_line_once) {
    const outcome result = run_nrf53sim("run --app " SOURCE_DIR "/tests/scenarios/outside.hex --for 1ms");
    EXPECT_EQ(result.output.find("command line: command line"), std::string::npos) << result.output;
}

TEST(bad_input, image_info_errors_name_the_file) {
    expect_input_error(run_nrf53sim("image info " + bad + "/tlv_past_area.bin"),
                       "nrf53sim image info: " + bad + "/tlv_past_area.bin: TLV SHA256 at offset 36 (length 65520) "
                       "runs past the end of its area");
}

TEST(bad_input, pm_overlap_names_the_static_file) {
    expect_input_error(run_nrf53sim("pm --static " SOURCE_DIR "/tests/sim/data/pm/overlap_static.yml " + bad +
                                    "/mcuboot_pm.yml"),
                       "overlap_static.yml:5: partitions mcuboot (0x0-0xc000) and settings_storage (0xb000-0xd000) "
                       "overlap in flash_primary");
}

TEST(bad_input, pm_unwritable_output_names_the_file) {
    expect_input_error(run_nrf53sim("pm --partitions /nonexistent/out.yml " + bad + "/mcuboot_pm.yml"),
                       "/nonexistent/out.yml: cannot write the file: No such file or directory");
}

TEST(bad_input, hex_without_end_of_file_record_is_refused_as_truncated) {
    expect_input_error(run_nrf53sim("run --check --app " + bad + "/no_eof.hex"),
                       bad + "/no_eof.hex:3: the last record is not the end-of-file record :00000001FF");
}

}  // namespace

namespace {

// Found by tests/fuzz/mcuboot_image_fuzz: a trailer magic with max_align 32
// right after the image, its fields reaching back before the file's start.
TEST(bad_input, image_info_refuses_a_trailer_that_does_not_fit_after_the_image) {
    expect_input_error(run_nrf53sim("image info " + bad + "/trailer_past_image.bin"),
                       "trailer_past_image.bin: the trailer (max_align 32) needs 160 bytes after the image");
}

}  // namespace
