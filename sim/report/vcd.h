// --vcd FILE: a value change dump of one scenario's run (GTKWave, Surfer).
//
// Signals, all 1-bit wires under scope "soc":
//   forceoff              the network core held by RESET.NETWORK.FORCEOFF
//   app_nvmc_busy, net_nvmc_busy
//                         the core's NVMC is writing or erasing (READY = 0)
//   app_irq<n>, net_irq<n>
//                         the interrupt line n of the core's NVIC
//   app_ipc<n>, net_ipc<n>
//                         the core's IPC EVENTS_RECEIVE[n]
// forceoff and the NVMC signals are always declared; an IRQ line or IPC
// channel only if it changed during the run.
//
// Sampled, not observed: a SystemC method samples every signal each
// `period` of simulated time (the runner uses the global quantum, the
// granularity at which the cores synchronise anyway). A pulse shorter than
// the period may be missed; times are those of the samples, in ps.
// Bounded: after max_changes value changes the rest are counted, not stored.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <systemc>

namespace sim {

class soc;

class vcd_recorder : public sc_core::sc_module {
public:
    static constexpr std::size_t max_changes = 4'000'000;

    vcd_recorder(sc_core::sc_module_name name, soc& chip, sc_core::sc_time period);

    // The whole dump as VCD text.
    std::string text() const;
    std::uint64_t dropped() const { return m_dropped; }

private:
    struct signal {
        std::string name;
        bool always_declared;
        std::function<bool()> level;
        bool last = false;
        bool changed = false;
    };
    struct change {
        std::uint64_t time_ps;
        std::size_t signal;
        bool level;
    };

    void add_signals(soc& chip);
    void sample();
    static std::string identifier(std::size_t index);

    std::vector<signal> m_signals;
    std::vector<change> m_changes;
    std::uint64_t m_dropped = 0;
    bool m_first_sample = true;
    sc_core::sc_time m_period;
    sc_core::sc_event m_tick;
};

}  // namespace sim
