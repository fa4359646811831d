// A block of simulated memory backed by one page-aligned host buffer.
// The same buffer can be mapped into several cores (shared SRAM) and is
// what fast-path loads, stores and instruction fetches touch directly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace models {

class memory {
public:
    memory(std::string name, std::uint64_t size, std::uint8_t fill = 0);

    const std::string& name() const { return m_name; }
    std::uint64_t size() const { return m_size; }
    std::uint8_t* data() { return m_data.get(); }
    const std::uint8_t* data() const { return m_data.get(); }

    void fill(std::uint8_t value);
    std::uint32_t read32(std::uint64_t offset) const;
    void write32(std::uint64_t offset, std::uint32_t value);

private:
    struct free_deleter { void operator()(std::uint8_t* p) const; };
    std::string m_name;
    std::uint64_t m_size;
    std::unique_ptr<std::uint8_t[], free_deleter> m_data;
};

} // namespace models
