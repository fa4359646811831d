// A fault sweep's result as JSON: the child-to-parent hand-over, the --json
// file and `nrf53sim report merge`'s input all use this form, so
// sweep_from_json(to_json(s)) gives s back (messages and replay commands
// beyond point_text_bytes are cut; the producer keeps them shorter).
//
//   {"where": "file:line", "shard": {"index": I, "count": N}, "total_points": T,
//    "operations": [{"number", "array", "kind", "address", "size", "partition"}],
//    "points": [{"number", "fault", "operations": [K...], "seed" (random points only),
//                "verdict", "message", "replay"}],
//    "counts": {"recovered": R, "wrong_image": W, "no_boot": B, "fault": F, "timeout": T}}
//
// counts is derived from points (written for readers, ignored when read).
#pragma once

#include <nlohmann/json.hpp>

#include "sim/report/sweep_result.h"

namespace sim {

nlohmann::json to_json(const sweep_result& sweep);
// Throws nlohmann::json::exception for a missing or mistyped field and
// std::invalid_argument for an unknown verdict.
sweep_result sweep_from_json(const nlohmann::json& json);

}  // namespace sim
