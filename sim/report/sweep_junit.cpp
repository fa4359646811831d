#include "sim/report/sweep_junit.h"

#include <sstream>

#include "sim/report/markup.h"
#include "sim/report/sweep_summary.h"

namespace sim {
namespace {

std::string point_name(const std::string& scenario, const sweep_point_result& point) {
    std::string name = scenario + " point " + std::to_string(point.number) + " (" + point.fault + " at op";
    const char* separator = " ";
    for (std::uint64_t op : point.operations) {
        name += separator + std::to_string(op);
        separator = ", ";
    }
    if (point.seed) name += ", seed " + std::to_string(*point.seed);
    return name + ")";
}

}  // namespace

std::string point_testcases_xml(const scenario_result& r) {
    std::ostringstream x;
    for (const sweep_result& sweep : r.sweeps) {
        for (const sweep_point_result& point : sweep.points) {
            x << "    <testcase name=\"" << xml_escape(point_name(r.name, point)) << "\" classname=\""
              << xml_escape(r.file) << "\" status=\"" << to_string(point.verdict) << "\"";
            if (point.verdict == point_verdict::recovered) {
                x << "/>\n";
                continue;
            }
            const std::string message = xml_escape(bounded_point_text(point.message));
            x << ">\n      <failure type=\"" << to_string(point.verdict) << "\" message=\"" << message << "\">"
              << message << "\nreplay: " << xml_escape(bounded_point_text(point.replay)) << "</failure>\n"
              << "    </testcase>\n";
        }
    }
    return x.str();
}

std::uint64_t count_points(const std::vector<scenario_result>& results) {
    std::uint64_t points = 0;
    for (const scenario_result& r : results)
        for (const sweep_result& sweep : r.sweeps) points += sweep.points.size();
    return points;
}

std::uint64_t count_failed_points(const std::vector<scenario_result>& results) {
    std::uint64_t failed = 0;
    for (const scenario_result& r : results)
        for (const sweep_result& sweep : r.sweeps)
            failed += sweep.points.size() - count_with_verdict(sweep.points, point_verdict::recovered);
    return failed;
}

std::string sweep_counts_lines(const scenario_result& r) {
    std::string lines;
    for (const sweep_result& sweep : r.sweeps) lines += sweep.where + ": " + verdict_counts_text(sweep) + "\n";
    return lines;
}

}  // namespace sim
