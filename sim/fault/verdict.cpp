#include "sim/fault/verdict.h"

namespace sim {
namespace {

constexpr core_id cores[] = {core_id::app, core_id::net};

std::size_t index_of(core_id core) { return core == core_id::app ? 0 : 1; }

bool checked(const std::vector<version_set>& accept, core_id core) {
    for (const version_set& set : accept)
        if (!set.of(core).empty()) return true;
    return false;
}

// The set accepts what started so far: every core it names that has
// started runs its version (cores not started yet may still match).
bool consistent(const version_set& set, const recovery_seen& seen) {
    for (core_id core : cores) {
        const std::optional<std::string>& started = seen.started[index_of(core)];
        if (!set.of(core).empty() && started && !version_matches(core, *started, set.of(core))) return false;
    }
    return true;
}

std::string what_started(const recovery_seen& seen) {
    std::string text;
    for (core_id core : cores) {
        const std::optional<std::string>& started = seen.started[index_of(core)];
        if (!started) continue;
        text += std::string(text.empty() ? "" : ", ") + to_string(core) + " " + *started;
    }
    return text.empty() ? "nothing" : text;
}

}  // namespace

bool version_matches(core_id core, const std::string& running, const std::string& expected) {
    if (core == core_id::app) return running == expected;
    return running == expected.substr(0, expected.find('.'));
}

bool all_started(const recovery_seen& seen, const std::vector<version_set>& accept) {
    for (core_id core : cores)
        if (checked(accept, core) && !seen.started[index_of(core)]) return false;
    return true;
}

point_verdict classify(const recovery_seen& seen, const std::vector<version_set>& accept, std::string& message) {
    if (seen.fault) {
        message = *seen.fault;
        return point_verdict::fault;
    }
    bool any_consistent = false;
    for (const version_set& set : accept) any_consistent = any_consistent || consistent(set, seen);
    const bool started_any = seen.started[0] || seen.started[1];
    if (started_any && !any_consistent) {
        message = "started " + what_started(seen) + "; accepted: " + describe(accept);
        return point_verdict::wrong_image;
    }
    if (all_started(seen, accept)) {
        message.clear();
        return point_verdict::recovered;
    }
    std::string missing;
    for (core_id core : cores)
        if (checked(accept, core) && !seen.started[index_of(core)])
            missing += std::string(missing.empty() ? "" : " and ") + to_string(core);
    message = "no application started on " + missing + " (started: " + what_started(seen) + ")";
    if (seen.writing_at_limit) {
        message += ", still writing flash at the limit";
        return point_verdict::timeout;
    }
    message += ", no flash written near the limit";
    return point_verdict::no_boot;
}

std::string describe(const std::vector<version_set>& accept) {
    std::string text;
    for (const version_set& set : accept) {
        std::string one;
        for (core_id core : cores)
            if (!set.of(core).empty()) one += std::string(one.empty() ? "" : " with ") + to_string(core) + " " + set.of(core);
        text += (text.empty() ? "" : " or ") + one;
    }
    return text;
}

}  // namespace sim
