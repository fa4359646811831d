#include "sim/fault/fault.h"

#include "models/splitmix64.h"
#include "sim/soc/soc.h"

namespace sim {

const char* to_string(fault_kind kind) {
    switch (kind) {
    case fault_kind::power_cut: return "power_cut";
    case fault_kind::torn: return "torn";
    case fault_kind::interrupted_erase: return "interrupted_erase";
    case fault_kind::weak_program: return "weak_program";
    case fault_kind::silent_write_failure: return "silent_write_failure";
    case fault_kind::reset_after: return "reset_after";
    }
    return "?";
}

std::optional<fault_kind> fault_kind_from_string(const std::string& text) {
    for (fault_kind kind : all_fault_kinds)
        if (text == to_string(kind)) return kind;
    return std::nullopt;
}

bool applies_to(fault_kind kind, models::flash_op::kind operation) {
    if (kind == fault_kind::interrupted_erase) return operation == models::flash_op::kind::erase;
    if (kind == fault_kind::weak_program) return operation == models::flash_op::kind::program;
    return true;
}

bool cuts_power(fault_kind kind) {
    return kind == fault_kind::power_cut || kind == fault_kind::torn || kind == fault_kind::interrupted_erase;
}

namespace {

models::flash_op_action action_of(fault_kind kind) {
    switch (kind) {
    case fault_kind::power_cut: return models::flash_op_action::skip;
    case fault_kind::torn: return models::flash_op_action::tear;
    case fault_kind::interrupted_erase: return models::flash_op_action::partial_erase;
    case fault_kind::weak_program: return models::flash_op_action::weak_program;
    case fault_kind::silent_write_failure: return models::flash_op_action::lost;
    case fault_kind::reset_after: return models::flash_op_action::proceed;
    }
    return models::flash_op_action::proceed;
}

}  // namespace

const char* to_string(flash_array array) {
    switch (array) {
    case flash_array::app: return "app flash";
    case flash_array::net: return "net flash";
    case flash_array::external: return "external flash";
    }
    return "?";
}

fault_injector::fault_injector(soc& chip) {
    watch(chip.flash(core_id::app), flash_array::app);
    watch(chip.flash(core_id::net), flash_array::net);
    watch(chip.external_flash(), flash_array::external);
}

void fault_injector::watch(models::nor_flash& flash, flash_array array) {
    flash.set_op_hook([this, array](const models::flash_op& op) { return decide(array, op); });
}

models::flash_op_decision fault_injector::decide(flash_array array, const models::flash_op& op) {
    if (m_off) return models::flash_op_action::skip;
    ++m_operations;
    if (before_operation) before_operation(m_operations, array, op);
    if (m_segment >= m_faults.size()) return models::flash_op_action::proceed;
    const planned_fault& fault = m_faults[m_segment];
    if (m_operations < fault.operation || !applies_to(fault.kind, op.type)) return models::flash_op_action::proceed;
    ++m_segment;
    m_operations = 0;  // the next segment counts from the next operation
    m_off = cuts_power(fault.kind);
    models::splitmix64 cells(m_pattern + m_segment);
    const models::flash_op_decision decision{action_of(fault.kind), cells.next()};
    if (on_fault) on_fault(fault.kind);
    return decision;
}

void fault_injector::arm(std::vector<planned_fault> faults, std::uint64_t pattern) {
    arm_at(0, std::move(faults), pattern);
}

void fault_injector::arm_at(std::uint64_t operation, std::vector<planned_fault> faults, std::uint64_t pattern) {
    m_faults = std::move(faults);
    m_pattern = pattern;
    m_segment = 0;
    m_operations = operation;
    m_off = false;
}

void fault_injector::power_on() {
    m_off = false;
    m_operations = 0;
}

}  // namespace sim
