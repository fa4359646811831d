// `nrf53sim report merge`: the --json files of the shards of one suite run
// (a CI matrix running `nrf53sim run --shard I/N --json shard-I.json`) put
// back together into one list of results.
//
// Scenarios are matched by file and name and come out sorted by file, then
// name. A scenario's exit code is the worst of its shards', and its message,
// consoles and slots are the worst shard's (the first of them on a tie);
// simulated and host times are added up. Its sweeps are matched by `where`;
// their points are concatenated and sorted by number, and become shard 1/1.
//
// Every inconsistency is an input_error naming the files concerned: a file
// that cannot be read or is not a results file, shards of one sweep that
// disagree on the shard count, the total of points or the span's flash
// operations, a point in two shards, a point outside 1..total_points, and a
// sweep whose shards together have fewer points than its total (a shard's
// file missing).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/report/report.h"

namespace sim {

// A suite's --json file may carry sweeps of thousands of points (a few MiB);
// the cap is far above that and keeps a wrong path from filling the memory.
constexpr std::uint64_t max_results_file_size = 64u << 20;

struct results_file {
    std::string path;
    std::vector<scenario_result> results;
};

// Reads the "scenarios" of a --json file; input_error(path) for anything
// that is not one.
results_file read_results_file(const std::string& path);

std::vector<scenario_result> merge_results(const std::vector<results_file>& files);

}  // namespace sim
