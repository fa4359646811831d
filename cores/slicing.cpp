// Running guest code in slices: Unicorn executes until the slice's cycle
// budget is spent, counted block by block in the block hook (from the
// block decoder's static costs, cached per block), or until something
// needs the core's attention. Also the code hooks on the few instructions
// Unicorn does not model (stack-limit writes, SEV) and the instructions a
// core may lack (FP, DSP).
#include "cores/cortex_m33.h"

#include <algorithm>

namespace armv8m {

cortex_m33::slice_end cortex_m33::run_slice(std::uint64_t budget) {
    m_budget = budget;
    m_stop_request = false;
    m_stopped_in_block = false;
    m_slice_end = slice_end::budget;
    const std::uint32_t begin = m_cpu.pc();
    const uc_err err = m_cpu.run(begin);
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
    const uc_err err = m_cpu.run(m_cpu.pc(), target);
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

void cortex_m33::stop_at(std::uint64_t address) {
    m_stop_address = address;
    m_stopped_in_block = true;
    uc_emu_stop(m_cpu.engine());
}

// ---------------------------------------------------------------- hooks

// The block's own cycles, what the previous block's branch cost more if
// it was taken (this block is not its fall-through), and the fetches.
inline void cortex_m33::account_block(std::uint64_t address, cached_block& block) {
    m_slice_cycles += block.cycles + (address != m_fall_through ? m_taken_extra : 0);
    m_fall_through = address + block.size;
    m_taken_extra = block.taken_extra;
    m_stored |= block.stores;
    const models::line_cache* cache = block.timing.cache;
    if (block.timed && !(cache && block.cache_state == cache->state())) m_slice_cycles += fetch_cycles(block);
    m_slice_instructions += block.instructions;
    m_block_pc = static_cast<std::uint32_t>(address);
}

// The fast path, run for every block executed: a known block and nothing
// to attend to. Everything else goes to on_block_slow. Budget and stop
// requests take effect at block starts: the block is then not executed and
// is resumed from its start.
void cortex_m33::hook_block(uc_engine*, std::uint64_t address, std::uint32_t size, void* self) {
    cortex_m33& core = *static_cast<cortex_m33*>(self);
    cached_block& block = core.m_block_cache[(address >> 1) & (block_cache_entries - 1)];
    if (block.address != address || block.size != size ||
        core.m_stop_request | core.m_running_to | core.m_have_breakpoints | core.m_stepping |
            core.m_have_resume_over) {
        core.on_block_slow(address, size);
        return;
    }
    if (core.m_slice_cycles >= core.m_budget) { core.stop_at(address); return; }
    if (block.flags) {
        if (!core.may_run(block)) return;
        if (block.flags & block_entry_probe) core.reach_entry_probe(address);
        if (block.flags & block_counted_loop) core.skip_counted_loop(address, block);
    }
    core.account_block(address, block);
}

// Code fetch costs (fetch_timing.h), here for the hot path; the rest is
// in fetch.cpp.
// A block whose lines were all present, with no fill since and the cache
// not counting, hits without looking (account_block: its lines' LRU order
// is then refreshed only after the next fill; docs/timing.md).
std::uint32_t cortex_m33::fetch_cycles(cached_block& block) {
    const fetch_timing& t = block.timing;
    models::line_cache* cache = t.cache;
    if (cache && cache->enabled()) {
        std::uint32_t misses = 0;
        for (std::uint32_t line = block.first_line; line < block.first_line + block.lines; ++line)
            misses += !cache->fetch_instruction_line(line);
        cache->count_data_hits(block.literal_loads);
        if (!cache->profiling()) block.cache_state = cache->state();
        return misses * t.miss_wait_states;
    }
    if (!t.wait_states) return 0;
    const std::uint32_t buffered = block.first_line == m_fetch_line ? 1 : 0;
    m_fetch_line = block.first_line + block.lines - 1;
    return (block.lines - buffered + block.literal_loads) * t.wait_states;
}

void cortex_m33::on_block_slow(std::uint64_t address, std::uint32_t size) {
    if (address - scratch_base < 0x1000) return;
    note_code_page(address, size);  // Unicorn has translated it, even if it stops here
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
    cached_block* block = block_at(address, size);
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
        if (block->flags & block_entry_probe) reach_entry_probe(address);
        // A single step executes the loop's instructions one by one.
        if ((block->flags & block_counted_loop) && !m_stepping) skip_counted_loop(address, *block);
    }
    account_block(address, *block);
}

// The probe's callback is an action outside the core (a sweep notes which
// application started).
void cortex_m33::reach_entry_probe(std::uint64_t address) {
    if (!on_entry) return;
    act_outward();
    on_entry(static_cast<std::uint32_t>(address));
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

cortex_m33::cached_block* cortex_m33::block_at(std::uint64_t address, std::uint32_t size) {
    cached_block& entry = m_block_cache[(address >> 1) & (block_cache_entries - 1)];
    if (entry.address == address && entry.size == size) return &entry;
    block_info info;
    const region* r = find_region(static_cast<std::uint32_t>(address));
    const bool in_memory = r && r->memory && address - r->base + size <= r->size;
    if (in_memory) {
        info = m_decoder.decode(r->memory->data() + (address - r->base), size, static_cast<std::uint32_t>(address));
    } else {
        info.instructions = info.cycles = std::max<std::uint32_t>(1, size / 2);
    }
    if ((info.flags & block_special) && queue_special_hooks(info)) return nullptr;
    if (info.flags & block_counted_loop) m_counted_loops[address] = info.loop;
    const std::uint32_t probe = m_entry_probes.count(static_cast<std::uint32_t>(address)) ? block_entry_probe : 0;
    const std::uint32_t line = models::line_cache::line_bytes;
    const std::uint32_t first_line = static_cast<std::uint32_t>(address / line);
    const std::uint32_t last_line = static_cast<std::uint32_t>((address + std::max(size, 1u) - 1) / line);
    entry = {address, size, info.instructions, info.cycles,
             (info.flags & ~std::uint32_t(block_special)) | probe, info.first_fp, info.first_dsp,
             in_memory ? *r->timing : fetch_timing{}, in_memory && (r->timing->wait_states || r->timing->cache),
             first_line, static_cast<std::uint16_t>(last_line - first_line + 1),
             static_cast<std::uint16_t>(info.literal_loads), info.taken_extra, ~0u, !in_memory || info.stores};
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
        core.act_outward();
        if (core.on_sev) core.on_sev();
        break;
    }
}

void cortex_m33::update_forbidden_features() {
    const core_features& f = m_config.features;
    // CPACR's privileged-only setting (CP10=1) is treated as full access.
    const bool fp_usable = f.fpu && m_scs.fpu_enabled(true);
    m_forbidden_blocks = (fp_usable ? 0u : std::uint32_t(block_has_fp)) |
                         (f.dsp ? 0u : std::uint32_t(block_has_dsp));
}

void cortex_m33::fpu_access_changed() {
    update_forbidden_features();
    request_stop();
}

} // namespace armv8m
