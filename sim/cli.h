// The nrf53sim command line: parsing (testable, no side effects beyond
// reading input files) kept apart from sc_main in main.cpp.
//
//   nrf53sim run SCENARIO.yaml|DIRECTORY [...] [options]
//   nrf53sim run --app FILE [--app FILE...] [--net FILE...] [--for TIME] [options]
//   nrf53sim run --build-dir DIR [--for TIME] [options]
#pragma once

#include "sim/common/input_error.h"
#include "sim/scenario/scenario.h"
#include "sim/regression/suite.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sim {

// A mistake on the command line itself; main adds a pointer to --help.
class usage_error : public input_error {
public:
    explicit usage_error(const std::string& what) : input_error("", 0, 0, what) {}
};

// An image named on the command line: FILE, or FILE@ADDRESS for a raw binary.
struct image_argument {
    std::string path;
    std::optional<std::uint32_t> address;
};

struct command_line {
    enum class action { help, version, run };
    action what = action::help;
    bool check_only = false;                  // --check: validate inputs, do not run
    std::vector<std::string> scenario_files;  // run SCENARIO...
    std::vector<image_argument> app_images;   // quick form: --app
    std::vector<image_argument> net_images;   // quick form: --net
    std::string build_dir;                    // quick form: --build-dir (sim/scenario/build_run.h)
    std::optional<picoseconds> run_for;       // quick form: --for
    variable_map variables;                   // --set name=value
    std::vector<uart_attachment> uarts;       // --uart
    bool strict = false;                      // --strict
    std::optional<picoseconds> quantum;       // --quantum
    std::optional<gdb_options> gdb;           // --gdb, --gdb-host, --gdb-port, --gdb-wait
    std::optional<std::uint64_t> sweep_point, sweep_seed;  // --sweep-point, --sweep-seed
    suite_options suite;                      // --jobs, --shard, --junit, --json, --report, --trace, --vcd
};

// What the runner gets: every scenario parsed, its images loaded and the
// command-line overrides (--strict, --quantum, --gdb, --uart) already applied to its options.
struct run_options {
    std::vector<scenario> scenarios;
    suite_options suite;
};

// Throws usage_error for a malformed command line.
command_line parse_command_line(int argc, const char* const* argv);

// The program version (sim/version.cpp).
const char* version();

// The --help text, documenting every option.
std::string help_text();

// Where ${build} points when neither --set build=... nor the scenario sets
// it: $NRF53SIM_BUILD, else the build tree nrf53sim was compiled in.
std::string default_build_dir(char* (*getenv)(const char*));

// Parses every scenario (or builds the quick form's one) and loads every
// image: any bad input throws input_error before anything runs.
run_options prepare_run(const command_line& command, char* (*getenv)(const char*));

}  // namespace sim
