// A sweep's points: which faults each one injects, chosen from the span's
// flash operations (recorded once, uncut) by the scenario's plan.
//
//  - Exhaustive (the default): one point per operation and fault kind that
//    applies to it, in operation order, numbered from 1.
//  - sample: {trailer: all, bulk: N} keeps every operation that touches a
//    slot's image header or trailer and N of the others, evenly spaced.
//  - cuts: N with runs: R: R random points of N faults each (one per boot
//    segment), seeded seed .. seed + R - 1 (splitmix64), so a seed always
//    gives the same point.
//  - second_fault: N gives N of the points (evenly spaced, after the others)
//    a further fault during their recovery, at a seeded operation of the
//    work left (1 .. operations after the first fault) and a seeded kind.
//  - --shard I/N keeps the points numbered p with (p - 1) mod N = I - 1.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/fault/fault.h"
#include "sim/report/sweep_result.h"

namespace sim {

struct sweep_point {
    std::uint64_t number = 0;           // 1..
    std::optional<std::uint64_t> seed;  // random runs and second faults
    std::vector<planned_fault> faults;  // faults[0] strikes in the span
};

struct sample_plan {
    bool all_trailers = true;  // trailer: all
    std::uint64_t bulk = 0;    // operations kept of the others
};

struct point_plan {
    std::vector<fault_kind> kinds{fault_kind::power_cut};
    unsigned cuts = 0;      // 0: exhaustive (or sampled); N: random runs of N faults
    std::uint64_t seed = 1;
    unsigned runs = 1;
    std::optional<sample_plan> sample;
    unsigned second_faults = 0;
};

// `critical[i]`: operation i + 1 touches an image header or trailer.
std::vector<sweep_point> plan_points(const point_plan& plan, const std::vector<span_operation>& span,
                                     const std::vector<bool>& critical);

// Random run `number` of the plan's cuts, seeded `seed` (--sweep-seed replays one).
sweep_point random_point(std::uint64_t number, std::uint64_t seed, const point_plan& plan,
                         const std::vector<span_operation>& span);

// The points of shard `index` of `count` (1 <= index <= count).
std::vector<sweep_point> shard_points(const std::vector<sweep_point>& points, unsigned index, unsigned count);

// "12 (power_cut at operation 12)", "3 (torn at operation 7, then power_cut at operation 2, seed 5)".
std::string describe(const sweep_point& point);

// The command that replays one point alone.
std::string replay_command(const std::string& scenario_file, const sweep_point& point);

}  // namespace sim
