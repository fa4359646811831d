// Simulated durations as written by people: "500ms", "1.5 ms", "10us", "2s".
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace sim {

// Integer picoseconds: SystemC's default time resolution, so a value converts
// exactly with sc_core::sc_time::from_value().
using picoseconds = std::uint64_t;

constexpr picoseconds ps_per_ns = 1000;
constexpr picoseconds ps_per_us = 1000 * ps_per_ns;
constexpr picoseconds ps_per_ms = 1000 * ps_per_us;
constexpr picoseconds ps_per_s = 1000 * ps_per_ms;

// Thrown for text that is not a duration; the message says what was expected.
// Callers that know the file and line turn it into a sim::input_error.
class duration_error : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

// A non-negative decimal number, at most one space, then a unit: ns, us, ms
// or s. Fractions are fine as long as they are a whole number of picoseconds.
picoseconds parse_duration(std::string_view text);

// The shortest exact spelling parse_duration() reads back, e.g. "1500us".
std::string format_duration(picoseconds value);

// Seconds to the microsecond, as run reports print simulated time, e.g. "0.700000 s".
std::string format_seconds(picoseconds value);

}  // namespace sim
