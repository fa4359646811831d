#include "models/memory.h"

#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>

namespace models {

// Unicorn maps host buffers by 4 KiB pages.
constexpr std::size_t host_page = 4096;

void memory::free_deleter::operator()(std::uint8_t* p) const { std::free(p); }

memory::memory(std::string name, std::uint64_t size, std::uint8_t fill_value)
    : m_name(std::move(name)), m_size(size) {
    if (size == 0 || size % host_page != 0)
        throw std::invalid_argument("memory " + m_name + ": size must be a multiple of 4 KiB");
    void* p = std::aligned_alloc(host_page, size);
    if (!p) throw std::bad_alloc();
    m_data.reset(static_cast<std::uint8_t*>(p));
    fill(fill_value);
}

void memory::fill(std::uint8_t value) { std::memset(m_data.get(), value, m_size); }

std::uint32_t memory::read32(std::uint64_t offset) const {
    std::uint32_t v;
    std::memcpy(&v, m_data.get() + offset, 4);
    return v;
}

void memory::write32(std::uint64_t offset, std::uint32_t value) {
    std::memcpy(m_data.get() + offset, &value, 4);
}

} // namespace models
