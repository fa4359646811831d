// The core's construction, its inputs from the SoC and the SystemC thread
// that runs it: reset, then slices of execution between which exceptions
// are taken, sleep begins and debug requests are answered.
#include "cores/cortex_m33.h"

#include <algorithm>

#include "models/asan_stacks.h"

namespace armv8m {

using sc_core::sc_time;

namespace {

constexpr std::uint16_t reset_stub[] = {
    0x2000,          // movs r0, #0
    0xF380, 0x880A,  // msr msplim, r0
    0xF380, 0x880B,  // msr psplim, r0
    0xF3BF, 0x8F2F,  // clrex
    0xBE00,          // bkpt #0: back to the host
};

} // namespace

cortex_m33::cortex_m33(sc_core::sc_module_name name, const core_config& config)
    : sc_module(name),
      bus("bus"),
      m_config(config),
      m_decoder(config.costs),
      m_nvic(config.features.num_irq, config.features.priority_bits),
      m_scs(config.features, *this, m_nvic),
      m_block_cache(block_cache_entries),
      m_clock_hz(config.clock_hz) {
    if (sc_core::sc_get_time_resolution() != sc_time(1, sc_core::SC_PS))
        throw std::logic_error("cortex_m33 needs the SystemC time resolution of 1 ps");
    uc_engine* uc = m_cpu.engine();
    uc_hook h;
    uc_hook_add(uc, &h, UC_HOOK_BLOCK, reinterpret_cast<void*>(hook_block), this, 1, 0);
    uc_hook_add(uc, &h, UC_HOOK_INTR, reinterpret_cast<void*>(hook_interrupt), this, 1, 0);
    uc_hook_add(uc, &h, UC_HOOK_INSN_INVALID, reinterpret_cast<void*>(hook_invalid_insn), this, 1, 0);
    uc_hook_add(uc, &h, UC_HOOK_MEM_UNMAPPED | UC_HOOK_MEM_READ_PROT | UC_HOOK_MEM_FETCH_PROT,
                reinterpret_cast<void*>(hook_unmapped), this, 1, 0);
    uc_hook_add(uc, &h, UC_HOOK_MEM_WRITE_PROT, reinterpret_cast<void*>(hook_rom_write), this, 1, 0);
    uc_mmio_map(uc, system_control::base, system_control::size, ppb_read, this, ppb_write, this);
    uc_mem_map(uc, scratch_base, 0x1000, UC_PROT_READ | UC_PROT_EXEC);
    uc_mem_write(uc, scratch_base, reset_stub, sizeof reset_stub);

    m_master = new models::bus_master;  // the payload owns its extensions
    m_master->core = config.bus_master_id;
    m_trans.set_extension(m_master);

    SC_THREAD(thread);
    SC_METHOD(on_systick);
    sensitive << m_systick_event;
    dont_initialize();
}

cortex_m33::~cortex_m33() = default;

void cortex_m33::start_of_simulation() { models::give_systemc_main_stack_to_asan(); }

// ---------------------------------------------------------------- inputs

void cortex_m33::set_irq(unsigned line, bool level) {
    const bool was_pending = m_nvic.pending(exc_irq0 + line);
    m_nvic.set_line(line, level);
    if (!level) return;
    if (!was_pending && m_scs.sev_on_pend()) m_event_register = true;
    request_stop();
    m_wake_event.notify(sc_core::SC_ZERO_TIME);
}

void cortex_m33::set_hold_in_reset(bool hold) {
    if (hold == m_hold) return;
    m_hold = hold;
    if (!hold) m_reset_pending = true;  // release starts the core from its reset vector
    request_stop();
    m_wake_event.notify(sc_core::SC_ZERO_TIME);
}

void cortex_m33::request_reset() {
    m_reset_pending = true;
    request_stop();
    m_wake_event.notify(sc_core::SC_ZERO_TIME);
}

// ---------------------------------------------------------------- main loop

void cortex_m33::thread() {
    for (;;) {
        if (m_reset_pending && !m_hold) do_reset();
        if (m_hold) set_state(run_state::held);
        switch (m_state) {
        case run_state::running: run_running(); break;
        case run_state::sleeping: run_sleeping(); break;
        default:
            // Held, locked up or halted. A resume or release may arrive
            // while catching up with the kernel: look again before waiting.
            sync();
            if (m_state == run_state::running || (m_reset_pending && !m_hold)) break;
            wait(m_wake_event);
            m_cycles = std::max(m_cycles, cycles_at(sc_core::sc_time_stamp()));
            break;
        }
    }
}

void cortex_m33::do_reset() {
    m_reset_pending = false;
    m_nvic.reset();
    m_scs.reset(m_config.reset_vtor);
    m_msplim = m_psplim = 0;
    m_event_register = false;
    m_halt_request = false;
    m_pending_bus_error = false;
    update_forbidden_features();

    // Unicorn keeps its own copies of the stack limits and the exclusive
    // monitor, reachable only by running code: the scratch stub clears them.
    // CONTROL is written from Handler mode, where the write is privileged.
    m_cpu.set_ipsr(1);
    m_cpu.set_control(0);
    m_cpu.set_ipsr(0);
    m_running_to = true;  // the stub is not guest code: no budget, no hooks
    m_cpu.run(scratch_base);
    m_running_to = false;
    m_slice_cycles = m_slice_instructions = 0;
    m_taken_extra = 0;
    m_fetch_line = ~0u;

    for (int r = UC_ARM_REG_R0; r <= UC_ARM_REG_R12; ++r) m_cpu.set_reg(r, 0);
    m_cpu.set_reg(UC_ARM_REG_LR, 0xFFFFFFFF);
    for (const int id : {UC_ARM_REG_PRIMASK, UC_ARM_REG_BASEPRI, UC_ARM_REG_FAULTMASK})
        m_cpu.set_reg(id, 0);
    if (m_config.features.fpu) {
        for (int s = UC_ARM_REG_S0; s <= UC_ARM_REG_S31; ++s) m_cpu.set_reg(s, 0);
        m_cpu.set_reg(UC_ARM_REG_FPSCR, 0);
    }
    m_cpu.set_psp(0);
    m_cpu.set_xpsr(1u << 24);  // Thumb state

    std::uint32_t initial_sp = 0, reset_vector = 0;
    if (!debug_read(m_config.reset_vtor, &initial_sp, 4) || !debug_read(m_config.reset_vtor + 4, &reset_vector, 4)) {
        set_state(run_state::running);
        lockup(m_config.reset_vtor, "vector table unreadable at reset");
        return;
    }
    m_cpu.set_msp(initial_sp & ~3u);
    m_cpu.set_pc(reset_vector);
    set_state(run_state::running);
}

void cortex_m33::run_running() {
    install_special_hooks();
    apply_invalidations();
    apply_access_changes();
    if (m_halt_request || m_watch_triggered) {
        const debug_stop why = m_watch_triggered ? debug_stop::watchpoint : debug_stop::halt_request;
        m_halt_request = m_watch_triggered = false;
        set_state(run_state::halted);
        if (on_debug_stop) on_debug_stop(why);
        return;
    }
    if (m_pending_bus_error) {
        // An MMIO access answered with an error; Unicorn could not stop at
        // it, so the fault is taken at the next instruction boundary.
        m_pending_bus_error = false;
        const std::uint32_t bits = m_bus_error_write ? cfsr_impreciserr : cfsr_preciserr | cfsr_bfarvalid;
        raise_fault(exc_busfault, bits, m_cpu.pc(), m_bus_error_address);
    }
    for (unsigned n = 0; n < m_nvic.num_exceptions() && take_pending_exception(); ++n) {
    }
    if (m_state != run_state::running) return;

    const sc_time until = slice_end_time();
    if (time_at(m_cycles) >= until) { sync(); return; }
    std::uint64_t budget = std::max<std::uint64_t>(1, cycles_at(until) - m_cycles);
    if (m_config.slice_limit) budget = std::min(budget, m_config.slice_limit);

    const slice_end end = run_slice(budget);
    finish_slice();

    switch (end) {
    case slice_end::wfi:
        if (!m_nvic.wakes_from_wfi(masks())) { set_state(run_state::sleeping); m_wfe_sleep = false; }
        break;
    case slice_end::wfe:
        if (m_event_register) m_event_register = false;
        else { set_state(run_state::sleeping); m_wfe_sleep = true; }
        break;
    case slice_end::run_to: {
        if (!run_until(m_run_to)) break;
        if (m_run_to_fault) {
            raise_fault(exc_usagefault, m_run_to_fault, m_run_to);
        } else {
            set_state(run_state::halted);
            m_resume_over_breakpoint = m_run_to;
            m_have_resume_over = true;
            if (on_debug_stop) on_debug_stop(debug_stop::breakpoint);
        }
        break;
    }
    default:
        break;
    }
    if (time_at(m_cycles) >= slice_end_time()) sync();
}

void cortex_m33::set_state(run_state state) {
    if (state == m_state) return;
    m_state = state;
    if (on_state_change) on_state_change(state);
}

// ---------------------------------------------------------------- scs_host

void cortex_m33::system_reset_requested() {
    act_outward();
    if (on_system_reset_request) on_system_reset_request();
    else request_reset();
}

} // namespace armv8m
