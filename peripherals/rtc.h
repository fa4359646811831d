// nRF5340 RTC (real-time counter), the same on both cores.
// https://docs.nordicsemi.com/bundle/ps_nrf5340/page/rtc.html
//
// COUNTER (24 bit) is computed lazily from the LFCLK time at
// 32768 Hz / (PRESCALER + 1); one sc_event is armed to the next tick that
// matters (a COMPARE, the overflow, or every tick while TICK is enabled).
// Tick times are exact integer picoseconds from the start, so nothing drifts.
//
// Not modeled: the LFCLK source and its start-up (the RTC always counts),
//   the CLEAR/STOP/START latency of one LFCLK cycle.
// Deviates from HW: PRESCALER is latched by TASKS_START (HW: writable only
//   while stopped); a CC written to COUNTER+1 still fires (HW may miss it);
//   TASKS_START aligns the first tick to the next 32768 Hz edge of a global
//   LFCLK grid starting at time 0.
#pragma once

#include <cstdint>

#include "models/peripheral.h"

namespace nrf {

class rtc : public models::peripheral {
public:
    static constexpr unsigned cc_count = 4;

    explicit rtc(sc_core::sc_module_name name);
    void reset() override;

    // The counter value at the current access/simulation time.
    std::uint32_t counter() const;

private:
    void task_start();
    void task_stop();
    void task_clear();
    void task_trigovrflw();
    void task_capture(unsigned n);
    std::uint32_t read_counter() { return counter(); }
    void write_cc(unsigned n, std::uint32_t value);
    void write_evten(std::uint32_t value);
    void write_evtenset(std::uint32_t value);
    void write_evtenclr(std::uint32_t value);
    std::uint32_t read_evten() { return m_evten; }
    void write_inten(std::uint32_t) { arm(); }

    bool event_routed(std::uint32_t event_offset) const override;

    std::uint64_t lfclk_cycles_at(std::uint64_t ps) const;  // floor
    std::uint64_t ticks_at(std::uint64_t ps) const;         // since m_start_cycle
    std::uint64_t edge_time_ps(std::uint64_t cycle) const;
    std::uint64_t tick_time_ps(std::uint64_t tick) const;
    void set_counter(std::uint32_t value);
    bool tick_wanted() const;
    void arm();
    void on_deadline();

    bool m_running = false;
    std::uint64_t m_start_cycle = 0;  // LFCLK cycle of tick 0
    std::uint32_t m_base = 0;         // COUNTER at tick 0 (or frozen value)
    std::uint32_t m_prescaler = 0;
    std::uint32_t m_evten = 0;
    std::uint64_t m_target_tick = 0;  // tick m_deadline is armed for
    sc_core::sc_event m_deadline;
};

} // namespace nrf
