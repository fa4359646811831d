#include "tests/support/run_nrf53sim.h"
#include "sim/report/trace.h"
#include "sim/soc/soc.h"

#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <set>
#include <string>
#include <vector>

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

// The tid of the track named `name`, 0 if there is none.
int track_id(const nlohmann::json& trace, const std::string& name) {
    for (const auto& [tid, track] : tracks_of(trace))
        if (track == name) return tid;
    return 0;
}

// The events on a track, by timestamp.
std::vector<nlohmann::json> events_on(const nlohmann::json& trace, int tid) {
    std::vector<nlohmann::json> events;
    for (const nlohmann::json& e : trace.at("traceEvents"))
        if (e.at("ph") != "M" && e.at("tid") == tid) events.push_back(e);
    std::stable_sort(events.begin(), events.end(), [](const nlohmann::json& a, const nlohmann::json& b) {
        return a.at("ts").get<double>() < b.at("ts").get<double>();
    });
    return events;
}

// True if `wanted` appears in `seen` in this order (others may come between).
bool in_order(const std::vector<std::string>& seen, const std::vector<std::string>& wanted) {
    std::size_t next = 0;
    for (const std::string& s : seen)
        if (next < wanted.size() && s == wanted[next]) ++next;
    return next == wanted.size();
}

TEST(trace, the_dfu_demo_has_run_state_image_ipc_and_pcd_tracks) {
    const nlohmann::json trace = trace_of("dual-core-dfu.yaml");
    for (const char* name : {"app run state", "net run state", "app image", "net image", "app IPC", "net IPC", "app PCD"})
        EXPECT_NE(track_id(trace, name), 0) << name;

    // The net core waits for IPC between requests: it sleeps and wakes many times.
    std::vector<std::string> net_states;
    for (const nlohmann::json& e : events_on(trace, track_id(trace, "net run state"))) {
        EXPECT_EQ(e.at("ph"), "X");
        net_states.push_back(e.at("name"));
    }
    std::size_t sleeps = 0;
    for (std::size_t i = 0; i < net_states.size(); ++i) {
        if (i > 0) {
            EXPECT_NE(net_states[i], net_states[i - 1]) << "slice " << i;  // a slice per change
        }
        if (net_states[i] == "sleeping") ++sleeps;
    }
    EXPECT_EQ(net_states.front(), "held");  // until the app core releases it
    EXPECT_GE(sleeps, 5U);
    EXPECT_TRUE(in_order(net_states, {"running", "sleeping", "running", "sleeping"}));

    // Before and after the reset: MCUboot, then the application it boots.
    std::vector<std::string> app_images, app_image_files;
    for (const nlohmann::json& e : events_on(trace, track_id(trace, "app image"))) {
        app_images.push_back(e.at("args").at("image"));
        app_image_files.push_back(e.at("name"));
    }
    EXPECT_TRUE(in_order(app_images, {"bootloader", "application", "bootloader", "application"}));
    EXPECT_EQ(app_image_files.front(), "merged.hex @0x00000000");
    std::vector<std::string> net_images;
    for (const nlohmann::json& e : events_on(trace, track_id(trace, "net image"))) net_images.push_back(e.at("args").at("image"));
    EXPECT_TRUE(in_order(net_images, {"bootloader", "application", "bootloader", "application"}));

    // "app: done, 5 replies": requests and replies cross the IPC both ways.
    EXPECT_GE(events_on(trace, track_id(trace, "app IPC")).size(), 5U);
    EXPECT_GE(events_on(trace, track_id(trace, "net IPC")).size(), 5U);
    for (const nlohmann::json& e : events_on(trace, track_id(trace, "app IPC"))) EXPECT_EQ(e.at("ph"), "i");

    // MCUboot hands the network image over with COPY; netboot answers DONE.
    std::vector<std::string> pcd;
    for (const nlohmann::json& e : events_on(trace, track_id(trace, "app PCD"))) pcd.push_back(e.at("name"));
    EXPECT_TRUE(in_order(pcd, {"COPY", "DONE"})) << ::testing::PrintToString(pcd);
    EXPECT_EQ(std::count(pcd.begin(), pcd.end(), "FAIL"), 0);
}

