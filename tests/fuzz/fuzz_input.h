// What every fuzz target shares: the input as text or bytes, a file to hand
// to readers that take a path, and the rule that only the project's own
// input errors are an acceptable outcome. Any other exception escapes the
// target, and libFuzzer reports it as a crash.
#pragma once

#include "sim/common/input_error.h"
#include "sim/dfu/image_format.h"

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>

namespace fuzz {

inline std::string text(const std::uint8_t* data, std::size_t size) {
    return std::string(reinterpret_cast<const char*>(data), size);
}

// A file of this process holding the input, for readers that open a path
// (libelf, srecord). `name` gives its extension, which selects the format.
inline std::string as_file(const std::uint8_t* data, std::size_t size, const std::string& name) {
    const std::string path = "/tmp/nrf53sim-fuzz-" + std::to_string(::getpid()) + "-" + name;
    std::ofstream(path, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data),
                                                                   static_cast<std::streamsize>(size));
    return path;
}

// Runs one input: a clear refusal (sim::input_error, or the image tool's
// image::error) is as good as success.
template <typename Body>
int run(Body&& body) {
    try {
        body();
    } catch (const sim::input_error&) {
    } catch (const sim::image::error&) {
    }
    return 0;
}

}  // namespace fuzz
