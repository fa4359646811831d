#include "tests/support/run_nrf53sim.h"
#include "sim/cli.h"

#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

namespace {

const std::string data_dir = SOURCE_DIR "/tests/sim/data";

sim::command_line parse(std::vector<const char*> args) {
    args.insert(args.begin(), "nrf53sim");
    return sim::parse_command_line(static_cast<int>(args.size()), args.data());
}

std::string usage_error_of(std::vector<const char*> args) {
    try {
        parse(std::move(args));
    } catch (const sim::usage_error& e) {
        return e.what();
    }
    return "(no error)";
}

using test::outcome;
using test::run_nrf53sim;

std::string temp_path(const std::string& name) {
    return ::testing::TempDir() + "/" + std::to_string(::getpid()) + "_" + name;
}

// The smallest ELF header an x86-64 linker would write: ELFCLASS64,
// little-endian, ET_EXEC, EM_X86_64, no segments.
std::string write_x86_64_elf() {
    std::array<unsigned char, 64> header{};
    const unsigned char ident[] = {0x7F, 'E', 'L', 'F', 2, 1, 1};
    std::copy(std::begin(ident), std::end(ident), header.begin());
    header[16] = 2;   // e_type ET_EXEC
    header[18] = 62;  // e_machine EM_X86_64
    header[20] = 1;   // e_version
    header[52] = 64;  // e_ehsize
    std::string path = temp_path("host.elf");
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(header.data()), header.size());
    return path;
}

}  // namespace

TEST(cli, scenario_form) {
    sim::command_line c = parse({"run", "a.yaml", "b.yaml", "--strict", "--set", "build=/b", "--quantum", "5us"});
    EXPECT_EQ(c.what, sim::command_line::action::run);
    EXPECT_EQ(c.scenario_files, (std::vector<std::string>{"a.yaml", "b.yaml"}));
    EXPECT_TRUE(c.strict);
    EXPECT_EQ(c.variables.at("build"), "/b");
    EXPECT_EQ(c.quantum, sim::parse_duration("5us"));
}

TEST(cli, report_files) {
    sim::command_line c = parse({"run", "a.yaml", "--junit", "r.xml", "--json", "r.json", "--report", "r.html"});
    EXPECT_EQ(c.suite.junit_file, "r.xml");
    EXPECT_EQ(c.suite.json_file, "r.json");
    EXPECT_EQ(c.suite.report_file, "r.html");
}

TEST(cli_exe, report_merge_is_a_command_of_its_own) {
    outcome merged = run_nrf53sim("report merge " SOURCE_DIR "/tests/scenarios/report/sweep-shard-1.json " SOURCE_DIR
                                  "/tests/scenarios/report/sweep-shard-2.json");
    EXPECT_EQ(merged.exit_code, 1) << merged.output;  // a point was not recovered
    EXPECT_NE(merged.output.find("power_fail_sweep: 6 points: 4 recovered, 1 wrong_image, 1 no_boot, 0 fault, 0 timeout"),
              std::string::npos)
        << merged.output;
    outcome missing = run_nrf53sim("report merge " SOURCE_DIR "/tests/scenarios/report/sweep-shard-2.json");
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_NE(missing.output.find("sweep-shard-2.json: tests/sweep/fixture-sweep.yaml (fixture-sweep): power_fail_sweep "
                                  "at tests/sweep/fixture-sweep.yaml:14: 3 of 6 points in these files; missing shard 1/2"),
              std::string::npos)
        << missing.output;
}

TEST(cli, quick_form) {
    sim::command_line c = parse({"run", "--app", "mcuboot.hex", "--app", "app.bin@0x10000", "--net", "net.elf",
                                 "--for", "1.5ms"});
    ASSERT_EQ(c.app_images.size(), 2u);
    EXPECT_FALSE(c.app_images[0].address);
    EXPECT_EQ(c.app_images[1].path, "app.bin");
    EXPECT_EQ(c.app_images[1].address, 0x10000u);
    EXPECT_EQ(c.net_images.at(0).path, "net.elf");
    EXPECT_EQ(c.run_for, sim::parse_duration("1.5ms"));
}

