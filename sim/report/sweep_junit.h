// A fault sweep in the JUnit file (sim/report/report.h): one <testcase> per
// point, named "<scenario> point K (<fault> at op A, B)" with the scenario
// file as classname and the verdict as status; a point not recovered has a
// <failure type="<verdict>"> carrying its message and replay command (each
// cut at point_text_bytes).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/report/report.h"

namespace sim {

std::string point_testcases_xml(const scenario_result& result);

// Over every sweep of every result.
std::uint64_t count_points(const std::vector<scenario_result>& results);
std::uint64_t count_failed_points(const std::vector<scenario_result>& results);

// The lines the scenario's <system-out> gets: "<where>: <verdict_counts_text>".
std::string sweep_counts_lines(const scenario_result& result);

}  // namespace sim
