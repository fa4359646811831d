#include "models/log.h"

#include <iostream>
#include <map>

namespace models::log {
namespace {

// Distinct messages tracked for the repeat cap; beyond this, repeats of new
// texts are no longer counted (the total cap still bounds the output).
constexpr std::size_t max_tracked_messages = 4096;

struct logger {
    sink_fn sink;
    level min_level = level::info;
    unsigned repeat_cap = 10;
    std::size_t total_cap = 10000;
    std::size_t shown = 0;
    std::map<std::string, unsigned> repeats;
};

logger& the_logger() {
    static logger l;
    return l;
}

void emit(level l, const std::string& message) {
    logger& g = the_logger();
    if (g.sink) {
        g.sink(l, message);
    } else {
        std::cerr << "nrf53sim " << level_name(l) << ": " << message << '\n';
    }
}

// Counts one more occurrence; false when the message is over its cap.
bool within_repeat_cap(logger& g, const std::string& message) {
    auto it = g.repeats.find(message);
    if (it == g.repeats.end()) {
        if (g.repeats.size() < max_tracked_messages) g.repeats.emplace(message, 1);
        return true;
    }
    if (it->second > g.repeat_cap) return false;
    ++it->second;
    if (it->second > g.repeat_cap) {
        emit(level::info, "further identical messages suppressed: " + message);
        return false;
    }
    return true;
}

} // namespace

const char* level_name(level l) {
    switch (l) {
    case level::debug: return "debug";
    case level::info: return "info";
    case level::warning: return "warning";
    case level::error: return "error";
    }
    return "?";
}

void set_sink(sink_fn sink) { the_logger().sink = std::move(sink); }
void set_level(level min) { the_logger().min_level = min; }
void set_repeat_cap(unsigned cap) { the_logger().repeat_cap = cap; }
void set_total_cap(std::size_t cap) { the_logger().total_cap = cap; }

void clear_counts() {
    logger& g = the_logger();
    g.shown = 0;
    g.repeats.clear();
}

void write(level l, const std::string& message) {
    logger& g = the_logger();
    if (l < g.min_level || g.shown >= g.total_cap) return;
    if (!within_repeat_cap(g, message)) return;
    ++g.shown;
    if (g.shown == g.total_cap) {
        emit(level::warning, "log limit reached; further messages dropped");
        return;
    }
    emit(l, message);
}

} // namespace models::log
