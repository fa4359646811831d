// Firmware image loaders: ELF, Intel HEX and raw binary files become the
// (address, bytes) ranges a debugger would program into the device.
//
// Format: an ELF is recognised by its magic number whatever its name; other
// files by extension (.hex/.ihex: Intel HEX, .bin: raw binary at a given
// address). Input files are only ever read.
// Errors throw sim::input_error naming the file (and the HEX line).
#pragma once

#include "sim/common/input_error.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sim {

enum class image_format { elf, intel_hex, binary };

const char* to_string(image_format format);

struct memory_range {
    std::uint32_t address = 0;
    std::vector<std::uint8_t> bytes;

    // One past the last byte, in 64 bits so a range ending at 4 GiB fits.
    std::uint64_t end() const { return std::uint64_t{address} + bytes.size(); }
};

// Ranges sorted by address, never overlapping, contiguous ones merged.
class memory_ranges {
public:
    // Adds bytes at address; overlapping bytes already added throw
    // input_error naming source (e.g. the file they came from).
    void add(std::uint32_t address, const std::uint8_t* data, std::size_t size,
             const std::string& source);
    void add(const memory_range& range, const std::string& source) {
        add(range.address, range.bytes.data(), range.bytes.size(), source);
    }

    const std::vector<memory_range>& ranges() const { return m_ranges; }
    std::size_t total_bytes() const;

private:
    std::vector<memory_range> m_ranges;
};

struct loaded_image {
    std::string path;
    image_format format = image_format::binary;
    memory_ranges contents;
    // The entry point (ELF e_entry, HEX start address record) if the file has
    // one. ELF only: the symbol table (functions and objects,
    // Thumb bit cleared on functions), for fault reports and breakpoints.
    std::optional<std::uint32_t> entry;
    std::map<std::string, std::uint32_t> symbols;
};

// What the file is: ELF by magic, else by extension. Throws input_error
// when the file cannot be read or its format cannot be told.
image_format detect_format(const std::string& path);

// Loads path in whatever format detect_format() says. binary_address is
// where a raw binary goes; it is required for raw binaries and refused
// for ELF and HEX files, whose addresses are in the file.
loaded_image load_image(const std::string& path, std::optional<std::uint32_t> binary_address = {});

loaded_image load_elf(const std::string& path);
loaded_image load_intel_hex(const std::string& path);
loaded_image load_binary(const std::string& path, std::uint32_t address);

// What a scenario loads into one core.
struct core_images {
    std::vector<loaded_image> files;  // in the order written (entry points, symbols)
    memory_ranges contents;    // all files together, checked not to overlap
};

}  // namespace sim
