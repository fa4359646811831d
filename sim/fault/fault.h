// The faults a sweep injects into the flash arrays (docs/scenarios.md,
// "Fault kinds"), and the injector that strikes them at the K-th flash
// operation of a boot segment.
//
// The operations are those of the internal flash of both cores (NVMC word
// writes and page erases) and of the external flash (QSPI programs and
// erases), numbered in the order they happen from 1. A boot segment starts
// at the span's start and again after each fault: at the power-on after a
// fault that cuts power, at the reset after reset_after, right after the
// faulted operation for the others.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "models/nor_flash.h"

namespace sim {

class soc;

enum class fault_kind {
    power_cut,             // power lost just before the operation
    torn,                  // power lost half way through it
    interrupted_erase,     // power lost during an erase: part of the block still 0
    weak_program,          // a program completes but some cells did not take
    silent_write_failure,  // the operation completes, the array is unchanged
    reset_after,           // a pin reset (RAM kept) once the operation is done
};
constexpr fault_kind all_fault_kinds[] = {fault_kind::power_cut,          fault_kind::torn,
                                          fault_kind::interrupted_erase,  fault_kind::weak_program,
                                          fault_kind::silent_write_failure, fault_kind::reset_after};
const char* to_string(fault_kind kind);
std::optional<fault_kind> fault_kind_from_string(const std::string& text);

// interrupted_erase strikes erases only, weak_program programs only.
bool applies_to(fault_kind kind, models::flash_op::kind operation);
// The fault loses power: the rest of the boot segment is gone.
bool cuts_power(fault_kind kind);

// A fault at operation `operation` (from 1) of its boot segment, or at the
// first one after it that the kind applies to.
struct planned_fault {
    std::uint64_t operation = 0;
    fault_kind kind = fault_kind::power_cut;
    bool operator==(const planned_fault& o) const { return operation == o.operation && kind == o.kind; }
};

enum class flash_array { app, net, external };
const char* to_string(flash_array array);  // "app flash", "net flash", "external flash"

class fault_injector {
public:
    explicit fault_injector(soc& chip);

    // faults[i] strikes in boot segment i, counted from the next operation;
    // `pattern` seeds the cells of partial erases and weak programs.
    void arm(std::vector<planned_fault> faults, std::uint64_t pattern);
    // The same for a point forked at the operation being decided: it is
    // operation `operation` of the first segment.
    void arm_at(std::uint64_t operation, std::vector<planned_fault> faults, std::uint64_t pattern);
    // Power is back after a fault that cut it: a new boot segment.
    void power_on();

    bool power_is_off() const { return m_off; }
    std::uint64_t operations() const { return m_operations; }  // in this boot segment
    std::size_t faults_done() const { return m_segment; }

    // A fault struck (the runner pauses the simulation).
    std::function<void(fault_kind)> on_fault;
    // Shown every operation of a powered segment before it is decided, with
    // its number in the segment (the sweep records the span, or forks there).
    std::function<void(std::uint64_t number, flash_array array, const models::flash_op& op)> before_operation;

private:
    void watch(models::nor_flash& flash, flash_array array);
    models::flash_op_decision decide(flash_array array, const models::flash_op& op);

    std::vector<planned_fault> m_faults;
    std::uint64_t m_pattern = 0;
    std::size_t m_segment = 0;  // index of the boot segment in m_faults
    std::uint64_t m_operations = 0;
    bool m_off = false;
};

}  // namespace sim
