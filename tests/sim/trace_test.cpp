#include "tests/support/run_nrf53sim.h"
#include "sim/trace.h"

#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <set>
#include <string>

namespace {

using test::outcome;
using test::run_nrf53sim;

std::string temp_path(const std::string& name) {
    return ::testing::TempDir() + "/" + std::to_string(::getpid()) + "_" + name;
}

nlohmann::json trace_of(const std::string& scenario) {
    const std::string file = temp_path("trace.json");
    outcome result = run_nrf53sim("run " SOURCE_DIR "/scenarios/" + scenario + " --trace " + file);
    EXPECT_EQ(result.exit_code, 0) << result.output;
    std::ifstream in(file);
    return nlohmann::json::parse(in);  // throws (and fails the test) if it is not JSON
}

// The tracks named by thread_name metadata, by tid.
std::map<int, std::string> tracks_of(const nlohmann::json& trace) {
    std::map<int, std::string> tracks;
    for (const nlohmann::json& e : trace.at("traceEvents"))
        if (e.at("ph") == "M" && e.at("name") == "thread_name") tracks[e.at("tid").get<int>()] = e.at("args").at("name");
    return tracks;
}

TEST(trace, the_demo_has_one_track_per_core_with_its_uart_lines) {
    const nlohmann::json trace = trace_of("dual-core-boot.yaml");
    const std::map<int, std::string> tracks = tracks_of(trace);
    int app = 0, net = 0;
    for (const auto& [tid, name] : tracks) {
        if (name == "app core") app = tid;
        if (name == "net core") net = tid;
    }
    ASSERT_NE(app, 0);
    ASSERT_NE(net, 0);
    std::set<std::string> app_lines, net_lines;
    for (const nlohmann::json& e : trace.at("traceEvents")) {
        if (e.value("cat", "") != "uart") continue;
        (e.at("tid") == app ? app_lines : net_lines).insert(e.at("name").get<std::string>());
    }
    EXPECT_EQ(app_lines.count("app: done, 5 replies"), 1U);
    EXPECT_EQ(net_lines.count("net: request 5: 55 -> 3026"), 1U);
    EXPECT_EQ(app_lines.count("net: ready"), 0U);
}

// The DFU writes both flashes and reads the external one: every operation
// the flash arrays counted is one duration event on a flash track.
TEST(trace, flash_events_equal_the_runs_flash_operations) {
    const nlohmann::json trace = trace_of("dual-core-dfu.yaml");
    std::size_t flash_events = 0;
    std::set<int> flash_tracks;
    for (const nlohmann::json& e : trace.at("traceEvents")) {
        if (e.value("cat", "") != "flash") continue;
        ++flash_events;
        flash_tracks.insert(e.at("tid").get<int>());
        EXPECT_EQ(e.at("ph"), "X");
        EXPECT_GT(e.at("dur").get<double>(), 0.0);
    }
    const std::uint64_t operations = trace.at("otherData").at("flash_operations");
    EXPECT_GT(operations, 0U);
    EXPECT_EQ(flash_events, operations);
    EXPECT_EQ(trace.at("otherData").at("dropped_events"), 0);
    EXPECT_GE(flash_tracks.size(), 2U);  // the update programs app and net flash
}

TEST(trace, more_than_one_scenario_is_a_usage_error) {
    outcome result = run_nrf53sim("run " SOURCE_DIR "/scenarios/dual-core-boot.yaml " SOURCE_DIR
                                  "/scenarios/dual-core-boot.yaml --trace /dev/null");
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.output.find("--trace records one scenario"), std::string::npos) << result.output;
}

}  // namespace
