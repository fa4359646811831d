// The picture of a sweep's span in the HTML report (sim/report/sweep_html.h):
// an SVG with one band per partition, in the order the span's flash
// operations first touch them, and the operations along the bands in span
// order, each coloured by the worst verdict of the points that fault it
// (grey: no point faults it). One rect per operation, each with a <title>
// tooltip "op K: program 0x... size N partition P: verdict"; a span of more
// than max_operation_columns operations is drawn in runs of consecutive
// operations instead, so the picture stays bounded.
#pragma once

#include <cstddef>
#include <string>

#include "sim/report/sweep_result.h"

namespace sim {

constexpr std::size_t max_operation_columns = 2000;

// The colour the report gives a verdict (also in its legend).
const char* verdict_colour(point_verdict verdict);
extern const char* const not_faulted_colour;

// The span must have at least one operation.
std::string operation_map_svg(const sweep_result& sweep);

}  // namespace sim
