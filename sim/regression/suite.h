// Suites: `nrf53sim run` over many scenarios, several at once.
//
// Each scenario runs in a child process of its own (a SystemC kernel
// elaborates once per process); --jobs N keeps up to N children running.
// A child's stdout and stderr go to a pipe: with one job they are passed on
// as they come, with several each scenario's output is printed in one piece
// when it ends (in the order scenarios end), never interleaved. The child
// hands its result (sim/report/report.h) to the parent through a second pipe; the
// parent enforces the host timeout and writes --junit/--json in the order
// of the scenario list.
//
// Sharding (--shard I/N, 1 <= I <= N): the scenario list is the files in
// command-line order, each directory replaced by its *.yaml files found
// recursively and sorted by path; the scenario at position p (from 0) of
// that list belongs to shard (p mod N) + 1, counting only the scenarios
// without a power_fail_sweep: those run in every shard, each sweep running
// the points k with (k - 1) mod N = I - 1. So shards 1..N together run
// every scenario and every sweep point exactly once, on any machine that
// has the same tree.
//
// On a terminal a progress line shows scenarios done, failures and the
// estimated time left; otherwise output is plain lines, and a suite of
// more than one scenario ends with its failures and a summary line.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/scenario/scenario.h"

namespace sim {

struct shard_spec {
    unsigned index = 1;  // from 1
    unsigned count = 1;
};
// "I/N" with 1 <= I <= N; nullopt for anything else.
std::optional<shard_spec> parse_shard(const std::string& text);

struct suite_options {
    unsigned jobs = 1;
    shard_spec shard;
    std::string junit_file;  // empty: none
    std::string json_file;
    std::string report_file;  // --report FILE.html (sim/report/sweep_html.h)
    std::string trace_file;  // --trace (sim/report/trace.h), one scenario only
    std::string vcd_file;    // --vcd (sim/report/vcd.h), one scenario only
};

// The files named, each directory replaced by its *.yaml files (recursive,
// sorted by path). Throws input_error for a path that does not exist or a
// directory without scenarios.
std::vector<std::string> expand_scenario_paths(const std::vector<std::string>& paths);

// The scenarios of one shard, by the rule above; a scenario with a
// power_fail_sweep is in every shard, its sweep running the points of the
// shard (sim/fault/points.h).
std::vector<scenario> select_shard(std::vector<scenario> scenarios, shard_spec shard);

// Runs the scenarios, prints their output and writes the reports; returns
// the worst exit code (0 all passed, 1 an expectation failed, 2 an error).
int run_suite(const std::vector<scenario>& scenarios, const suite_options& options);

}  // namespace sim
