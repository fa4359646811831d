// A tiny bounded logger for simulator diagnostics (not guest output).
// Messages go to one sink (stderr by default) that sim/ can redirect.
// Output is bounded twice: an identical message is shown at most
// `repeat_cap` times, and at most `total_cap` messages are shown overall,
// so a guest stuck in a loop cannot flood the host.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

namespace models::log {

enum class level { debug, info, warning, error };

const char* level_name(level l);

using sink_fn = std::function<void(level, const std::string&)>;

// Replaces the sink; an empty function restores the stderr sink.
void set_sink(sink_fn sink);
// Messages below `min` are dropped.
void set_level(level min);
void set_repeat_cap(unsigned cap);
void set_total_cap(std::size_t cap);
// Forgets counts (e.g. between test cases); keeps sink and settings.
void clear_counts();

void write(level l, const std::string& message);
inline void debug(const std::string& m) { write(level::debug, m); }
inline void info(const std::string& m) { write(level::info, m); }
inline void warning(const std::string& m) { write(level::warning, m); }
inline void error(const std::string& m) { write(level::error, m); }

} // namespace models::log
