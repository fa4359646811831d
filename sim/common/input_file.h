// Reading a file the user named. Every reader of nrf53sim goes through here,
// so that each refuses the same things with the file's name in the message:
// what is not a regular file (a directory opens and then reads as empty) and
// what is larger than its kind of input can be (a wrong path must not fill
// the memory).
#pragma once

#include "sim/common/input_error.h"

#include <cstdint>
#include <string>

namespace sim {

// Caps, each far above any real file of its kind.
constexpr std::uint64_t max_text_file_size = 4u << 20;    // YAML, .config, PEM, manifest
constexpr std::uint64_t max_image_file_size = 64u << 20;  // ELF (with debug info), HEX, binaries, zips

// Throws input_error(path) unless the open descriptor is a regular file of
// at most `limit` bytes.
void check_input_file(int fd, const std::string& path, std::uint64_t limit);

// The whole file; input_error(path) when it cannot be opened or read, is not
// a regular file, or is larger than `limit`.
std::string read_input_file(const std::string& path, std::uint64_t limit);

}  // namespace sim