// Separate files: each image slice is named after the file that holds the code.
TEST(trace, image_slices_are_named_after_the_loaded_files) {
    const std::string file = temp_path("trace.json");
    outcome result = run_nrf53sim("run --app " FIRMWARE_DIR "/bootloader/mcuboot.hex --app " FIRMWARE_DIR
                                  "/dfu/app_signed_v1.hex --net " FIRMWARE_DIR "/netboot/netboot.hex --net " FIRMWARE_DIR
                                  "/dfu/net_app_b0_v1.hex --for 500ms --trace " + file);
    ASSERT_EQ(result.exit_code, 0) << result.output;
    std::ifstream in(file);
    const nlohmann::json trace = nlohmann::json::parse(in);
    std::vector<std::string> app, net;
    for (const nlohmann::json& e : events_on(trace, track_id(trace, "app image"))) app.push_back(e.at("name"));
    for (const nlohmann::json& e : events_on(trace, track_id(trace, "net image"))) net.push_back(e.at("name"));
    EXPECT_EQ(app, (std::vector<std::string>{"mcuboot.hex", "app_signed_v1.hex"}));
    EXPECT_EQ(net, (std::vector<std::string>{"netboot.hex", "net_app_b0_v1.hex"}));
}

// netboot refuses the network image: the command word goes COPY -> FAIL.
TEST(trace, a_refused_pcd_copy_shows_fail) {
    const nlohmann::json trace = trace_of("dfu/pcd-fail-stays-pending.yaml");
    std::vector<std::string> pcd;
    for (const nlohmann::json& e : events_on(trace, track_id(trace, "app PCD"))) pcd.push_back(e.at("name"));
    EXPECT_TRUE(in_order(pcd, {"COPY", "FAIL"})) << ::testing::PrintToString(pcd);
    EXPECT_EQ(std::count(pcd.begin(), pcd.end(), "DONE"), 0);
}

// A runaway printer cannot grow the trace without bound: lines are cut and
// counted, and the JSON says so.
TEST(trace, uart_lines_are_bounded_and_marked_truncated) {
    sim::soc chip{"soc"};
    const sim::core_images nothing_loaded;
    sim::trace_recorder recorder(chip, nothing_loaded, nothing_loaded, sim::trace_recorder::default_pcd_address);
    for (std::size_t i = 0; i < sim::trace_recorder::max_line_chars + 50; ++i)
        recorder.uart_byte(sim::core_id::app, 0, 'x');
    recorder.uart_byte(sim::core_id::app, 0, '\n');
    for (std::size_t i = 0; i < sim::trace_recorder::max_uart_lines; ++i) {
        recorder.uart_byte(sim::core_id::net, 0, 'y');
        recorder.uart_byte(sim::core_id::net, 0, '\n');
    }
    recorder.end_of_run();
    const nlohmann::json trace = nlohmann::json::parse(recorder.json());
    const int app = track_id(trace, "app core");
    std::size_t lines = 0;
    for (const nlohmann::json& e : trace.at("traceEvents")) {
        if (e.value("cat", "") != "uart") continue;
        ++lines;
        if (e.at("tid") != app) continue;
        EXPECT_EQ(e.at("name").get<std::string>(), std::string(sim::trace_recorder::max_line_chars, 'x'));
        EXPECT_EQ(e.at("args").at("truncated"), true);
    }
    EXPECT_EQ(lines, sim::trace_recorder::max_uart_lines);
    EXPECT_EQ(trace.at("otherData").at("uart_lines_truncated"), 1);
    EXPECT_EQ(trace.at("otherData").at("uart_lines_dropped"), 1);
}

TEST(trace, more_than_one_scenario_is_a_usage_error) {
    outcome result = run_nrf53sim("run " SOURCE_DIR "/scenarios/dual-core-boot.yaml " SOURCE_DIR
                                  "/scenarios/dual-core-boot.yaml --trace /dev/null");
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.output.find("--trace records one scenario"), std::string::npos) << result.output;
}

}  // namespace
