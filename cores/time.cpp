// Time: the core clock's cycle count is the master and SystemC time
// follows it (anchored at each clock change); the core runs ahead of the
// kernel by at most a quantum, or, computing alone, up to the next activity
// due in the system (run-ahead). Sleep (WFI/WFE) lets the clock run on
// without instructions until a wake-up; SysTick runs on this clock.
#include "cores/cortex_m33.h"

#include <algorithm>

namespace armv8m {

using sc_core::sc_time;

void cortex_m33::set_clock(std::uint64_t hz) {
    if (hz == m_clock_hz) return;
    const std::uint64_t now = clock_cycles();
    m_anchor_time = time_at(now);
    m_anchor_cycles = now;
    m_clock_hz = hz;
    request_stop();  // the slice budget was worked out at the old rate
    arm_systick();
}

void cortex_m33::signal_event(sc_time at) {
    m_event_register = true;
    const sc_time now = sc_core::sc_time_stamp();
    m_wake_event.notify(at > now ? at - now : sc_core::SC_ZERO_TIME);
}

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
    m_outward = false;
}

// Where the next slice may end. A quantum ahead of the kernel; but while
// the core has only computed since it last synchronised, and nothing else
// in the system is due before, up to run_ahead: nothing can observe the
// core before then, and each quantum's synchronisation would only cost the
// host a thread switch. The first access that reaches the rest of the
// system brings the bound back to a quantum (act_outward).
sc_time cortex_m33::slice_end_time() const {
    const sc_time now = sc_core::sc_time_stamp();
    const sc_time bound = now + quantum();
    if (m_outward || m_config.run_ahead <= quantum()) return bound;
    if (sc_core::sc_pending_activity_at_current_time()) return bound;
    return std::max(bound, now + std::min(sc_core::sc_time_to_pending_activity(), m_config.run_ahead));
}

// The core is about to affect something outside it (a bus access, a
// signal to the other core, a callback): the slice in progress ends at most
// a quantum ahead of the kernel, as without run-ahead.
void cortex_m33::act_outward() {
    if (m_outward) return;
    m_outward = true;
    end_slice_by(cycles_at(sc_core::sc_time_stamp() + quantum()));
}

// The slice in progress ends at clock cycle `cycle` at the latest.
void cortex_m33::end_slice_by(std::uint64_t cycle) {
    m_budget = std::min(m_budget, cycle > m_cycles ? cycle - m_cycles : 0);
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

void cortex_m33::systick_changed() { arm_systick(); }

void cortex_m33::arm_systick() {
    m_systick_event.cancel();
    const std::uint64_t wrap = m_scs.systick_next_wrap(clock_cycles());
    if (!wrap) return;
    end_slice_by(wrap);  // a slice that began before SysTick was set must not run past it
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

} // namespace armv8m
