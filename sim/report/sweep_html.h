// --report FILE.html (`nrf53sim run`, `nrf53sim report merge`): one
// self-contained page (inline CSS, no script, nothing fetched), written as
// XHTML so that XML tools read it too. Deterministic: it carries no host
// time.
//
//   h1, p.summary         the scenario counts
//   table.scenarios       one row per scenario: name, file, verdict, message
//   section.scenario      per scenario with sweeps, and in it per sweep a
//     section.sweep       p.counts (verdict_counts_text), the operation map
//                         (sim/report/operation_map.h) and its legend,
//                         table.fault-verdicts (points per fault kind x verdict,
//                         with totals), and table.failing-points (verdict,
//                         message, replay command per point not recovered, the
//                         first max_listed_failing_points of them; p.left-out
//                         says how many more there are)
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "sim/report/report.h"

namespace sim {

constexpr std::size_t max_listed_failing_points = 200;

std::string html_report(const std::vector<scenario_result>& results);

}  // namespace sim
