#include "sim/report/sweep_result.h"

namespace sim {

const char* to_string(point_verdict verdict) {
    switch (verdict) {
    case point_verdict::recovered: return "recovered";
    case point_verdict::wrong_image: return "wrong_image";
    case point_verdict::no_boot: return "no_boot";
    case point_verdict::fault: return "fault";
    case point_verdict::timeout: return "timeout";
    }
    return "?";
}

std::optional<point_verdict> verdict_from_string(const std::string& text) {
    for (point_verdict v : all_verdicts)
        if (text == to_string(v)) return v;
    return std::nullopt;
}

}  // namespace sim
