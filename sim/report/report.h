// The results of a suite run and the two files written from them:
//
//   --junit FILE  JUnit XML in the Jenkins dialect (tests/support/jenkins-junit.xsd):
//                 one <testsuite name="nrf53sim">, one <testcase> per scenario;
//                 its time attribute is the host time; the simulated time,
//                 each sweep's verdict counts and each core's console tail are
//                 in <system-out>. Each power_fail_sweep point is a <testcase>
//                 of its own after its scenario's (sim/report/sweep_junit.h).
//   --json FILE   {"scenarios": [{name, file, verdict, exit_code,
//                 simulated_time_s, host_time_s, message, consoles:
//                 {"app": {tail, truncated}, ...}, sweeps: [...]
//                 (sim/report/sweep_json.h), and for a scenario with a
//                 partition layout slots, staged and flash_operations
//                 (sim/dfu/slot_report.h)}], "summary": {scenarios, passed,
//                 skipped, failed, errors, sweep_points: {total, recovered,
//                 wrong_image, no_boot, fault, timeout}, host_time_s}}
//   --report FILE the HTML page (sim/report/sweep_html.h).
//
// Everything but the host-time fields is deterministic.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/dfu/slot_report.h"
#include "sim/report/sweep_result.h"

namespace sim {

// The last lines one UART printed (carriage returns dropped), bounded by
// console_tail_lines and console_tail_bytes; truncated when earlier text
// was left out.
struct console_tail {
    std::string name;  // "app", "net", "app.uart2"...
    std::string text;
    bool truncated = false;
};
constexpr std::size_t console_tail_lines = 20;
constexpr std::size_t console_tail_bytes = 2048;
console_tail make_console_tail(const std::string& name, const std::string& printed);

struct scenario_result {
    std::string name;
    std::string file;
    int exit_code = 2;           // 0 pass (or skipped), 1 an expectation failed, 2 an error
    bool skipped = false;        // not run: requires: names an absent path
    std::string message;         // why it failed or was skipped; empty on a pass
    std::uint64_t simulated_ps = 0;
    double host_seconds = 0;     // host (wall-clock) time, not deterministic
    std::vector<console_tail> consoles;
    std::optional<slot_report> slots;  // DFU scenarios: the slots at the end of the run
    std::vector<sweep_result> sweeps;  // its power_fail_sweep steps, in order
};
const char* verdict(const scenario_result& result);  // "pass", "skipped", "fail" or "error"

// The form a child process hands its result to the parent in.
nlohmann::json to_json(const scenario_result& result);
scenario_result result_from_json(const nlohmann::json& json);

std::string junit_xml(const std::vector<scenario_result>& results, double host_seconds);
std::string results_json(const std::vector<scenario_result>& results, double host_seconds);

// Writes text to path; throws std::runtime_error naming the file on failure.
void write_file(const std::string& path, const std::string& text);

}  // namespace sim
