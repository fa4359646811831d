#include "sim/report/sweep_summary.h"

#include <algorithm>
#include <iterator>

namespace sim {
namespace {

std::size_t index_of(point_verdict verdict) {
    return static_cast<std::size_t>(std::find(std::begin(all_verdicts), std::end(all_verdicts), verdict) -
                                    std::begin(all_verdicts));
}

}  // namespace

std::size_t count_with_verdict(const std::vector<sweep_point_result>& points, point_verdict verdict) {
    return static_cast<std::size_t>(std::count_if(points.begin(), points.end(),
                                                  [&](const sweep_point_result& p) { return p.verdict == verdict; }));
}

std::string verdict_counts_text(const std::vector<sweep_point_result>& points) {
    std::string text = "power_fail_sweep: " + std::to_string(points.size()) + " points";
    const char* separator = ": ";
    for (point_verdict verdict : all_verdicts) {
        text += separator + std::to_string(count_with_verdict(points, verdict)) + " " + to_string(verdict);
        separator = ", ";
    }
    return text;
}

std::string verdict_counts_text(const sweep_result& sweep) { return verdict_counts_text(sweep.points); }

point_verdict worse(point_verdict a, point_verdict b) { return index_of(a) >= index_of(b) ? a : b; }

std::string bounded_point_text(const std::string& text) {
    if (text.size() <= point_text_bytes) return text;
    const std::string marker = " [cut]";
    std::size_t end = point_text_bytes - marker.size();
    // Do not split a UTF-8 sequence: back up over continuation bytes.
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return text.substr(0, end) + marker;
}

}  // namespace sim
