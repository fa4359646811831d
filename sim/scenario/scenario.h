// Scenario files: what to load into which core, and the steps to run and
// check, as a firmware engineer writes them in YAML. docs/scenarios.md is the
// user's reference; this header is the data model the runner executes.
//
// Parsing validates everything that can be checked without simulating:
// unknown keys, types, durations, regexes, addresses, and it loads every
// image. Any problem throws sim::input_error with "file:line:col: what".
#pragma once

#include "sim/common/duration.h"
#include "sim/common/input_error.h"
#include "sim/debug/gdb_options.h"
#include "sim/fault/points.h"
#include "sim/fault/verdict.h"
#include "sim/soc/core_id.h"
#include "sim/soc/loader.h"
#include "sim/soc/uart_attachment.h"

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace sim {

// Where a step was written, so the runner can say which expectation failed.
struct source_location {
    std::string file;
    unsigned line = 0;  // from 1; 0 when the step did not come from a file
    unsigned column = 0;
};
std::string to_string(const source_location& where);

struct console_pattern {
    std::string text;  // as written, for messages
    std::regex regex;  // ECMAScript, searched for (not anchored)
};

// ---- steps, in the order they run ----

// Let simulated time pass. No duration: until the host timeout or Ctrl-C
// (only the command line's quick form without --for does that).
struct run_step {
    std::optional<picoseconds> duration;
};
// Run until the console shows the pattern; fail if it has not within the
// given simulated time. Searches output printed since the previous
// wait_for match on that console (or since the start), and a match moves
// that point past it, so successive wait_for steps find successive lines.
struct wait_for_step {
    core_id core;
    unsigned uart;
    console_pattern console;
    picoseconds within;
};
// Bytes the UART receives, as if typed on its RX line.
struct input_step {
    core_id core;
    unsigned uart;
    std::string text;
};
// A reset (sim/soc/core_id.h says which kinds there are).
struct reset_step {
    reset_kind kind;
};
// Reads size bytes at address from core's view, as a debugger would
// (without side effects on the program); passes if (read & mask) == value.
struct expect_memory_step {
    core_id core;
    std::uint32_t address;
    std::uint32_t value;
    std::uint32_t mask;
    unsigned size;  // 1, 2 or 4
};
// A core register, named as in register_names().
struct expect_register_step {
    core_id core;
    std::string name;
    std::uint32_t value;
    std::uint32_t mask;
};
// Writes as a debugger would, e.g. 0 to RESET.NETWORK.FORCEOFF.
struct write_step {
    core_id core;
    std::uint32_t address;
    std::uint32_t value;
    unsigned size;  // 1, 2 or 4
};
// Passes if the console has already printed the pattern (anywhere in the
// output kept so far); does not advance simulated time.
struct expect_console_step {
    core_id core;
    unsigned uart;
    console_pattern console;
};

// Writes an MCUboot image into a slot of the layout as a programmer would
// (sim/scenario/dfu_steps.h), and the trailer for the request: test (magic, swap_info
// TEST), permanent (also image_ok) or none (the image only).
enum class stage_request { none, test, permanent };
struct stage_step {
    std::string image_path;
    std::vector<std::uint8_t> image;
    std::string layout_path;
    std::string slot;
    std::uint32_t slot_address = 0;  // in the app core's view
    std::uint32_t slot_size = 0;
    unsigned image_number = 0;       // 1 for *_1 slots
    stage_request request = stage_request::test;
};
// Passes if the core runs the version (sim/scenario/dfu_steps.h says where
// it is read).
struct expect_version_step {
    core_id core;
    std::string version;      // "2.0.0"
    std::string layout_path;  // a build directory or partitions.yml
};

// Records the current simulated time under a name (after a wait_for: when
// its line was seen).
struct mark_step {
    std::string name;
};
// Prints, for each phase, the simulated time between two marks.
struct phase {
    std::string name, from, to;
};
struct print_phases_step {
    std::vector<phase> phases;
};

// Cuts power at every flash operation of a span of steps (or at random
// ones) and checks that the device recovers (sim/fault/sweep.h).
struct step;
enum class sweep_method {
    fork_at_fault,  // one pass over the span, a child forked at each point's fault
    resimulate,     // a child per point forked at the span's start, run to its fault
};

struct power_fail_sweep_step {
    std::vector<step> span;       // the steps whose flash operations are the fault points
    std::vector<version_set> accept;  // what a recovered point may run (expect_versions: one set)
    picoseconds within = ps_per_s * 60;  // simulated time per recovery boot
    unsigned boots = 1;           // power-on boots allowed after the last fault
    point_plan plan;              // faults:, cuts:, seed:, runs:, sample:, second_fault:
    unsigned jobs = 2;            // child processes at once
    sweep_method method = sweep_method::fork_at_fault;
};

// A new kind of step: add its struct here, a parse function and a row in
// the step table in scenario.cpp, and a case in the runner's visitor.
using step_action = std::variant<run_step, wait_for_step, input_step, reset_step,
                                 expect_memory_step, expect_register_step, write_step,
                                 expect_console_step, stage_step, expect_version_step,
                                 mark_step, print_phases_step, power_fail_sweep_step>;

struct step {
    source_location where;
    std::string kind;  // the YAML key: "run", "wait_for", ...
    step_action action;
};

// The registers expect: {register: ...} accepts, lower case.
const std::vector<std::string>& register_names();

// UART instances with a console: app UARTE0..3, net UARTE0.
unsigned uart_count(core_id core);

// ---- the scenario ----

// What a core lockup does (docs/resets.md): reset the chip as silicon does,
// or stop the scenario with an error.
enum class lockup_action { reset, stop };

struct scenario_options {
    std::optional<picoseconds> quantum;            // unset: the simulator's default
    std::optional<std::uint32_t> app_clock_hz;     // 64 or 128 MHz; unset: as at reset (64)
    bool strict = false;                           // unmodeled accesses are errors
    std::size_t console_limit = 1024 * 1024;       // bytes kept (and shown) per console
    bool console_echo = true;                      // copy console output to stdout
    std::optional<std::chrono::milliseconds> timeout;  // host (wall-clock) time limit
    gdb_options gdb;                               // gdb: true (the command line sets the rest)
    std::string mcuboot_key;                       // a PEM key the slot report verifies signatures with
    std::optional<std::uint64_t> entropy_seed;     // the CryptoCell TRNG's seed; unset: the model's default
    lockup_action lockup = lockup_action::reset;   // with gdb: the core halts instead of a reset
    std::vector<uart_attachment> uarts;            // the command line's --uart
    // --sweep-point K / --sweep-seed S: run one point of a power_fail_sweep
    // in this process instead of the whole sweep.
    std::optional<std::uint64_t> sweep_point, sweep_seed;
    // --shard I/N: a sweep runs the points numbered p with (p - 1) mod N = I - 1.
    unsigned sweep_shard_index = 1, sweep_shard_count = 1;
};

struct scenario {
    std::string file;  // the scenario file, or "command line"
    std::string name;
    std::string description;
    std::map<std::string, std::string> variables;  // after substitution
    // requires: names a path that is absent (e.g. third-party fixtures on a
    // plain clone): the scenario is skipped, nothing else of it was read.
    std::string skip_reason;
    std::string build_dir;  // build_dir:, whose layout the slot report reads
    core_images app;
    core_images net;
    scenario_options options;
    std::vector<step> steps;

    const core_images& images(core_id core) const { return core == core_id::app ? app : net; }
};

using variable_map = std::map<std::string, std::string>;

// Where ${name} gets its value, highest priority first: overrides (--set),
// the scenario's variables: section, defaults (build), then the
// environment through getenv.
struct variable_sources {
    variable_map overrides;
    variable_map defaults;
    char* (*getenv)(const char*) = &std::getenv;  // nullptr: no environment
};

// Reads and parses path; image paths are relative to its directory.
scenario load_scenario(const std::string& path, const variable_sources& variables);

// Parses YAML text; file names it in messages, base_dir anchors relative
// image paths.
scenario parse_scenario(const std::string& text, const std::string& file,
                        const std::string& base_dir, const variable_sources& variables);

// A 32-bit number as scenarios and the command line write them: decimal or
// 0x hex. Nothing for anything else, or for a value over 32 bits.
std::optional<std::uint32_t> parse_number(std::string_view text);

// The step kinds a scenario may use, in the order docs/scenarios.md lists them.
std::vector<std::string> step_kind_names();

}  // namespace sim
