// Received bytes as text for messages: printable ASCII as is, everything
// else as \xNN, cut after `limit` bytes with the total length, so a message
// about a long or binary frame stays one readable line.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sim::smp {

constexpr std::size_t shown_bytes_limit = 48;

// e.g. "\x06\x09AAsA..." (131 bytes)
std::string show_bytes(std::string_view bytes, std::size_t limit = shown_bytes_limit);

// Lower-case hex without separators, e.g. an image hash "3f9a...".
std::string to_hex(std::string_view bytes);

}  // namespace sim::smp
