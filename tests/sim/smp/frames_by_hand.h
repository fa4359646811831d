// Test helpers that build serial frames the way the specification describes
// them, one piece at a time, so the tests do not lean on encode_frames().
#pragma once

#include "sim/smp/base64.h"

#include <cstdint>
#include <initializer_list>
#include <string>

namespace smp_test {

inline std::string bytes(std::initializer_list<int> values) {
    std::string out;
    for (const int v : values) out += static_cast<char>(v);
    return out;
}

inline std::string be16(unsigned value) { return bytes({int(value >> 8), int(value & 0xff)}); }

// marker, base64 of the share, newline
inline std::string first_frame(const std::string& share) {
    return "\x06\x09" + sim::smp::base64_encode(share) + "\n";
}
inline std::string continuation_frame(const std::string& share) {
    return "\x04\x14" + sim::smp::base64_encode(share) + "\n";
}

}  // namespace smp_test
