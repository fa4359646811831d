#include "models/nor_flash.h"

#include <algorithm>
#include <cstring>
#include <sstream>
#include <stdexcept>

#include "models/splitmix64.h"

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

const char* to_string(flash_op_action action) {
    switch (action) {
    case flash_op_action::proceed: return "proceed";
    case flash_op_action::skip: return "skip";
    case flash_op_action::tear: return "tear";
    case flash_op_action::partial_erase: return "partial_erase";
    case flash_op_action::weak_program: return "weak_program";
    case flash_op_action::lost: return "lost";
    }
    return "?";
}

namespace {

// Power stays on through these: the controller finishes as usual.
bool powered_through(flash_op_action action) {
    return action == flash_op_action::proceed || action == flash_op_action::weak_program ||
           action == flash_op_action::lost;
}

// n seeded bytes whose bits are each set with probability 1/2^sparseness.
std::vector<std::uint8_t> seeded_bits(std::uint64_t seed, std::uint32_t n, unsigned sparseness) {
    splitmix64 random(seed);
    std::vector<std::uint8_t> bits(n);
    for (std::uint32_t i = 0; i < n; i += 8) {
        std::uint64_t word = ~0ull;
        for (unsigned k = 0; k < sparseness; ++k) word &= random.next();
        for (std::uint32_t j = 0; j < 8 && i + j < n; ++j) bits[i + j] = static_cast<std::uint8_t>(word >> (8 * j));
    }
    return bits;
}

// The 1->0 transitions of programming data over cells that stay 1: a seeded
// one in eight, and at least one where there is any transition at all.
std::vector<std::uint8_t> weak_cells(std::uint64_t seed, const std::uint8_t* cells, const std::uint8_t* data,
                                     std::uint32_t size) {
    std::vector<std::uint8_t> missing = seeded_bits(seed, size, 3);
    bool any = false;
    for (std::uint32_t i = 0; i < size; ++i) {
        missing[i] &= static_cast<std::uint8_t>(cells[i] & ~data[i]);
        any = any || missing[i] != 0;
    }
    for (std::uint32_t i = 0; i < size && !any; ++i) {
        const std::uint8_t transitions = static_cast<std::uint8_t>(cells[i] & ~data[i]);
        if (transitions == 0) continue;
        missing[i] = static_cast<std::uint8_t>(transitions & -transitions);  // the lowest one
        any = true;
    }
    return missing;
}

}  // namespace

flash_op_decision nor_flash::ask_hook(flash_op::kind type, std::uint32_t address,
                                      std::uint32_t size) {
    const flash_op op{type, address, size, m_operations++};
    const flash_op_decision decision = m_op_hook ? m_op_hook(op) : flash_op_decision{};
    for (const op_observer& observer : m_op_observers) observer(op, decision.action);
    return decision;
}

flash_result nor_flash::program(std::uint32_t address, const std::uint8_t* data,
                                std::uint32_t size) {
    if (!contains(address, size)) return flash_result::invalid;
    const flash_op_decision decision = ask_hook(flash_op::kind::program, address, size);
    apply_program(decision, address, data, size);
    return powered_through(decision.action) ? flash_result::done : flash_result::skipped;
}

void nor_flash::apply_program(const flash_op_decision& decision, std::uint32_t address,
                              const std::uint8_t* data, std::uint32_t size) {
    std::uint8_t* cells = m_memory.data() + address;
    std::uint32_t applied = size;
    switch (decision.action) {
    case flash_op_action::skip:
    case flash_op_action::partial_erase:  // not a program fault: power was cut before it
    case flash_op_action::lost:
        return;
    case flash_op_action::tear:
        applied = size / 2;
        break;
    case flash_op_action::weak_program: {
        const std::vector<std::uint8_t> missing = weak_cells(decision.seed, cells, data, size);
        for (std::uint32_t i = 0; i < size; ++i) cells[i] &= static_cast<std::uint8_t>(data[i] | missing[i]);
        note_programmed(address, size);
        changed(address, size);
        return;
    }
    case flash_op_action::proceed:
        break;
    }
    for (std::uint32_t i = 0; i < applied; ++i) cells[i] &= data[i];
    note_programmed(address, applied);
    changed(address, applied);
}

flash_result nor_flash::erase(std::uint32_t address, std::uint32_t size) {
    if (!contains(address, size) || size == 0 || address % m_erase_unit != 0 ||
        size % m_erase_unit != 0)
        return flash_result::invalid;
    const flash_op_decision decision = ask_hook(flash_op::kind::erase, address, size);
    apply_erase(decision, address, size);
    return powered_through(decision.action) ? flash_result::done : flash_result::skipped;
}

void nor_flash::apply_erase(const flash_op_decision& decision, std::uint32_t address, std::uint32_t size) {
    std::uint8_t* cells = m_memory.data() + address;
    switch (decision.action) {
    case flash_op_action::skip:
    case flash_op_action::lost:
        return;
    case flash_op_action::tear:
        std::memset(cells, 0xFF, size / 2);
        note_erased(address, size / 2);
        changed(address, size / 2);
        return;
    case flash_op_action::partial_erase: {
        // Not erased as far as programming goes: the counts stay.
        const std::vector<std::uint8_t> discharged = seeded_bits(decision.seed, size, 1);
        for (std::uint32_t i = 0; i < size; ++i) cells[i] |= discharged[i];
        changed(address, size);
        return;
    }
    case flash_op_action::weak_program:  // a program fault: the erase completes
    case flash_op_action::proceed:
        break;
    }
    std::memset(cells, 0xFF, size);
    note_erased(address, size);
    changed(address, size);
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
