#include "sim/common/duration.h"

#include <array>
#include <cctype>
#include <iomanip>
#include <limits>
#include <sstream>

namespace sim {
namespace {

struct unit {
    std::string_view name;
    picoseconds scale;
};

// Largest first, so format_duration() picks the coarsest exact unit.
constexpr std::array<unit, 4> units{{
    {"s", ps_per_s}, {"ms", ps_per_ms}, {"us", ps_per_us}, {"ns", ps_per_ns}}};

[[noreturn]] void fail(std::string_view text, std::string_view why) {
    throw duration_error("expected a duration such as 500ms, 1.5 ms, 10us or 2s (units ns, us, "
                         "ms, s), got \"" + std::string(text) + "\": " + std::string(why));
}

bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

const unit* find_unit(std::string_view name) {
    for (const unit& u : units)
        if (u.name == name) return &u;
    return nullptr;
}

// value * scale + add, or fail() on overflow of 64 bits.
picoseconds checked_mul_add(std::string_view text, picoseconds value, picoseconds scale,
                            picoseconds add) {
    constexpr picoseconds max = std::numeric_limits<picoseconds>::max();
    if (scale != 0 && value > (max - add) / scale) fail(text, "too long");
    return value * scale + add;
}

}  // namespace

picoseconds parse_duration(std::string_view text) {
    size_t pos = 0;
    picoseconds whole = 0;
    while (pos < text.size() && is_digit(text[pos]))
        whole = checked_mul_add(text, whole, 10, static_cast<picoseconds>(text[pos++] - '0'));
    if (pos == 0) fail(text, "it must start with a number");

    std::string_view fraction;
    if (pos < text.size() && text[pos] == '.') {
        size_t start = ++pos;
        while (pos < text.size() && is_digit(text[pos])) ++pos;
        fraction = text.substr(start, pos - start);
        if (fraction.empty()) fail(text, "a digit must follow the decimal point");
    }
    if (pos < text.size() && text[pos] == ' ') ++pos;

    const unit* u = find_unit(text.substr(pos));
    if (u == nullptr) fail(text, "unknown or missing unit");

    // The fraction must be a whole number of picoseconds: scale it digit by
    // digit, so no floating point rounding can creep in.
    picoseconds fraction_ps = 0;
    picoseconds digit_scale = u->scale;
    for (char c : fraction) {
        if (digit_scale % 10 != 0) {
            if (c != '0') fail(text, "finer than the 1 ps resolution");
            continue;
        }
        digit_scale /= 10;
        fraction_ps += static_cast<picoseconds>(c - '0') * digit_scale;
    }
    return checked_mul_add(text, whole, u->scale, fraction_ps);
}

std::string format_duration(picoseconds value) {
    for (const unit& u : units)
        if (value % u.scale == 0) return std::to_string(value / u.scale) + std::string(u.name);
    // Below 1 ns resolution: show it as a decimal number of nanoseconds.
    std::string fraction = std::to_string(value % ps_per_ns);
    fraction.insert(0, 3 - fraction.size(), '0');
    while (fraction.back() == '0') fraction.pop_back();
    return std::to_string(value / ps_per_ns) + "." + fraction + "ns";
}

std::string format_seconds(picoseconds value) {
    std::ostringstream s;
    s << value / ps_per_s << '.' << std::setw(6) << std::setfill('0') << (value % ps_per_s) / ps_per_us << " s";
    return s.str();
}

}  // namespace sim
