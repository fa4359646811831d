#include "tests/support/run_nrf53sim.h"
#include "tests/support/host_time.h"
#include "sim/regression/suite.h"

#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <array>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace fs = std::filesystem;

const std::string demo = SOURCE_DIR "/scenarios/dual-core-boot.yaml";
const std::string never_printed = SOURCE_DIR "/tests/scenarios/never_printed.yaml";
const std::string requires_absent = SOURCE_DIR "/tests/sim/data/requires_absent.yaml";

using test::outcome;
using test::run_nrf53sim;

fs::path fresh_directory(const std::string& name) {
    fs::path dir = fs::path(::testing::TempDir()) / (std::to_string(::getpid()) + "_" + name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

void touch(const fs::path& file) {
    fs::create_directories(file.parent_path());
    std::ofstream(file) << "name: x\n";
}

TEST(suite, shard_is_index_slash_count) {
    std::optional<sim::shard_spec> shard = sim::parse_shard("2/4");
    ASSERT_TRUE(shard);
    EXPECT_EQ(shard->index, 2U);
    EXPECT_EQ(shard->count, 4U);
    for (const char* bad : {"0/2", "3/2", "2", "/2", "1/", "a/2", "1/2/3", "-1/2", "1/0"})
        EXPECT_FALSE(sim::parse_shard(bad)) << bad;
}

std::vector<sim::scenario> named(const std::vector<std::string>& names, const std::string& with_sweep = "") {
    std::vector<sim::scenario> scenarios;
    for (const std::string& n : names) {
        sim::scenario s;
        s.name = n;
        if (n == with_sweep) s.steps.push_back({{}, "power_fail_sweep", sim::power_fail_sweep_step{}});
        scenarios.push_back(s);
    }
    return scenarios;
}

std::vector<std::string> names_of(const std::vector<sim::scenario>& scenarios) {
    std::vector<std::string> names;
    for (const sim::scenario& s : scenarios) names.push_back(s.name);
    return names;
}

TEST(suite, shards_are_the_positions_modulo_n_and_cover_the_list_once) {
    const std::vector<std::string> files = {"a", "b", "c", "d", "e", "f", "g"};
    EXPECT_EQ(names_of(sim::select_shard(named(files), {1, 3})), (std::vector<std::string>{"a", "d", "g"}));
    EXPECT_EQ(names_of(sim::select_shard(named(files), {2, 3})), (std::vector<std::string>{"b", "e"}));
    std::multiset<std::string> all;
    for (unsigned i = 1; i <= 3; ++i)
        for (const std::string& f : names_of(sim::select_shard(named(files), {i, 3}))) all.insert(f);
    EXPECT_EQ(all, std::multiset<std::string>(files.begin(), files.end()));
    EXPECT_EQ(names_of(sim::select_shard(named(files), {1, 1})), files);
}

TEST(suite, a_scenario_with_a_sweep_runs_in_every_shard_with_its_points_sharded) {
    const std::vector<std::string> files = {"a", "sweep", "b", "c"};
    for (unsigned i = 1; i <= 2; ++i) {
        const std::vector<sim::scenario> shard = sim::select_shard(named(files, "sweep"), {i, 2});
        const std::vector<std::string> expected =
            i == 1 ? std::vector<std::string>{"a", "sweep", "c"} : std::vector<std::string>{"sweep", "b"};
        EXPECT_EQ(names_of(shard), expected);
        for (const sim::scenario& s : shard) {
            EXPECT_EQ(s.options.sweep_shard_index, s.name == "sweep" ? i : 1u);
            EXPECT_EQ(s.options.sweep_shard_count, s.name == "sweep" ? 2u : 1u);
        }
    }
}

TEST(suite, a_directory_stands_for_its_yaml_files_recursively_sorted) {
    const fs::path dir = fresh_directory("suite");
    touch(dir / "b.yaml");
    touch(dir / "a" / "z.yaml");
    touch(dir / "c" / "d" / "a.yaml");
    touch(dir / "notes.txt");
    const fs::path first = fresh_directory("first") / "first.yaml";
    touch(first);
    const std::vector<std::string> files = sim::expand_scenario_paths({first.string(), dir.string()});
    EXPECT_EQ(files, (std::vector<std::string>{first.string(), (dir / "a" / "z.yaml").string(),
                                               (dir / "b.yaml").string(), (dir / "c" / "d" / "a.yaml").string()}));
}

TEST(suite, a_directory_without_scenarios_or_a_missing_path_is_an_input_error) {
    const fs::path dir = fresh_directory("empty");
    EXPECT_THROW(sim::expand_scenario_paths({dir.string()}), sim::input_error);
    EXPECT_THROW(sim::expand_scenario_paths({(dir / "missing.yaml").string()}), sim::input_error);
}

// Two jobs at once: each scenario's lines stay together, the failure is
// listed at the end, and the exit code is the worst.
// The process's children from /proc (empty when it has none or is gone).
std::vector<pid_t> children_of(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/task/" + std::to_string(pid) + "/children");
    std::vector<pid_t> children;
    for (pid_t child; in >> child;) children.push_back(child);
    return children;
}

// Running or sleeping: not gone and not a zombie.
bool is_alive(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(in, line)) return false;
    const std::size_t state = line.rfind(')') + 2;
    return state < line.size() && line[state] != 'Z' && line[state] != 'X';
}

template <typename Condition>
bool within_seconds(int seconds, Condition condition) {
    const auto deadline = std::chrono::steady_clock::now() + test::host_time(std::chrono::seconds(seconds));
    while (!condition()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
}

// nrf53sim runs each scenario in a child process; a CI job that kills
// nrf53sim (its timeout, SIGKILL) must not leave that simulation running.
// The scenario waits for a debugger: endless, and silent after its port
// line (a child that printed more would die of SIGPIPE anyway).
TEST(suite_exe, a_killed_nrf53sim_takes_its_scenario_process_with_it) {
    int output[2];
    ASSERT_EQ(::pipe(output), 0);
    const pid_t sim = ::fork();
    if (sim == 0) {
        ::dup2(output[1], STDOUT_FILENO);
        ::dup2(output[1], STDERR_FILENO);
        execl(NRF53SIM_EXE, NRF53SIM_EXE, "run", "--app", FIRMWARE_DIR "/samples/app/sample_app.elf", "--net",
              FIRMWARE_DIR "/samples/net/sample_net.elf", "--gdb", "--gdb-port", "0", "--gdb-wait=app", nullptr);
        std::_Exit(127);
    }
    ::close(output[1]);
    std::string text;
    char buffer[256];
    for (ssize_t n; text.find("gdb: app core on") == std::string::npos &&
                    (n = ::read(output[0], buffer, sizeof buffer)) > 0;)
        text.append(buffer, static_cast<std::size_t>(n));
    ASSERT_NE(text.find("gdb: app core on"), std::string::npos) << text;
    const std::vector<pid_t> children = children_of(sim);
    ASSERT_EQ(children.size(), 1u) << "nrf53sim runs the scenario in one child process";
    ::kill(sim, SIGKILL);
    ::waitpid(sim, nullptr, 0);
    EXPECT_TRUE(within_seconds(10, [&] { return !is_alive(children.front()); }))
        << "scenario process " << children.front() << " runs on after nrf53sim was killed";
    ::kill(children.front(), SIGKILL);  // in case the test failed
    ::close(output[0]);
}

TEST(suite_exe, parallel_jobs_keep_each_scenarios_output_together) {
    outcome result = run_nrf53sim("run " + demo + " " + never_printed + " " + demo +
                                  " --jobs 2");
    EXPECT_EQ(result.exit_code, 1) << result.output;
    const std::string banner = "[app] nrf53sim sample app v1.0.0 (app core)";
    std::size_t from = 0;
    for (int block = 0; block < 3; ++block) {
        const std::size_t start = result.output.find(banner, from);
        ASSERT_NE(start, std::string::npos) << result.output;
        const std::size_t verdict = std::min(result.output.find("\nPASS ", start), result.output.find("\nFAIL ", start));
        ASSERT_NE(verdict, std::string::npos) << result.output;
        const std::size_t next_banner = result.output.find(banner, start + 1);
        if (next_banner != std::string::npos) {
            EXPECT_GT(next_banner, verdict) << result.output;
        }
        from = verdict + 1;
    }
    EXPECT_NE(result.output.find("not passed: fail never-printed"), std::string::npos) << result.output;
    EXPECT_NE(result.output.find("3 scenarios: 2 passed, 0 skipped, 1 failed, 0 errors (host "), std::string::npos)
        << result.output;
}

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// A scenario whose requires: names an absent path is skipped: exit 0, SKIP
// with the reason, and counted as skipped in the summary and both reports.
TEST(suite_exe, a_scenario_requiring_an_absent_path_is_skipped_and_counted) {
    const std::string junit = ::testing::TempDir() + "skip_" + std::to_string(::getpid()) + ".xml";
    const std::string json = ::testing::TempDir() + "skip_" + std::to_string(::getpid()) + ".json";
    outcome result = run_nrf53sim("run " + requires_absent + " " + demo + " --set fixtures=/nonexistent --junit " +
                                  junit + " --json " + json);
    EXPECT_EQ(result.exit_code, 0) << result.output;
    EXPECT_NE(result.output.find("SKIP requires-fixture: requires /nonexistent/samples/app/sample_app.elf, which is absent"),
              std::string::npos) << result.output;
    EXPECT_NE(result.output.find("2 scenarios: 1 passed, 1 skipped, 0 failed, 0 errors"), std::string::npos)
        << result.output;
    const std::string xml = read_text(junit);
    EXPECT_NE(xml.find("skipped=\"1\""), std::string::npos) << xml;
    EXPECT_NE(xml.find("<skipped message=\"requires /nonexistent/samples/app/sample_app.elf, which is absent\"/>"),
              std::string::npos) << xml;
    const nlohmann::json report = nlohmann::json::parse(read_text(json));
    EXPECT_EQ(report["summary"]["skipped"], 1);
    EXPECT_EQ(report["summary"]["passed"], 1);
    EXPECT_EQ(report["scenarios"][0]["verdict"], "skipped");
    std::remove(junit.c_str());
    std::remove(json.c_str());
}

TEST(suite_exe, a_scenario_whose_requirements_exist_runs) {
    outcome result = run_nrf53sim("run " + requires_absent + " --set fixtures=" FIRMWARE_DIR);
    EXPECT_EQ(result.exit_code, 0) << result.output;
    EXPECT_EQ(result.output.find("SKIP"), std::string::npos) << result.output;
    EXPECT_NE(result.output.find("PASS requires-fixture"), std::string::npos) << result.output;
}

TEST(suite_exe, parallel_jobs_print_in_the_order_of_the_command_line) {
    // host_timeout runs for a second of host time, never_printed ends long
    // before it: in completion order never_printed would come first.
    const std::string slow = SOURCE_DIR "/tests/scenarios/host_timeout.yaml";
    outcome result = run_nrf53sim("run " + slow + " " + never_printed + " --jobs 2");
    EXPECT_EQ(result.exit_code, 2) << result.output;
    const std::size_t first = result.output.find("ERROR host-timeout: ");
    const std::size_t second = result.output.find("FAIL never-printed: ");
    ASSERT_NE(first, std::string::npos) << result.output;
    ASSERT_NE(second, std::string::npos) << result.output;
    EXPECT_LT(first, second) << result.output;
}

// The output of `nrf53sim ARGS` on one stream: "1" standard output, "2"
// standard error (the other is dropped).
std::string stream_of(const std::string& args, const std::string& stream) {
    const std::string redirect = stream == "1" ? " 2>/dev/null" : " 2>&1 >/dev/null";
    FILE* pipe = ::popen(("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1 " NRF53SIM_EXE " " + args + redirect).c_str(), "r");
    std::string output;
    std::array<char, 4096> buffer;
    for (std::size_t n; pipe && (n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0;)
        output.append(buffer.data(), n);
    if (pipe) ::pclose(pipe);
    return output;
}

TEST(suite_exe, simulator_diagnostics_of_a_scenario_go_to_standard_error) {
    const std::string lockup = "run " SOURCE_DIR "/tests/scenarios/lockup.yaml";
    for (const std::string jobs : {"", " --jobs 2"}) {
        const std::string out = stream_of(lockup + jobs, "1"), err = stream_of(lockup + jobs, "2");
        EXPECT_NE(err.find("nrf53sim error: soc.app_core: lockup at pc"), std::string::npos) << jobs << "\n" << err;
        EXPECT_EQ(out.find("nrf53sim error:"), std::string::npos) << jobs << "\n" << out;
        EXPECT_NE(out.find("ERROR lockup: lockup of the app core"), std::string::npos) << jobs << "\n" << out;
    }
}

TEST(suite_exe, all_passing_exits_0_and_a_bad_shard_is_a_usage_error) {
    EXPECT_EQ(run_nrf53sim("run " + demo + " " + demo + " --jobs 2").exit_code, 0);
    outcome bad = run_nrf53sim("run " + demo + " --shard 3/2");
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_NE(bad.output.find("--shard: expected I/N with 1 <= I <= N"), std::string::npos) << bad.output;
}

}  // namespace
