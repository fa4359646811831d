// nRF5340 TIMER: app TIMER0..2 have 6 CC registers, net TIMER0..2 have 8.
// https://docs.nordicsemi.com/bundle/ps_nrf5340/page/timer.html
//
// Timer mode counts at 16 MHz / 2^PRESCALER, computed lazily from the start
// time (62.5 ns << PRESCALER per tick: exact in picoseconds); one sc_event
// is armed to the nearest COMPARE. Counter mode counts TASKS_COUNT.
// BITMODE selects the counter width; SHORTS hold COMPAREn_CLEAR (bit n)
// and COMPAREn_STOP (bit n + 8).
//
// Not modeled: TASKS_SHUTDOWN (acts as STOP), the low-power counter mode's
//   power difference (it behaves as counter mode), HFCLK source accuracy.
// Deviates from HW: PRESCALER and BITMODE take effect at TASKS_START (HW:
//   must only be changed while stopped); no one-tick delay on CLEAR/START.
#pragma once

#include <cstdint>

#include "models/peripheral.h"

namespace nrf {

class timer : public models::peripheral {
public:
    static constexpr unsigned app_cc_count = 6;
    static constexpr unsigned net_cc_count = 8;

    timer(sc_core::sc_module_name name, unsigned cc_count);
    void reset() override;

    std::uint32_t counter() const;

private:
    void task_start();
    void task_stop();
    void task_count();
    void task_clear();
    void task_capture(unsigned n);
    void write_cc(unsigned, std::uint32_t) { arm(); }

    bool timer_mode() const;
    std::uint32_t width_mask() const;
    std::uint64_t tick_ps() const { return 62500ull << m_prescaler; }
    std::uint64_t ticks_at(std::uint64_t ps) const;
    void set_counter(std::uint32_t value);
    void compare_at(std::uint32_t count);
    void arm();
    void on_deadline();

    unsigned m_cc_count;
    bool m_running = false;
    std::uint64_t m_start_ps = 0;  // time of tick 0 (timer mode)
    std::uint32_t m_base = 0;      // counter at tick 0, or the counter itself when not timing
    std::uint32_t m_prescaler = 4;
    std::uint64_t m_target_tick = 0;
    sc_core::sc_event m_deadline;
};

} // namespace nrf
