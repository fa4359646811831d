#include "cores/cortex_m33.h"

#include <algorithm>
#include <cstring>
#include <sstream>

namespace armv8m {

using sc_core::sc_time;

namespace {

constexpr std::size_t block_cache_entries = 1 << 14;
constexpr std::uint32_t max_block_bytes = 4096;  // longest TB Unicorn makes is far shorter
constexpr std::uint64_t ps_per_second = 1'000'000'000'000ull;

// A scratch page outside the nRF5340 map (the Armv8-M "vendor system"
// region) holds code the host runs on the engine to reach state Unicorn
// has no register API for: the stack limits and the exclusive monitor.
constexpr std::uint32_t scratch_base = 0xF0000000;
constexpr std::uint16_t reset_stub[] = {
    0x2000,          // movs r0, #0
    0xF380, 0x880A,  // msr msplim, r0
    0xF380, 0x880B,  // msr psplim, r0
    0xF3BF, 0x8F2F,  // clrex
    0xBE00,          // bkpt #0: back to the host
};

constexpr std::uint32_t control_npriv = 1u << 0, control_spsel = 1u << 1,
                        control_fpca = 1u << 2, control_sfpa = 1u << 3;
constexpr std::uint32_t xpsr_realigned = 1u << 9;
constexpr std::uint32_t exc_return_thread = 1u << 3, exc_return_psp = 1u << 2,
                        exc_return_basic_frame = 1u << 4;
// Secure-only EXC_RETURN: PREFIX 0xFF, S=1, DCRS=1, ES=1.
constexpr std::uint32_t exc_return_base = 0xFFFFFFE1;

constexpr int frame_regs[] = {UC_ARM_REG_R0, UC_ARM_REG_R1, UC_ARM_REG_R2, UC_ARM_REG_R3,
                              UC_ARM_REG_R12, UC_ARM_REG_LR};

enum intr : std::uint32_t {
    intr_svc = 2, intr_bkpt = 7, intr_exception_exit = 8, intr_stack_limit = 19,
};

} // namespace

cortex_m33::cortex_m33(sc_core::sc_module_name name, const core_config& config)
    : sc_module(name),
      bus("bus"),
      m_config(config),
      m_decoder(config.cpi),
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

// ---------------------------------------------------------------- memory map

void cortex_m33::map_ram(std::uint32_t base, models::memory& memory, std::uint32_t fetch_wait) {
    uc_err err = uc_mem_map_ptr(m_cpu.engine(), base, memory.size(), UC_PROT_ALL, memory.data());
    if (err != UC_ERR_OK)
        throw std::invalid_argument(std::string(name()) + ": cannot map " + memory.name() + ": " +
                                    unicorn_cpu::error_text(err));
    m_regions.push_back({base, std::uint32_t(memory.size()), &memory, true, fetch_wait});
}

void cortex_m33::map_rom(std::uint32_t base, models::memory& memory, std::uint32_t fetch_wait) {
    uc_err err = uc_mem_map_ptr(m_cpu.engine(), base, memory.size(), UC_PROT_READ | UC_PROT_EXEC,
                                memory.data());
    if (err != UC_ERR_OK)
        throw std::invalid_argument(std::string(name()) + ": cannot map " + memory.name() + ": " +
                                    unicorn_cpu::error_text(err));
    m_regions.push_back({base, std::uint32_t(memory.size()), &memory, false, fetch_wait});
}

void cortex_m33::map_io(std::uint32_t base, std::uint32_t size) {
    m_io_windows.push_back(std::make_unique<io_window>(io_window{this, base}));
    io_window* window = m_io_windows.back().get();
    uc_err err = uc_mmio_map(m_cpu.engine(), base, size, io_read, window, io_write, window);
    if (err != UC_ERR_OK) {
        std::ostringstream msg;
        msg << name() << ": cannot map I/O at 0x" << std::hex << base << ": " << unicorn_cpu::error_text(err);
        throw std::invalid_argument(msg.str());
    }
    m_regions.push_back({base, size, nullptr, false, 0});
}

void cortex_m33::set_region_access(std::uint32_t base, std::uint32_t size, bool read, bool write,
                                   bool execute) {
    const region* r = find_region(base);
    if (!r || !r->memory) throw std::invalid_argument(std::string(name()) + ": set_region_access outside memory");
    // Applied at the next stop: a protection change from inside a guest
    // access (an SPU register write) must not remap memory under Unicorn.
    m_access_changes.push_back({base, size, read, write, execute});
    request_stop();
}

void cortex_m33::apply_access_changes() {
    if (m_access_changes.empty()) return;
    for (const access_change& c : m_access_changes) {
        // Translated code goes first: in Unicorn 2.0.1 removing it after
        // uc_mem_protect would undo the protection (the protect call ends
        // with the TLB flush that makes it stick).
        m_invalidations.emplace_back(c.base, c.size);
        apply_invalidations();
        const region* r = find_region(c.base);
        // ROM keeps Unicorn's write protection either way: its stores go to
        // the bus, refused here while writes are not allowed.
        const std::uint32_t perms = (c.read ? UC_PROT_READ : 0) | (c.execute ? UC_PROT_EXEC : 0) |
                                    (c.write && r->writable ? UC_PROT_WRITE : 0);
        const uc_err err = uc_mem_protect(m_cpu.engine(), c.base, c.size, perms);
        if (err != UC_ERR_OK)
            throw std::invalid_argument(std::string(name()) + ": set_region_access: " + unicorn_cpu::error_text(err));
        if (!r->writable) {
            auto it = std::find_if(m_rom_write_blocks.begin(), m_rom_write_blocks.end(),
                                   [&](const auto& b) { return b.first == c.base; });
            if (it != m_rom_write_blocks.end()) m_rom_write_blocks.erase(it);
            if (!c.write) m_rom_write_blocks.emplace_back(c.base, c.size);
        }
    }
    m_access_changes.clear();
}

const cortex_m33::region* cortex_m33::find_region(std::uint32_t address) const {
    for (const region& r : m_regions)
        if (address - r.base < r.size) return &r;
    return nullptr;
}

std::uint8_t* cortex_m33::host_pointer(std::uint32_t address, std::size_t size, bool for_write) {
    const region* r = find_region(address);
    if (!r || !r->memory || (for_write && !r->writable)) return nullptr;
    if (address - r->base + size > r->size) return nullptr;
    return r->memory->data() + (address - r->base);
}

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

void cortex_m33::set_clock(std::uint64_t hz) {
    if (hz == m_clock_hz) return;
    const std::uint64_t now = clock_cycles();
    m_anchor_time = time_at(now);
    m_anchor_cycles = now;
    m_clock_hz = hz;
    request_stop();  // the slice budget was worked out at the old rate
    arm_systick();
}

void cortex_m33::signal_event() {
    m_event_register = true;
    m_wake_event.notify(sc_core::SC_ZERO_TIME);
}

void cortex_m33::invalidate_code(std::uint32_t address, std::uint32_t size) {
    m_invalidations.emplace_back(address, size);
    request_stop();
}

void cortex_m33::apply_invalidations() {
    for (const auto& [address, size] : m_invalidations) {
        m_cpu.invalidate(address, std::uint64_t(address) + size);
        const std::uint32_t first = address > max_block_bytes ? address - max_block_bytes : 0;
        for (std::uint64_t a = first; a < std::uint64_t(address) + size; a += 2) {
            cached_block& entry = m_block_cache[(a >> 1) & (block_cache_entries - 1)];
            if (entry.address == a && entry.address + entry.size > address) entry = cached_block{};
        }
    }
    m_invalidations.clear();
}

// ---------------------------------------------------------------- time

std::uint64_t cortex_m33::clock_cycles() const { return m_cycles + m_slice_cycles; }

sc_time cortex_m33::time_at(std::uint64_t cycles) const {
    const unsigned __int128 ps = static_cast<unsigned __int128>(cycles - m_anchor_cycles) * ps_per_second / m_clock_hz;
    return m_anchor_time + sc_time::from_value(static_cast<std::uint64_t>(ps));
}

std::uint64_t cortex_m33::cycles_at(const sc_time& t) const {
    if (t <= m_anchor_time) return m_anchor_cycles;
    const unsigned __int128 ps = (t - m_anchor_time).value();
    // Round up: the core reaches time t on the first cycle at or after it.
    return m_anchor_cycles + static_cast<std::uint64_t>((ps * m_clock_hz + ps_per_second - 1) / ps_per_second);
}

sc_time cortex_m33::local_time() const { return time_at(clock_cycles()); }

sc_time cortex_m33::current_delay() const {
    const sc_time now = sc_core::sc_time_stamp();
    const sc_time local = local_time();
    return local > now ? local - now : sc_core::SC_ZERO_TIME;
}

sc_time cortex_m33::quantum() const {
    // Temporal decoupling needs a quantum; an unset global one means the default.
    const sc_time global = tlm::tlm_global_quantum::instance().get();
    return global > sc_core::SC_ZERO_TIME ? global : sc_time(10, sc_core::SC_US);
}

void cortex_m33::sync() {
    const sc_time local = time_at(m_cycles);
    const sc_time now = sc_core::sc_time_stamp();
    if (local > now) wait(local - now);
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
    uc_emu_start(m_cpu.engine(), scratch_base | 1, 0, 0, 0);
    m_running_to = false;
    m_slice_cycles = m_slice_instructions = 0;

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

    const sc_time quantum = this->quantum();
    const sc_time now = sc_core::sc_time_stamp();
    if (time_at(m_cycles) >= now + quantum) { sync(); return; }
    std::uint64_t budget = std::max<std::uint64_t>(1, cycles_at(now + quantum) - m_cycles);
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
    if (time_at(m_cycles) >= sc_core::sc_time_stamp() + quantum) sync();
}

void cortex_m33::run_sleeping() {
    // Catch up with the kernel before looking: an interrupt, reset or
    // release signalled while this thread waited for its local time
    // notified m_wake_event with nobody waiting on it.
    sync();
    if (m_reset_pending || m_hold) return;  // the main loop resets or holds the core
    const priority_masks m = masks();
    const bool wake = m_wfe_sleep ? (m_event_register || m_nvic.exception_to_take(m) != exc_none)
                                  : m_nvic.wakes_from_wfi(m);
    if (wake || m_halt_request) {
        if (m_wfe_sleep) m_event_register = false;
        set_state(run_state::running);
        return;
    }
    wait(m_wake_event);
    // A sleeping core's clock runs on: it catches up with the kernel.
    m_cycles = std::max(m_cycles, cycles_at(sc_core::sc_time_stamp()));
}

cortex_m33::slice_end cortex_m33::run_slice(std::uint64_t budget) {
    m_budget = budget;
    m_stop_request = false;
    m_stopped_in_block = false;
    m_slice_end = slice_end::budget;
    const std::uint32_t begin = m_cpu.pc();
    const uc_err err = uc_emu_start(m_cpu.engine(), begin | 1, 0, 0, 0);
    if (m_stopped_in_block) {
        // Never trust PC after a block-hook stop (Unicorn 2.0.1 leaves it
        // stale once any code hook exists): resume at the block recorded.
        m_cpu.set_pc(static_cast<std::uint32_t>(m_stop_address));
        return m_slice_end;
    }
    if (err != UC_ERR_OK) {
        handle_stop_error(err);
        return slice_end::fault;
    }
    if (m_slice_end == slice_end::budget) {
        // Unicorn returns on its own only after WFI (with PC after it).
        std::uint16_t before = 0;
        debug_read(m_cpu.pc() - 2, &before, 2);
        if (before == 0xBF30 || before == 0x8003) return slice_end::wfi;
    }
    return m_slice_end;
}

bool cortex_m33::run_until(std::uint32_t target) {
    if (m_cpu.pc() == target) return true;
    // `until` costs a retranslation of its block, so only the rare events
    // that need an exact stop mid-block (a breakpoint, a missing feature) use it.
    // Unicorn only honours `until` while translating: drop the cached block
    // that runs through it first.
    m_cpu.invalidate(target - 2, target);
    m_running_to = true;
    m_stopped_in_block = false;
    const uc_err err = uc_emu_start(m_cpu.engine(), m_cpu.pc() | 1, target, 0, 0);
    m_running_to = false;
    if (m_stopped_in_block) m_cpu.set_pc(static_cast<std::uint32_t>(m_stop_address));
    finish_slice();
    if (err != UC_ERR_OK) {
        handle_stop_error(err);
        return false;
    }
    return m_cpu.pc() == target;  // false: the code left the block another way
}

void cortex_m33::finish_slice() {
    m_cycles += m_slice_cycles;
    m_active_cycles += m_slice_cycles - m_slice_stall_cycles;
    m_instructions += m_slice_instructions;
    m_slice_cycles = m_slice_instructions = m_slice_stall_cycles = 0;
}

void cortex_m33::set_state(run_state state) {
    if (state == m_state) return;
    m_state = state;
    if (on_state_change) on_state_change(state);
}

void cortex_m33::stop_at(std::uint64_t address) {
    m_stop_address = address;
    m_stopped_in_block = true;
    uc_emu_stop(m_cpu.engine());
}

// ---------------------------------------------------------------- hooks

void cortex_m33::hook_block(uc_engine*, std::uint64_t address, std::uint32_t size, void* self) {
    static_cast<cortex_m33*>(self)->on_block(address, size);
}

void cortex_m33::on_block(std::uint64_t address, std::uint32_t size) {
    // The fast path: a known block and nothing to attend to. Budget and stop
    // requests take effect at block starts: the block is then not executed
    // and is resumed from its start.
    const cached_block& block = m_block_cache[(address >> 1) & (block_cache_entries - 1)];
    if (block.address != address || block.size != size ||
        m_stop_request | m_running_to | m_have_breakpoints | m_stepping | m_have_resume_over) {
        on_block_slow(address, size);
        return;
    }
    if (m_slice_cycles >= m_budget) { stop_at(address); return; }
    if (block.flags && !may_run(block)) return;
    m_slice_cycles += block.cycles;
    m_slice_instructions += block.instructions;
    m_master->pc = static_cast<std::uint32_t>(address);
}

void cortex_m33::on_block_slow(std::uint64_t address, std::uint32_t size) {
    if (address - scratch_base < 0x1000) return;
    if (m_stepping) {
        if (m_step_instructions >= 1) { stop_at(address); return; }
        m_step_instructions = 0;  // the code hook counts this block's first instruction
    }
    if (m_running_to) {
        // Reached the target by another way, or never will: give up (bounded).
        if (address == m_run_to || m_slice_cycles >= m_budget) { stop_at(address); return; }
    } else if (m_stop_request || m_slice_cycles >= m_budget) {
        stop_at(address);
        return;
    }
    const cached_block* block = block_at(address, size);
    if (!block) {
        // It holds special instructions not hooked yet: hook, retranslate, resume.
        m_slice_end = slice_end::special_hooks;
        m_invalidations.emplace_back(std::uint32_t(address), size);
        stop_at(address);
        return;
    }
    if (!m_running_to) {
        std::uint32_t breakpoint;
        if (m_have_breakpoints && breakpoint_in(address, size, breakpoint)) {
            m_run_to = breakpoint;
            m_run_to_fault = 0;
            m_slice_end = slice_end::run_to;
            stop_at(address);
            return;
        }
        // Stepping over the breakpoint the core stopped at applies to the
        // first block after that stop only: a later pass (gdb stepped off
        // it first, or a reset ran the same code again) must stop there.
        m_have_resume_over = false;
        if (block->flags && !may_run(*block)) return;
    }
    m_slice_cycles += block->cycles;
    m_slice_instructions += block->instructions;
    m_master->pc = static_cast<std::uint32_t>(address);
}

bool cortex_m33::may_run(const cached_block& block) {
    if (block.flags & m_forbidden_blocks) {
        // Execute up to the first instruction this core lacks, then fault.
        const std::uint32_t forbidden = block.flags & m_forbidden_blocks;
        const std::uint32_t fp = (forbidden & block_has_fp) ? block.first_fp : ~0u;
        const std::uint32_t dsp = (forbidden & block_has_dsp) ? block.first_dsp : ~0u;
        m_run_to = std::min(fp, dsp);
        m_run_to_fault = m_run_to == fp ? cfsr_nocp : cfsr_undefinstr;
        m_slice_end = slice_end::run_to;
        stop_at(block.address);
        return false;
    }
    // CPSIE / MSR PRIMASK-BASEPRI-FAULTMASK end their block in Unicorn;
    // stop at the next one so a now-unmasked exception is taken at once.
    if ((block.flags & block_unmasks) && m_nvic.any_pending()) request_stop();
    return true;
}

const cortex_m33::cached_block* cortex_m33::block_at(std::uint64_t address, std::uint32_t size) {
    cached_block& entry = m_block_cache[(address >> 1) & (block_cache_entries - 1)];
    if (entry.address == address && entry.size == size) return &entry;
    block_info info;
    const region* r = find_region(static_cast<std::uint32_t>(address));
    if (r && r->memory && address - r->base + size <= r->size) {
        info = m_decoder.decode(r->memory->data() + (address - r->base), size,
                                static_cast<std::uint32_t>(address), r->fetch_wait);
    } else {
        info.instructions = info.cycles = std::max<std::uint32_t>(1, size / 2);
    }
    if ((info.flags & block_special) && queue_special_hooks(info)) return nullptr;
    entry = {address, size, info.instructions, info.cycles,
             info.flags & ~std::uint32_t(block_special), info.first_fp, info.first_dsp};
    return &entry;
}

bool cortex_m33::queue_special_hooks(const block_info& info) {
    for (const special_insn& s : info.specials)
        if (!m_specials.count(s.address)) m_specials_to_hook.push_back(s);
    return !m_specials_to_hook.empty();
}

void cortex_m33::install_special_hooks() {
    for (const special_insn& s : m_specials_to_hook) {
        if (m_specials.count(s.address)) continue;
        uc_hook h;
        uc_hook_add(m_cpu.engine(), &h, UC_HOOK_CODE, reinterpret_cast<void*>(hook_special), this,
                    s.address, s.address);
        m_specials.emplace(s.address, s);
    }
    m_specials_to_hook.clear();
    // The caller's apply_invalidations() then retranslates the blocks with the hooks in.
}

void cortex_m33::hook_special(uc_engine*, std::uint64_t address, std::uint32_t, void* self) {
    auto& core = *static_cast<cortex_m33*>(self);
    const auto it = core.m_specials.find(static_cast<std::uint32_t>(address));
    if (it == core.m_specials.end()) return;
    const special_insn& s = it->second;
    switch (s.kind) {
    case special_insn::msr_msplim:
    case special_insn::msr_psplim:
        // Writes from unprivileged code are ignored, as on silicon.
        if (core.m_cpu.privileged()) {
            const std::uint32_t value = core.m_cpu.reg(UC_ARM_REG_R0 + s.rn) & ~7u;
            (s.kind == special_insn::msr_msplim ? core.m_msplim : core.m_psplim) = value;
        }
        break;
    case special_insn::sev:
        core.m_event_register = true;
        if (core.on_sev) core.on_sev();
        break;
    }
}

void cortex_m33::hook_interrupt(uc_engine*, std::uint32_t intno, void* self) {
    static_cast<cortex_m33*>(self)->on_interrupt(intno);
}

void cortex_m33::on_interrupt(std::uint32_t intno) {
    const std::uint32_t pc = m_cpu.pc();
    if (pc - scratch_base < 0x1000) {  // the host's own stub is done
        uc_emu_stop(m_cpu.engine());
        return;
    }
    switch (intno) {
    case intr_svc:  // PC is already past the SVC
        raise_fault(exc_svcall, 0, pc);
        break;
    case intr_bkpt:  // PC is on the BKPT
        if (on_debug_stop) {
            set_state(run_state::halted);
            m_slice_end = slice_end::halt;
            uc_emu_stop(m_cpu.engine());
            on_debug_stop(debug_stop::breakpoint);
        } else {
            m_scs.record_hardfault(hfsr_debugevt);
            raise_fault(exc_hardfault, 0, pc);
        }
        break;
    case intr_exception_exit:  // a branch into 0xF0000000-0xFFFFFFFF's magic range
        if (m_cpu.ipsr() == 0) raise_fault(exc_memmanage, cfsr_iaccviol, pc | 1);
        else exception_return(pc | 1);
        break;
    case intr_stack_limit:  // PC on the push / SP update that would cross the limit
        raise_fault(exc_usagefault, cfsr_stkof, pc);
        break;
    default:
        raise_fault(exc_usagefault, cfsr_undefinstr, pc);
        break;
    }
    if (m_state != run_state::running) {
        // A PC written in this hook cancels uc_emu_stop() (Unicorn 2.0.1):
        // the block hook stops at the next block instead, before it runs.
        m_slice_end = m_state == run_state::sleeping ? slice_end::wfi : slice_end::halt;
        uc_emu_stop(m_cpu.engine());
        request_stop();
    }
}

bool cortex_m33::hook_invalid_insn(uc_engine*, void* self) {
    auto& core = *static_cast<cortex_m33*>(self);
    // WFE and YIELD arrive here with PC after them; UDF with PC on it.
    std::uint16_t before = 0, before2 = 0;
    const std::uint32_t pc = core.m_cpu.pc();
    core.debug_read(pc - 2, &before, 2);
    core.debug_read(pc - 4, &before2, 2);
    const bool wfe = before == 0xBF20 || (before2 == 0xF3AF && before == 0x8002);
    const bool yield = before == 0xBF10 || (before2 == 0xF3AF && before == 0x8001);
    if (wfe) core.m_slice_end = slice_end::wfe;
    return wfe || yield;
}

bool cortex_m33::rom_write_blocked(std::uint32_t address) const {
    for (const auto& [base, size] : m_rom_write_blocks)
        if (address - base < size) return true;
    return false;
}

bool cortex_m33::hook_unmapped(uc_engine*, uc_mem_type, std::uint64_t address, int, std::int64_t,
                               void* self) {
    auto& core = *static_cast<cortex_m33*>(self);
    core.m_fault_address = static_cast<std::uint32_t>(address);
    return false;
}

bool cortex_m33::hook_rom_write(uc_engine*, uc_mem_type, std::uint64_t address, int size,
                                std::int64_t value, void* self) {
    auto& core = *static_cast<cortex_m33*>(self);
    std::uint32_t data = static_cast<std::uint32_t>(value);
    const region* r = core.find_region(static_cast<std::uint32_t>(address));
    const bool refused = !r || r->writable || core.rom_write_blocked(static_cast<std::uint32_t>(address));
    if (!refused && core.bus_access(tlm::TLM_WRITE_COMMAND, static_cast<std::uint32_t>(address), &data, size))
        return true;  // the flash controller applied it; Unicorn drops the store
    core.m_fault_address = static_cast<std::uint32_t>(address);
    return false;
}

std::uint64_t cortex_m33::io_read(uc_engine*, std::uint64_t offset, unsigned size, void* window) {
    auto& w = *static_cast<io_window*>(window);
    const std::uint32_t address = w.base + static_cast<std::uint32_t>(offset);
    std::uint32_t value = 0;
    if (!w.core->bus_access(tlm::TLM_READ_COMMAND, address, &value, size)) {
        w.core->m_pending_bus_error = true;
        w.core->m_bus_error_address = address;
        w.core->m_bus_error_write = false;
        w.core->request_stop();
        return 0;
    }
    return value;
}

void cortex_m33::io_write(uc_engine*, std::uint64_t offset, unsigned size, std::uint64_t value, void* window) {
    auto& w = *static_cast<io_window*>(window);
    const std::uint32_t address = w.base + static_cast<std::uint32_t>(offset);
    std::uint32_t data = static_cast<std::uint32_t>(value);
    if (!w.core->bus_access(tlm::TLM_WRITE_COMMAND, address, &data, size)) {
        w.core->m_pending_bus_error = true;
        w.core->m_bus_error_address = address;
        w.core->m_bus_error_write = true;
        w.core->request_stop();
    }
}

std::uint64_t cortex_m33::ppb_read(uc_engine*, std::uint64_t offset, unsigned size, void* self) {
    auto& core = *static_cast<cortex_m33*>(self);
    if (offset == system_control::dwt_cyccnt_offset || offset == system_control::syst_cvr_offset)
        core.skip_busy_wait();
    return core.m_scs.read(static_cast<std::uint32_t>(offset), size);
}

// A loop that does nothing but read a time source (k_busy_wait on CYCCNT,
// a SysTick poll) is recognised by the same block reading it again within
// a few instructions, many times over. From then on each read moves the
// clock on by one microsecond's worth of cycles, so the wait costs the
// host ~1/20 of the iterations and ends at most 1 us late.
void cortex_m33::skip_busy_wait() {
    constexpr std::uint64_t max_loop_instructions = 16, reads_before_skipping = 8;
    const std::uint64_t executed = m_instructions + m_slice_instructions;
    const bool same_loop = m_master->pc == m_spin_block && executed - m_spin_instructions <= max_loop_instructions;
    m_spin_reads = same_loop ? m_spin_reads + 1 : 0;
    m_spin_block = m_master->pc;
    m_spin_instructions = executed;
    if (m_spin_reads < reads_before_skipping) return;
    const std::uint64_t step = std::max<std::uint64_t>(1, m_clock_hz / 1'000'000);
    m_slice_cycles += step;
    m_slice_stall_cycles += step;
    if (m_slice_cycles >= m_budget) request_stop();
}

void cortex_m33::ppb_write(uc_engine*, std::uint64_t offset, unsigned size, std::uint64_t value, void* self) {
    static_cast<cortex_m33*>(self)->m_scs.write(static_cast<std::uint32_t>(offset),
                                                static_cast<std::uint32_t>(value), size);
}

bool cortex_m33::bus_access(tlm::tlm_command cmd, std::uint32_t address, void* data, unsigned size) {
    m_trans.set_command(cmd);
    m_trans.set_address(address);
    m_trans.set_data_ptr(static_cast<unsigned char*>(data));
    m_trans.set_data_length(size);
    m_trans.set_streaming_width(size);
    m_trans.set_byte_enable_ptr(nullptr);
    m_trans.set_dmi_allowed(false);
    m_trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    const sc_time before = current_delay();
    sc_time delay = before;
    bus->b_transport(m_trans, delay);
    if (delay > before) {
        // The access stalled the core (e.g. an NVMC write): charge its cycles.
        const unsigned __int128 ps = (delay - before).value();
        const std::uint64_t stall = static_cast<std::uint64_t>((ps * m_clock_hz + ps_per_second - 1) / ps_per_second);
        m_slice_cycles += stall;
        m_slice_stall_cycles += stall;
        if (m_slice_cycles >= m_budget) request_stop();
    }
    return m_trans.is_response_ok();
}

void cortex_m33::handle_stop_error(uc_err err) {
    switch (err) {
    case UC_ERR_READ_UNMAPPED:
    case UC_ERR_WRITE_UNMAPPED:
    case UC_ERR_WRITE_PROT:
    case UC_ERR_READ_PROT:
        raise_fault(exc_busfault, cfsr_preciserr | cfsr_bfarvalid, faulting_instruction(),
                    m_fault_address);
        break;
    case UC_ERR_FETCH_UNMAPPED:
    case UC_ERR_FETCH_PROT:
        raise_fault(exc_busfault, cfsr_ibuserr, m_fault_address);
        break;
    case UC_ERR_READ_UNALIGNED:
    case UC_ERR_WRITE_UNALIGNED:
    case UC_ERR_FETCH_UNALIGNED:
        raise_fault(exc_usagefault, cfsr_unaligned, m_cpu.pc());
        break;
    case UC_ERR_INSN_INVALID:  // UDF or an undefined encoding, PC on it
        raise_fault(exc_usagefault, cfsr_undefinstr, m_cpu.pc());
        break;
    default:
        lockup(m_cpu.pc(), "instruction set simulator error: " + unicorn_cpu::error_text(err));
        break;
    }
}

// ---------------------------------------------------------------- exceptions

std::uint32_t cortex_m33::faulting_instruction() {
    // Unicorn 2.0.1 leaves PC at the start of the block of a failed access.
    const std::uint32_t block = m_cpu.pc();
    const region* r = find_region(block);
    if (!r || !r->memory) return block;
    const std::uint32_t available = std::min<std::uint32_t>(max_block_bytes, r->base + r->size - block);
    return m_decoder.find_faulting_access(r->memory->data() + (block - r->base), available, block,
                                          m_fault_address,
                                          [this](unsigned reg) { return m_cpu.reg(UC_ARM_REG_R0 + reg); });
}

priority_masks cortex_m33::masks() const {
    priority_masks m;
    m.primask = m_cpu.mask_reg(UC_ARM_REG_PRIMASK) & 1;
    m.faultmask = m_cpu.mask_reg(UC_ARM_REG_FAULTMASK) & 1;
    m.basepri = static_cast<std::uint8_t>(m_cpu.mask_reg(UC_ARM_REG_BASEPRI));
    return m;
}

bool cortex_m33::take_pending_exception() {
    if (!m_nvic.any_pending()) return false;
    const unsigned exc = m_nvic.exception_to_take(masks());
    if (exc == exc_none) return false;
    enter_exception(exc, m_cpu.pc());
    return m_state == run_state::running;
}

void cortex_m33::raise_fault(unsigned exc, std::uint32_t cfsr, std::uint32_t return_address,
                             std::uint32_t fault_address) {
    m_scs.record_fault(cfsr, fault_address);
    const int current = m_nvic.execution_priority(masks());
    const bool configurable = exc != exc_hardfault;
    if (configurable && (!m_nvic.enabled(exc) || m_nvic.group_priority(m_nvic.priority(exc)) >= current)) {
        // Escalation: a fault (or SVC) that cannot be taken becomes HardFault.
        m_scs.record_hardfault(hfsr_forced);
        exc = exc_hardfault;
    }
    if (exc == exc_hardfault && current <= -1) {
        std::ostringstream why;
        why << "fault in HardFault or NMI handler (CFSR 0x" << std::hex << m_scs.cfsr() << ")";
        lockup(return_address, why.str());
        return;
    }
    if (exc != exc_svcall && on_fault)
        on_fault({name(), "", exc, return_address, m_scs.cfsr(), m_scs.hfsr(), fault_address});
    enter_exception(exc, return_address);
}

bool cortex_m33::push_frame(std::uint32_t sp, bool extended, std::uint32_t return_address,
                            std::uint32_t& frame) {
    const std::uint32_t size = extended ? 0x68 : 0x20;
    const bool realign = sp & 4;
    frame = (sp - size) & ~7u;
    std::uint32_t words[26] = {};
    for (unsigned i = 0; i < 6; ++i) words[i] = m_cpu.reg(frame_regs[i]);
    words[6] = return_address & ~1u;
    words[7] = (m_cpu.xpsr() & ~xpsr_realigned) | (realign ? xpsr_realigned : 0);
    if (extended) {
        for (unsigned i = 0; i < 16; ++i) words[8 + i] = m_cpu.reg(UC_ARM_REG_S0 + i);
        words[24] = m_cpu.reg(UC_ARM_REG_FPSCR);
    }
    std::uint8_t* p = host_pointer(frame, size, true);
    if (!p) return false;
    std::memcpy(p, words, size);
    return true;
}

void cortex_m33::enter_exception(unsigned exc, std::uint32_t return_address) {
    const bool from_thread = m_cpu.ipsr() == 0;
    const std::uint32_t control = m_cpu.control();
    const bool on_psp = from_thread && (control & control_spsel);
    const bool extended = m_config.features.fpu && (control & control_fpca);
    const std::uint32_t sp = m_cpu.sp();
    const std::uint32_t limit = on_psp ? m_psplim : m_msplim;

    std::uint32_t frame = (sp - (extended ? 0x68 : 0x20)) & ~7u;
    if (frame < limit) {
        // Stacking would cross the stack limit: nothing is pushed below it
        // and a STKOF UsageFault follows as a derived exception.
        m_scs.record_fault(cfsr_stkof);
        m_nvic.set_pending(m_nvic.enabled(exc_usagefault) ? exc_usagefault : exc_hardfault, true);
        frame = limit;
    } else if (!push_frame(sp, extended, return_address, frame)) {
        m_scs.record_fault(cfsr_stkerr);
        m_nvic.set_pending(m_nvic.enabled(exc_busfault) ? exc_busfault : exc_hardfault, true);
    }
    m_cpu.set_sp(frame);
    m_cpu.set_ipsr(exc);  // Handler mode: SP is now MSP
    m_cpu.set_control(control & ~(control_spsel | control_fpca | control_sfpa));
    const std::uint32_t exc_return = exc_return_base | (extended ? 0 : exc_return_basic_frame) |
                                     (from_thread ? exc_return_thread : 0) | (on_psp ? exc_return_psp : 0);
    m_cpu.set_reg(UC_ARM_REG_LR, exc_return);
    m_nvic.activate(exc);

    std::uint32_t handler = 0;
    if (!read_vector(exc, handler)) {
        m_scs.record_hardfault(hfsr_vecttbl);
        lockup(return_address, "vector table unreadable");
        return;
    }
    m_cpu.set_pc(handler);
}

bool cortex_m33::read_vector(unsigned exc, std::uint32_t& handler) {
    return debug_read(m_scs.vtor() + 4 * exc, &handler, 4);
}

void cortex_m33::exception_return(std::uint32_t exc_return) {
    const unsigned returning = m_cpu.ipsr();
    if ((exc_return >> 24) != 0xFF || !m_nvic.active(returning)) {
        raise_fault(exc_usagefault, cfsr_invpc, exc_return);
        return;
    }
    m_nvic.deactivate(returning);
    const bool to_thread = exc_return & exc_return_thread;
    const bool use_psp = exc_return & exc_return_psp;
    const bool extended = !(exc_return & exc_return_basic_frame);

    // Tail-chaining: an exception that would preempt the context being
    // returned to is entered straight away, reusing the stacked frame.
    const unsigned next = m_nvic.exception_to_take(masks());
    if (next != exc_none) {
        m_cpu.set_ipsr(next);
        m_cpu.set_reg(UC_ARM_REG_LR, exc_return);  // the branch that returned may have left LR elsewhere
        m_nvic.activate(next);
        std::uint32_t handler = 0;
        if (!read_vector(next, handler)) { lockup(exc_return, "vector table unreadable"); return; }
        m_cpu.set_pc(handler);
        return;
    }

    const std::uint32_t frame = use_psp ? m_cpu.psp() : m_cpu.msp();
    const std::uint32_t size = extended ? 0x68 : 0x20;
    std::uint32_t words[26] = {};
    const std::uint8_t* p = host_pointer(frame, size, false);
    if (!p) {
        m_scs.record_fault(cfsr_unstkerr);
        lockup(exc_return, "exception return frame unreadable");
        return;
    }
    std::memcpy(words, p, size);
    const std::uint32_t new_sp = frame + size + ((words[7] & xpsr_realigned) ? 4 : 0);
    if (use_psp) m_cpu.set_psp(new_sp);
    else m_cpu.set_msp(new_sp);
    if (extended) {
        for (unsigned i = 0; i < 16; ++i) m_cpu.set_reg(UC_ARM_REG_S0 + i, words[8 + i]);
        m_cpu.set_reg(UC_ARM_REG_FPSCR, words[24]);
    }
    const std::uint32_t control = (m_cpu.control() & ~(control_spsel | control_fpca | control_sfpa)) |
                                  (to_thread && use_psp ? control_spsel : 0) |
                                  (extended ? control_fpca | control_sfpa : 0);
    m_cpu.set_control(control);
    for (unsigned i = 0; i < 6; ++i) m_cpu.set_reg(frame_regs[i], words[i]);
    std::uint32_t xpsr = words[7] & ~xpsr_realigned;
    if (to_thread) xpsr &= ~0x1FFu;
    m_cpu.set_xpsr(xpsr);
    m_cpu.set_pc(words[6]);

    if (to_thread && m_nvic.active_count() == 0 && m_scs.sleep_on_exit()) {
        set_state(run_state::sleeping);
        m_wfe_sleep = false;
    }
}

void cortex_m33::lockup(std::uint32_t pc, const std::string& why) {
    set_state(run_state::locked_up);
    if (on_lockup) on_lockup({name(), why, m_cpu.ipsr(), pc, m_scs.cfsr(), m_scs.hfsr(), m_scs.bfar()});
    if (on_debug_stop) on_debug_stop(debug_stop::lockup);
}

void cortex_m33::update_forbidden_features() {
    const core_features& f = m_config.features;
    // CPACR's privileged-only setting (CP10=1) is treated as full access.
    const bool fp_usable = f.fpu && m_scs.fpu_enabled(true);
    m_forbidden_blocks = (fp_usable ? 0u : std::uint32_t(block_has_fp)) |
                         (f.dsp ? 0u : std::uint32_t(block_has_dsp));
}

// ---------------------------------------------------------------- scs_host

void cortex_m33::exceptions_changed() { request_stop(); }

void cortex_m33::systick_changed() { arm_systick(); }

void cortex_m33::fpu_access_changed() {
    update_forbidden_features();
    request_stop();
}

void cortex_m33::system_reset_requested() {
    if (on_system_reset_request) on_system_reset_request();
    else request_reset();
}

unsigned cortex_m33::current_exception() const { return m_cpu.ipsr(); }

void cortex_m33::arm_systick() {
    m_systick_event.cancel();
    const std::uint64_t wrap = m_scs.systick_next_wrap(clock_cycles());
    if (!wrap) return;
    const sc_time at = time_at(wrap);
    const sc_time kernel_now = sc_core::sc_time_stamp();
    m_systick_event.notify(at > kernel_now ? at - kernel_now : sc_core::SC_ZERO_TIME);
}

void cortex_m33::on_systick() {
    if (m_scs.systick_interrupt_enabled()) {
        m_nvic.set_pending(exc_systick, true);
        request_stop();
        m_wake_event.notify(sc_core::SC_ZERO_TIME);
    }
    // Re-arm for the wrap after the one that just fired.
    const std::uint64_t fired = cycles_at(sc_core::sc_time_stamp());
    const std::uint64_t wrap = m_scs.systick_next_wrap(fired);
    if (wrap) m_systick_event.notify(time_at(wrap) - sc_core::sc_time_stamp());
}

// ---------------------------------------------------------------- debug

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
    const uc_err err = uc_emu_start(m_cpu.engine(), pc | 1, 0, 0, 0);
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
