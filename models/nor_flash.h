// A NOR flash array: the storage behind the nRF5340's internal flash, UICR
// and the external MX25R6435F. It enforces the two NOR rules (programming
// only clears bits; erasing sets an aligned block to 0xFF) and funnels every
// persistent change through one place so that power-fail tests can count
// operations and cut power before (or in the middle of) operation k.
//
// Reads are not operations: the cores and the QSPI XIP window read the
// memory buffer directly (storage()).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "models/memory.h"

namespace models {

struct flash_op {
    enum class kind { program, erase };
    kind type;
    std::uint32_t address;  // offset in the array
    std::uint32_t size;     // bytes
    std::uint64_t index;    // number of operations before this one (0-based)
};

// What the operation hook wants done with the operation it is shown: the
// faults a power-fail campaign injects, each as NOR cells behave (a 0 bit is
// a charged cell: programming charges, erasing discharges a whole block).
enum class flash_op_action {
    proceed,        // apply it
    skip,           // power was cut just before it: the array is untouched
    tear,           // power was cut during it: the first half of its bytes only
    partial_erase,  // power was cut during an erase: a seeded half of its 0 bits
                    // are still 0 (the discharge had not reached every cell)
    weak_program,   // it completes, but a seeded few of its 1->0 transitions
                    // did not take (at least one): it reads back differently
    lost,           // it completes as far as the firmware can tell, the array is unchanged
};
const char* to_string(flash_op_action action);

struct flash_op_decision {
    flash_op_decision(flash_op_action what = flash_op_action::proceed, std::uint64_t pattern = 0)
        : action(what), seed(pattern) {}
    flash_op_action action;
    std::uint64_t seed;  // the bit pattern of partial_erase and weak_program
};

enum class flash_result {
    done,
    skipped,     // power was cut (skip, tear, partial_erase): the caller should stop acting
    invalid,     // out of range, or an erase not aligned to the erase unit
};

class nor_flash {
public:
    using op_hook = std::function<flash_op_decision(const flash_op&)>;
    using op_observer = std::function<void(const flash_op&, flash_op_action)>;
    using change_hook = std::function<void(std::uint32_t address, std::uint32_t size)>;
    using warning_hook = std::function<void(const std::string&)>;

    // erase_unit: smallest erasable block (must divide size). program_unit:
    // the granularity of "written since erase" tracking (0 disables it);
    // max_programs: how often a unit may be programmed between erases before
    // a warning is reported.
    nor_flash(std::string name, std::uint32_t size, std::uint32_t erase_unit,
              std::uint32_t program_unit = 0, unsigned max_programs = 1);

    memory& storage() { return m_memory; }
    const memory& storage() const { return m_memory; }
    std::uint32_t size() const { return m_size; }
    std::uint32_t erase_unit() const { return m_erase_unit; }
    const std::string& name() const { return m_memory.name(); }

    // new = old & data.
    flash_result program(std::uint32_t address, const std::uint8_t* data, std::uint32_t size);
    // Sets [address, address + size) to 0xFF; both must be erase_unit aligned.
    flash_result erase(std::uint32_t address, std::uint32_t size);

    std::uint64_t operation_count() const { return m_operations; }
    std::uint64_t overprogram_count() const { return m_overprograms; }

    // Decides every program/erase before it happens (one decider: the
    // fault sweep), with the operation's index.
    void set_op_hook(op_hook hook) { m_op_hook = std::move(hook); }
    // Shown every program/erase and what the hook decided (timelines, counters).
    void add_op_observer(op_observer observer) { m_op_observers.push_back(std::move(observer)); }
    // Called after bytes changed (e.g. to drop translated code).
    void set_on_changed(change_hook hook) { m_on_changed = std::move(hook); }
    // Called when a unit is programmed more than max_programs times.
    void set_on_warning(warning_hook hook) { m_on_warning = std::move(hook); }

    bool contains(std::uint32_t address, std::uint32_t size) const {
        return address <= m_size && size <= m_size - address;
    }

private:
    flash_op_decision ask_hook(flash_op::kind type, std::uint32_t address, std::uint32_t size);
    void apply_program(const flash_op_decision& decision, std::uint32_t address, const std::uint8_t* data,
                       std::uint32_t size);
    void apply_erase(const flash_op_decision& decision, std::uint32_t address, std::uint32_t size);
    void note_programmed(std::uint32_t address, std::uint32_t size);
    void note_erased(std::uint32_t address, std::uint32_t size);
    void changed(std::uint32_t address, std::uint32_t size);

    memory m_memory;
    std::uint32_t m_size;
    std::uint32_t m_erase_unit;
    std::uint32_t m_program_unit;
    unsigned m_max_programs;
    std::vector<std::uint8_t> m_programs_since_erase;  // one per program unit, saturating
    std::uint64_t m_operations = 0;
    std::uint64_t m_overprograms = 0;
    op_hook m_op_hook;
    std::vector<op_observer> m_op_observers;
    change_hook m_on_changed;
    warning_hook m_on_warning;
};

} // namespace models
