#include "models/nor_flash.h"

#include <algorithm>
#include <cstring>
#include <sstream>
#include <stdexcept>

namespace models {

nor_flash::nor_flash(std::string name, std::uint32_t size, std::uint32_t erase_unit,
                     std::uint32_t program_unit, unsigned max_programs)
    : m_memory(std::move(name), size, 0xFF), m_size(size), m_erase_unit(erase_unit),
      m_program_unit(program_unit), m_max_programs(max_programs) {
    if (erase_unit == 0 || size % erase_unit != 0)
        throw std::invalid_argument("nor_flash " + m_memory.name() +
                                    ": erase unit must divide the size");
    if (program_unit != 0) {
        if (erase_unit % program_unit != 0)
            throw std::invalid_argument("nor_flash " + m_memory.name() +
                                        ": program unit must divide the erase unit");
        m_programs_since_erase.assign(size / program_unit, 0);
    }
}

flash_op_action nor_flash::ask_hook(flash_op::kind type, std::uint32_t address,
                                    std::uint32_t size) {
    const flash_op op{type, address, size, m_operations++};
    const flash_op_action action = m_op_hook ? m_op_hook(op) : flash_op_action::proceed;
    for (const op_observer& observer : m_op_observers) observer(op, action);
    return action;
}

flash_result nor_flash::program(std::uint32_t address, const std::uint8_t* data,
                                std::uint32_t size) {
    if (!contains(address, size)) return flash_result::invalid;
    const flash_op_action action = ask_hook(flash_op::kind::program, address, size);
    if (action == flash_op_action::skip) return flash_result::skipped;
    const std::uint32_t applied = action == flash_op_action::tear ? size / 2 : size;
    std::uint8_t* cells = m_memory.data() + address;
    for (std::uint32_t i = 0; i < applied; ++i) cells[i] &= data[i];
    note_programmed(address, applied);
    changed(address, applied);
    return action == flash_op_action::proceed ? flash_result::done : flash_result::skipped;
}

flash_result nor_flash::erase(std::uint32_t address, std::uint32_t size) {
    if (!contains(address, size) || size == 0 || address % m_erase_unit != 0 ||
        size % m_erase_unit != 0)
        return flash_result::invalid;
    const flash_op_action action = ask_hook(flash_op::kind::erase, address, size);
    if (action == flash_op_action::skip) return flash_result::skipped;
    const std::uint32_t applied = action == flash_op_action::tear ? size / 2 : size;
    std::memset(m_memory.data() + address, 0xFF, applied);
    note_erased(address, applied);
    changed(address, applied);
    return action == flash_op_action::proceed ? flash_result::done : flash_result::skipped;
}

void nor_flash::note_programmed(std::uint32_t address, std::uint32_t size) {
    if (m_program_unit == 0 || size == 0) return;
    const std::uint32_t first = address / m_program_unit;
    const std::uint32_t last = (address + size - 1) / m_program_unit;
    for (std::uint32_t unit = first; unit <= last; ++unit) {
        std::uint8_t& count = m_programs_since_erase[unit];
        if (count < 255) ++count;
        if (count <= m_max_programs) continue;
        ++m_overprograms;
        if (m_on_warning) {
            std::ostringstream msg;
            msg << name() << ": unit at 0x" << std::hex << unit * m_program_unit << std::dec
                << " programmed " << unsigned(count) << " times since its last erase";
            m_on_warning(msg.str());
        }
    }
}

void nor_flash::note_erased(std::uint32_t address, std::uint32_t size) {
    if (m_program_unit == 0) return;
    // A torn erase leaves a partly erased unit: count it as not erased.
    const std::uint32_t first = (address + m_program_unit - 1) / m_program_unit;
    const std::uint32_t end = (address + size) / m_program_unit;
    if (first < end)
        std::fill(m_programs_since_erase.begin() + first, m_programs_since_erase.begin() + end, 0);
}

void nor_flash::changed(std::uint32_t address, std::uint32_t size) {
    if (m_on_changed && size != 0) m_on_changed(address, size);
}

} // namespace models
