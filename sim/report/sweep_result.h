// What a fault sweep (the power_fail_sweep step, sim/fault/sweep.h) leaves
// in a scenario's result: the span's flash operations in order, and one
// verdict per point. A sharded sweep (--shard I/N) carries its shard's
// points; `nrf53sim report merge` puts the shards back together.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sim {

// How a point ended (docs/scenarios.md, "Verdicts").
enum class point_verdict {
    recovered,    // an application started on every core the sweep checks, in a version set it accepts
    wrong_image,  // an application started, but not in a version set the sweep accepts
    no_boot,      // no application started and the bootloader stopped writing flash
    fault,        // a lockup or unhandled guest fault during the recovery
    timeout,      // still writing flash at the time limit
};
constexpr point_verdict all_verdicts[] = {point_verdict::recovered, point_verdict::wrong_image,
                                          point_verdict::no_boot, point_verdict::fault, point_verdict::timeout};
const char* to_string(point_verdict verdict);
std::optional<point_verdict> verdict_from_string(const std::string& text);

// One flash operation of the span, numbered from 1 in the order it happened.
struct span_operation {
    std::uint64_t number = 0;
    std::string array;      // "app flash", "net flash", "external flash"
    std::string kind;       // "program" or "erase"
    std::uint32_t address = 0;  // as the owning core addresses it (external flash: offset in the chip)
    std::uint32_t size = 0;
    std::string partition;  // the layout's partition holding address; empty when none
};

struct sweep_point_result {
    std::uint64_t number = 0;               // 1.., the point's number in the whole sweep
    std::string fault;                      // "power_cut", "torn", "interrupted_erase", ...
    std::vector<std::uint64_t> operations;  // the faulted operation of each boot segment
    std::optional<std::uint64_t> seed;      // random points
    point_verdict verdict = point_verdict::recovered;
    std::string message;                    // what went wrong (bounded); empty when recovered
    std::string replay;                     // the command that replays this point alone
};

struct sweep_result {
    std::string where;  // "file:line" of the power_fail_sweep step
    unsigned shard_index = 1, shard_count = 1;
    std::uint64_t total_points = 0;            // of the whole sweep, all shards
    std::vector<span_operation> operations;    // the span's, in order
    std::vector<sweep_point_result> points;    // this shard's, in point order
};

}  // namespace sim
