// Base64 as SMP's serial frames carry it: RFC 4648's standard alphabet with
// '=' padding. Each frame is decoded on its own (as Zephyr's receiver does,
// serial_util.c mcumgr_serial_decode_frag), so a frame's text is a whole
// number of 4-character groups.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sim::smp {

std::string base64_encode(std::string_view bytes);

// The bytes, or nothing when the text is not canonical base64: a length that
// is not a multiple of 4, a character outside the alphabet, padding other
// than at the end, or padding bits that are not zero.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace sim::smp
