// Summaries of a fault sweep's verdicts that the runner's progress line,
// the suite summary and every report (JSON, JUnit, HTML) share.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "sim/report/sweep_result.h"

namespace sim {

std::size_t count_with_verdict(const std::vector<sweep_point_result>& points, point_verdict verdict);

// "power_fail_sweep: 12 points: 9 recovered, 1 wrong_image, 1 no_boot, 1 fault, 0 timeout"
std::string verdict_counts_text(const std::vector<sweep_point_result>& points);
std::string verdict_counts_text(const sweep_result& sweep);

// The worse of two verdicts: the later in all_verdicts (recovered is the best).
point_verdict worse(point_verdict a, point_verdict b);

// What a report writes of one point's message or replay command at most:
// the producer bounds them already, this keeps a report bounded whatever it
// is handed. Cut at a UTF-8 character boundary, marked by " [cut]".
constexpr std::size_t point_text_bytes = 2048;
std::string bounded_point_text(const std::string& text);

}  // namespace sim
