// The debug interface a GDB stub drives: halt, resume, single step,
// registers, memory, breakpoints and watchpoints.
#include "cores/cortex_m33.h"

#include <algorithm>
#include <cstring>

namespace armv8m {

void cortex_m33::debug_halt() {
    m_halt_request = true;
    request_stop();
    m_wake_event.notify(sc_core::SC_ZERO_TIME);
}

void cortex_m33::debug_resume() {
    if (m_state != run_state::halted) return;
    set_state(run_state::running);
    m_wake_event.notify(sc_core::SC_ZERO_TIME);
}

void cortex_m33::debug_step() {
    // One instruction. A code hook over this instruction and the next stops
    // before the second if execution falls through; a branch lands on a
    // block start, where the block hook stops it. (Not uc_emu_start's
    // `count`: in Unicorn 2.0.1 it leaves a per-instruction hook behind.)
    const std::uint32_t pc = m_cpu.pc();
    uc_hook hook;
    m_step_instructions = 0;
    uc_hook_add(m_cpu.engine(), &hook, UC_HOOK_CODE, reinterpret_cast<void*>(hook_step), this, pc, pc + 7);
    m_cpu.invalidate(pc, pc + 8);
    m_budget = ~0ull;
    m_stop_request = false;
    m_stopped_in_block = false;
    m_stepping = true;
    const uc_err err = m_cpu.run(pc);
    m_stepping = false;
    if (m_stopped_in_block) m_cpu.set_pc(static_cast<std::uint32_t>(m_stop_address));
    uc_hook_del(m_cpu.engine(), hook);
    m_cpu.invalidate(pc, pc + 8);
    finish_slice();
    if (err != UC_ERR_OK) handle_stop_error(err);
    if (on_debug_stop) on_debug_stop(debug_stop::step);
}

void cortex_m33::hook_step(uc_engine* uc, std::uint64_t, std::uint32_t, void* self) {
    auto& core = *static_cast<cortex_m33*>(self);
    if (++core.m_step_instructions > 1) uc_emu_stop(uc);
}

std::uint32_t cortex_m33::read_register(int id) {
    switch (id) {
    case UC_ARM_REG_MSP: return m_cpu.msp();
    case UC_ARM_REG_PSP: return m_cpu.psp();
    case UC_ARM_REG_PRIMASK: case UC_ARM_REG_BASEPRI: case UC_ARM_REG_FAULTMASK: return m_cpu.mask_reg(id);
    case UC_ARM_REG_XPSR: return m_cpu.xpsr();
    default: return m_cpu.reg(id);
    }
}

void cortex_m33::write_register(int id, std::uint32_t value) {
    switch (id) {
    case UC_ARM_REG_MSP: m_cpu.set_msp(value); break;
    case UC_ARM_REG_PSP: m_cpu.set_psp(value); break;
    case UC_ARM_REG_XPSR: m_cpu.set_xpsr(value); break;
    case UC_ARM_REG_PC: m_cpu.set_pc(value); break;
    case UC_ARM_REG_CONTROL: m_cpu.set_control(value); break;
    default: m_cpu.set_reg(id, value); m_cpu.rebuild_flags(); break;
    }
    request_stop();
}

bool cortex_m33::debug_read(std::uint32_t address, void* data, std::size_t size) {
    if (std::uint8_t* p = host_pointer(address, size, false)) {
        std::memcpy(data, p, size);
        return true;
    }
    if (address - scratch_base < 0x1000) return uc_mem_read(m_cpu.engine(), address, data, size) == UC_ERR_OK;
    tlm::tlm_generic_payload trans;
    trans.set_command(tlm::TLM_READ_COMMAND);
    trans.set_address(address);
    trans.set_data_ptr(static_cast<unsigned char*>(data));
    trans.set_data_length(static_cast<unsigned>(size));
    return bus->transport_dbg(trans) == size;
}

bool cortex_m33::debug_write(std::uint32_t address, const void* data, std::size_t size) {
    const region* r = find_region(address);
    if (r && r->memory && address - r->base + size <= r->size) {
        std::memcpy(r->memory->data() + (address - r->base), data, size);
        if (!r->writable) invalidate_code(address, static_cast<std::uint32_t>(size));
        return true;
    }
    tlm::tlm_generic_payload trans;
    trans.set_command(tlm::TLM_WRITE_COMMAND);
    trans.set_address(address);
    trans.set_data_ptr(static_cast<unsigned char*>(const_cast<void*>(data)));
    trans.set_data_length(static_cast<unsigned>(size));
    return bus->transport_dbg(trans) == size;
}

void cortex_m33::add_breakpoint(std::uint32_t address) {
    m_breakpoints.insert(address & ~1u);
    m_have_breakpoints = true;
    request_stop();
}

void cortex_m33::remove_breakpoint(std::uint32_t address) {
    m_breakpoints.erase(address & ~1u);
    m_have_breakpoints = !m_breakpoints.empty();
}

void cortex_m33::add_entry_probe(std::uint32_t address) {
    if (m_entry_probes.insert(address & ~1u).second) forget_cached_block(address & ~1u);
}

void cortex_m33::clear_entry_probes() {
    for (std::uint32_t address : m_entry_probes) forget_cached_block(address);
    m_entry_probes.clear();
}

void cortex_m33::forget_cached_block(std::uint32_t address) {
    cached_block& entry = m_block_cache[(address >> 1) & (block_cache_entries - 1)];
    if (entry.address == address) entry.address = ~0ull;
}

void cortex_m33::add_watchpoint(std::uint32_t address, std::uint32_t size, watch_kind kind) {
    const int type = kind == watch_kind::write ? UC_HOOK_MEM_WRITE
                     : kind == watch_kind::read ? UC_HOOK_MEM_READ
                                                : UC_HOOK_MEM_READ | UC_HOOK_MEM_WRITE;
    uc_hook hook;
    uc_hook_add(m_cpu.engine(), &hook, type, reinterpret_cast<void*>(hook_watch), this, address,
                std::uint64_t(address) + std::max(size, 1u) - 1);
    m_watchpoints.push_back({address, size, kind, hook});
}

void cortex_m33::remove_watchpoint(std::uint32_t address, std::uint32_t size, watch_kind kind) {
    for (auto it = m_watchpoints.begin(); it != m_watchpoints.end(); ++it) {
        if (it->address == address && it->size == size && it->kind == kind) {
            uc_hook_del(m_cpu.engine(), it->hook);
            m_watchpoints.erase(it);
            return;
        }
    }
}

bool cortex_m33::hook_watch(uc_engine*, uc_mem_type type, std::uint64_t address, int, std::int64_t,
                            void* self) {
    auto& core = *static_cast<cortex_m33*>(self);
    if (core.m_stepping) return true;  // the step itself reports
    // The stop must wait for the next block (never stop from a memory
    // callback); the access instruction is found from the registers.
    core.m_fault_address = static_cast<std::uint32_t>(address);
    core.m_last_watch = {static_cast<std::uint32_t>(address), type == UC_MEM_WRITE, core.faulting_instruction()};
    core.m_watch_triggered = true;
    core.request_stop();
    return true;
}

bool cortex_m33::breakpoint_in(std::uint64_t address, std::uint32_t size, std::uint32_t& at) const {
    auto it = m_breakpoints.lower_bound(static_cast<std::uint32_t>(address));
    if (it != m_breakpoints.end() && m_have_resume_over && *it == m_resume_over_breakpoint &&
        *it == address) {
        // Resuming from this breakpoint: step over it once.
        const_cast<cortex_m33*>(this)->m_have_resume_over = false;
        ++it;
    }
    if (it == m_breakpoints.end() || *it >= address + size) return false;
    at = *it;
    return true;
}

} // namespace armv8m