TEST(cli, uart_attachments) {
    sim::command_line c = parse({"run", "s.yaml", "--uart", "app0=pty", "--uart", "net0=tcp:4000"});
    ASSERT_EQ(c.uarts.size(), 2u);
    EXPECT_EQ(c.uarts[0].core, sim::core_id::app);
    EXPECT_EQ(c.uarts[0].kind, sim::uart_attachment::backend::pty);
    EXPECT_EQ(c.uarts[1].core, sim::core_id::net);
    EXPECT_EQ(c.uarts[1].kind, sim::uart_attachment::backend::tcp);
    EXPECT_EQ(c.uarts[1].tcp_port, 4000u);
    EXPECT_EQ(parse({"run", "s.yaml", "--uart", "app3=pty"}).uarts.at(0).instance, 3u);
    EXPECT_EQ(parse({"run", "s.yaml", "--uart", "app1=tcp:0"}).uarts.at(0).tcp_port, 0u);  // a free port
}

TEST(cli, bad_command_lines_are_usage_errors) {
    EXPECT_NE(usage_error_of({"run", "s.yaml", "--uart", "app4=pty"}).find("app0..app3 or net0"), std::string::npos);
    EXPECT_NE(usage_error_of({"run", "s.yaml", "--uart", "net1=pty"}).find("--uart"), std::string::npos);
    EXPECT_NE(usage_error_of({"run", "s.yaml", "--uart", "app0=tcp:70000"}).find("0..65535"), std::string::npos);
    EXPECT_NE(usage_error_of({"run", "s.yaml", "--uart", "app0=pty", "--uart", "app0=tcp:1"}).find("twice"),
              std::string::npos);
    EXPECT_NE(usage_error_of({"run", "s.yaml", "--set", "build"}).find("NAME=VALUE"), std::string::npos);
    EXPECT_NE(usage_error_of({"run", "s.yaml", "--quantum", "fast"}).find("--quantum: expected a duration"),
              std::string::npos);
    EXPECT_NE(usage_error_of({"run", "s.yaml", "--for", "1s"}).find("quick form"), std::string::npos);
    EXPECT_NE(usage_error_of({"run", "s.yaml", "--app", "a.hex"}).find("not both"), std::string::npos);
    EXPECT_NE(usage_error_of({"run"}).find("expected a scenario file"), std::string::npos);
    EXPECT_NE(usage_error_of({"go", "s.yaml"}).find("unknown command \"go\""), std::string::npos);
    EXPECT_NE(usage_error_of({"run", "--app", "a.bin@zero"}).find("load address"), std::string::npos);
    EXPECT_NE(usage_error_of({"run", "s.yaml", "--frobnicate"}).find("frobnicate"), std::string::npos);
}

TEST(cli, build_variable_defaults_from_environment_then_build_tree) {
    // The build tree is where FIRMWARE_DIR's firmware/ lives.
    std::string build_tree = FIRMWARE_DIR;
    build_tree.erase(build_tree.rfind("/firmware"));
    EXPECT_EQ(sim::default_build_dir([](const char*) -> char* { return nullptr; }), build_tree);
    EXPECT_EQ(sim::default_build_dir([](const char* name) -> char* {
                  static char value[] = "/elsewhere";
                  return std::string(name) == "NRF53SIM_BUILD" ? value : nullptr;
              }),
              "/elsewhere");
}

TEST(cli, prepare_run_applies_overrides_to_every_scenario) {
    sim::command_line c = parse({"run", (data_dir + "/valid.yaml").c_str(), "--quantum", "1us"});
    sim::run_options options = sim::prepare_run(c, nullptr);
    ASSERT_EQ(options.scenarios.size(), 1u);
    EXPECT_EQ(options.scenarios[0].options.quantum, sim::parse_duration("1us"));
    EXPECT_TRUE(options.scenarios[0].options.strict);  // from the file; --strict only adds
}

