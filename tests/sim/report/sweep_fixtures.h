// Hand-made sweep results for the report tests: a span over three
// partitions of two flash arrays and points of several faults and verdicts.
#pragma once

#include "sim/report/report.h"

#include <cstdint>
#include <string>
#include <vector>

namespace test {

inline std::vector<sim::span_operation> made_span() {
    std::vector<sim::span_operation> ops;
    auto add = [&](const char* array, const char* kind, std::uint32_t address, std::uint32_t size, const char* partition) {
        ops.push_back({ops.size() + 1, array, kind, address, size, partition});
    };
    add("app flash", "erase", 0x10000, 4096, "mcuboot_primary");
    add("app flash", "program", 0x10000, 16, "mcuboot_primary");
    add("external flash", "erase", 0x0, 4096, "mcuboot_secondary");
    add("app flash", "program", 0x10010, 16, "mcuboot_primary");
    add("net flash", "program", 0x01008000, 4, "");
    add("external flash", "program", 0x0, 256, "mcuboot_secondary");
    return ops;
}

inline sim::sweep_point_result made_point(std::uint64_t number, const char* fault, std::vector<std::uint64_t> ops,
                                          sim::point_verdict verdict, const std::string& message = "") {
    sim::sweep_point_result p;
    p.number = number;
    p.fault = fault;
    p.operations = std::move(ops);
    p.verdict = verdict;
    p.message = message;
    p.replay = "nrf53sim run sweep.yaml --sweep-point " + std::to_string(number);
    return p;
}

// The whole sweep: six points, 1..6, three of them not recovered.
inline sim::sweep_result made_sweep() {
    using sim::point_verdict;
    sim::sweep_result s;
    s.where = "sweep.yaml:12";
    s.total_points = 6;
    s.operations = made_span();
    s.points = {made_point(1, "power_cut", {1}, point_verdict::recovered),
                made_point(2, "power_cut", {2}, point_verdict::wrong_image, "app started v1.0.0, expected v2.0.0"),
                made_point(3, "torn", {3}, point_verdict::recovered),
                made_point(4, "torn", {4}, point_verdict::no_boot, "no application started"),
                made_point(5, "multi_cut", {2, 6}, point_verdict::timeout, "still writing flash at 5 s"),
                made_point(6, "power_cut", {6}, point_verdict::recovered)};
    s.points[4].seed = 77;
    return s;
}

// Shard `index` of `count` of made_sweep(): the points p with p mod count = index - 1.
inline sim::sweep_result made_shard(unsigned index, unsigned count) {
    sim::sweep_result s = made_sweep();
    s.shard_index = index;
    s.shard_count = count;
    s.points.clear();
    for (const sim::sweep_point_result& p : made_sweep().points)
        if ((p.number - 1) % count == index - 1) s.points.push_back(p);
    return s;
}

inline sim::scenario_result made_sweep_scenario(std::vector<sim::sweep_result> sweeps) {
    sim::scenario_result r;
    r.name = "dfu sweep";
    r.file = "tests/sweep/dfu-sweep.yaml";
    r.exit_code = 1;
    r.message = "power_fail_sweep: 3 of 6 points not recovered";
    r.simulated_ps = 2'000'000'000'000;
    r.host_seconds = 3.5;
    r.sweeps = std::move(sweeps);
    return r;
}

}  // namespace test
