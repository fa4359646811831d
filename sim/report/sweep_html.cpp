#include "sim/report/sweep_html.h"

#include <algorithm>
#include <map>
#include <sstream>

#include "sim/report/markup.h"
#include "sim/report/operation_map.h"
#include "sim/report/sweep_summary.h"

namespace sim {
namespace {

const char* const style =
    "body{font-family:sans-serif;margin:1.5em;color:#222}"
    "table{border-collapse:collapse;margin:0.5em 0}"
    "th,td{border:1px solid #bbb;padding:2px 6px;text-align:left;vertical-align:top}"
    "td.number{text-align:right}"
    "td.message,td.replay{font-family:monospace;white-space:pre-wrap;max-width:60em}"
    ".pass{color:#2e7d32}.skipped{color:#777}.fail{color:#c62828}.error{color:#6a1b9a}"
    "svg text{font-size:11px;font-family:monospace}"
    ".swatch{display:inline-block;width:1em;height:1em;vertical-align:middle;margin:0 0.3em 0 1em}"
    "section.sweep{margin-left:1em}";

std::string text(const std::string& s) { return xml_escape(s); }

void write_summary(std::ostream& out, const std::vector<scenario_result>& results) {
    std::map<std::string, std::size_t> counts;
    for (const scenario_result& r : results) ++counts[verdict(r)];
    out << "<h1>nrf53sim results</h1>\n<p class=\"summary\">" << results.size() << " scenarios: " << counts["pass"]
        << " passed, " << counts["skipped"] << " skipped, " << counts["fail"] << " failed, " << counts["error"]
        << " errors</p>\n";
}

void write_scenario_table(std::ostream& out, const std::vector<scenario_result>& results) {
    out << "<table class=\"scenarios\">\n<tr><th>scenario</th><th>file</th><th>verdict</th><th>message</th></tr>\n";
    for (const scenario_result& r : results)
        out << "<tr><td>" << text(r.name) << "</td><td>" << text(r.file) << "</td><td class=\"" << verdict(r) << "\">"
            << verdict(r) << "</td><td class=\"message\">" << text(r.message) << "</td></tr>\n";
    out << "</table>\n";
}

void write_legend(std::ostream& out) {
    out << "<p class=\"legend\">";
    for (point_verdict v : all_verdicts)
        out << "<span class=\"swatch\" style=\"background:" << verdict_colour(v) << "\"></span>" << to_string(v);
    out << "<span class=\"swatch\" style=\"background:" << not_faulted_colour << "\"></span>not faulted</p>\n";
}

// Points per fault kind (sorted by name) and verdict, with totals.
void write_fault_verdict_table(std::ostream& out, const sweep_result& sweep) {
    std::map<std::string, std::vector<sweep_point_result>> by_fault;
    for (const sweep_point_result& point : sweep.points) by_fault[point.fault].push_back(point);
    out << "<table class=\"fault-verdicts\">\n<tr><th>fault</th>";
    for (point_verdict v : all_verdicts) out << "<th>" << to_string(v) << "</th>";
    out << "<th>points</th></tr>\n";
    auto row = [&](const std::string& name, const std::vector<sweep_point_result>& points) {
        out << "<tr><td>" << text(name) << "</td>";
        for (point_verdict v : all_verdicts) out << "<td class=\"number\">" << count_with_verdict(points, v) << "</td>";
        out << "<td class=\"number\">" << points.size() << "</td></tr>\n";
    };
    for (const auto& [fault, points] : by_fault) row(fault, points);
    row("all faults", sweep.points);
    out << "</table>\n";
}

std::string operations_text(const sweep_point_result& point) {
    std::string ops;
    for (std::uint64_t op : point.operations) ops += (ops.empty() ? "" : ", ") + std::to_string(op);
    if (point.seed) ops += " (seed " + std::to_string(*point.seed) + ")";
    return ops;
}

void write_failing_points(std::ostream& out, const sweep_result& sweep) {
    const auto failing = static_cast<std::size_t>(std::count_if(sweep.points.begin(), sweep.points.end(), [](const auto& p) {
        return p.verdict != point_verdict::recovered;
    }));
    if (failing == 0) {
        out << "<p class=\"all-recovered\">Every point recovered.</p>\n";
        return;
    }
    out << "<h4>Points not recovered</h4>\n<table class=\"failing-points\">\n"
        << "<tr><th>point</th><th>fault</th><th>at operations</th><th>verdict</th><th>message</th><th>replay</th></tr>\n";
    std::size_t listed = 0;
    for (const sweep_point_result& p : sweep.points) {
        if (p.verdict == point_verdict::recovered || listed == max_listed_failing_points) continue;
        ++listed;
        out << "<tr><td class=\"number\">" << p.number << "</td><td>" << text(p.fault) << "</td><td>"
            << operations_text(p) << "</td><td>" << to_string(p.verdict) << "</td><td class=\"message\">"
            << text(bounded_point_text(p.message)) << "</td><td class=\"replay\">" << text(bounded_point_text(p.replay))
            << "</td></tr>\n";
    }
    out << "</table>\n";
    if (failing > listed)
        out << "<p class=\"left-out\">" << failing - listed << " more points not recovered are left out here; the --json "
            << "file lists them all.</p>\n";
}

void write_sweep(std::ostream& out, const sweep_result& sweep) {
    out << "<section class=\"sweep\">\n<h3>power_fail_sweep at " << text(sweep.where) << "</h3>\n<p class=\"counts\">"
        << text(verdict_counts_text(sweep));
    if (sweep.shard_count > 1)
        out << " (shard " << sweep.shard_index << "/" << sweep.shard_count << " of " << sweep.total_points << " points)";
    out << "; " << sweep.operations.size() << " flash operations in the span</p>\n";
    if (!sweep.operations.empty()) {
        out << operation_map_svg(sweep);
        write_legend(out);
    }
    write_fault_verdict_table(out, sweep);
    write_failing_points(out, sweep);
    out << "</section>\n";
}

void write_scenario(std::ostream& out, const scenario_result& r) {
    out << "<section class=\"scenario\">\n<h2>" << text(r.name) << " <span class=\"" << verdict(r) << "\">"
        << verdict(r) << "</span></h2>\n<p class=\"file\">" << text(r.file) << "</p>\n";
    for (const sweep_result& sweep : r.sweeps) write_sweep(out, sweep);
    out << "</section>\n";
}

}  // namespace

std::string html_report(const std::vector<scenario_result>& results) {
    std::ostringstream out;
    out << "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n"
        << "<meta charset=\"utf-8\"/>\n<title>nrf53sim results</title>\n<style>" << style << "</style>\n</head>\n<body>\n";
    write_summary(out, results);
    write_scenario_table(out, results);
    for (const scenario_result& r : results)
        if (!r.sweeps.empty()) write_scenario(out, r);
    out << "</body>\n</html>\n";
    return out.str();
}

}  // namespace sim