TEST(cli, prepare_run_builds_the_quick_form_scenario) {
    std::string hex = data_dir + "/app.hex";
    std::string bin = data_dir + "/net.bin@0x01000000";
    sim::command_line c = parse({"run", "--app", hex.c_str(), "--net", bin.c_str(), "--for", "2s", "--strict"});
    sim::run_options options = sim::prepare_run(c, nullptr);
    ASSERT_EQ(options.scenarios.size(), 1u);
    const sim::scenario& s = options.scenarios[0];
    EXPECT_EQ(s.app.contents.total_bytes(), 36u);
    EXPECT_EQ(s.net.contents.ranges().at(0).address, 0x01000000u);
    ASSERT_EQ(s.steps.size(), 1u);
    EXPECT_EQ(std::get<sim::run_step>(s.steps[0].action).duration, sim::parse_duration("2s"));
    EXPECT_TRUE(s.options.strict);
}

// ---- the built binary ----

TEST(cli_exe, help_documents_every_option) {
    outcome result = run_nrf53sim("--help");
    EXPECT_EQ(result.exit_code, 0);
    for (const char* option : {"run SCENARIO.yaml", "--app", "--net", "--for", "--uart", "--strict", "--set",
                               "--quantum", "--check", "--version", "--junit", "--json", "--report",
                               "report merge SHARD.json", "Exit status"})
        EXPECT_NE(result.output.find(option), std::string::npos) << option;
}

TEST(cli_exe, version) {
    outcome result = run_nrf53sim("--version");
    EXPECT_EQ(result.exit_code, 0);
    EXPECT_EQ(result.output.rfind("nrf53sim ", 0), 0u) << result.output;
}

TEST(cli_exe, check_accepts_a_valid_scenario) {
    outcome result = run_nrf53sim("run --check " + data_dir + "/valid.yaml");
    EXPECT_EQ(result.exit_code, 0) << result.output;
    EXPECT_NE(result.output.find("ok: \"smoke\""), std::string::npos) << result.output;
}

TEST(cli_exe, usage_error_exits_2) {
    outcome result = run_nrf53sim("run --uart app9=pty " + data_dir + "/valid.yaml");
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.output.find("--help"), std::string::npos) << result.output;
}

TEST(cli_exe, malformed_yaml_exits_2_with_file_and_line) {
    outcome result = run_nrf53sim("run " + data_dir + "/malformed.yaml");
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.output.find("malformed.yaml:"), std::string::npos) << result.output;
    EXPECT_NE(result.output.find("malformed YAML"), std::string::npos) << result.output;
}

TEST(cli_exe, missing_image_exits_2_naming_it) {
    outcome result = run_nrf53sim("run " + data_dir + "/missing_image.yaml");
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.output.find("missing_image.yaml:3:7: image"), std::string::npos) << result.output;
    EXPECT_NE(result.output.find("missing.elf: cannot open"), std::string::npos) << result.output;
}

TEST(cli_exe, bad_hex_checksum_exits_2_with_file_and_line) {
    outcome quick = run_nrf53sim("run --app " + data_dir + "/bad_checksum.hex");
    EXPECT_EQ(quick.exit_code, 2);
    EXPECT_NE(quick.output.find("bad_checksum.hex:3: checksum mismatch"), std::string::npos) << quick.output;
    outcome scenario = run_nrf53sim("run " + data_dir + "/bad_checksum.yaml");
    EXPECT_EQ(scenario.exit_code, 2);
    EXPECT_NE(scenario.output.find("bad_checksum.yaml:2:8: image"), std::string::npos) << scenario.output;
    EXPECT_NE(scenario.output.find("bad_checksum.hex:3: checksum mismatch"), std::string::npos) << scenario.output;
}

TEST(cli_exe, elf_for_another_architecture_exits_2) {
    std::string path = write_x86_64_elf();
    outcome result = run_nrf53sim("run --net " + path);
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.output.find(path + ": not an ARM ELF: machine X86_64"), std::string::npos) << result.output;
}

