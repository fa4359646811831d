#include "sim/report/vcd.h"

#include <sstream>

#include "sim/soc/soc.h"

namespace sim {

namespace {

// Register addresses the recorder reads with the debugger's side-effect-free access.
constexpr std::uint32_t nvmc_ready_offset = 0x400;
constexpr std::uint32_t ipc_events_receive_offset = 0x100;
constexpr unsigned ipc_channels = 16;

struct core_addresses {
    core_id core;
    const char* prefix;
    std::uint32_t nvmc, ipc;
};
constexpr core_addresses cores[] = {
    {core_id::app, "app", 0x50039000, 0x5002A000},
    {core_id::net, "net", 0x41080000, 0x41012000},
};

bool register_is_zero(soc& chip, core_id core, std::uint32_t address) {
    std::uint32_t value = 0;
    return chip.debug_read(core, address, &value, 4) && value == 0;
}

bool register_is_set(soc& chip, core_id core, std::uint32_t address) {
    std::uint32_t value = 0;
    return chip.debug_read(core, address, &value, 4) && value != 0;
}

}  // namespace

vcd_recorder::vcd_recorder(sc_core::sc_module_name name, soc& chip, sc_core::sc_time period)
    : sc_module(name), m_period(period) {
    add_signals(chip);
    SC_HAS_PROCESS(vcd_recorder);
    SC_METHOD(sample);
    sensitive << m_tick;
}

void vcd_recorder::add_signals(soc& chip) {
    m_signals.push_back({"forceoff", true, [&chip] { return chip.clock(core_id::app).network_held(); }});
    for (const auto& c : cores) {
        const std::uint32_t ready = c.nvmc + nvmc_ready_offset;
        m_signals.push_back({std::string(c.prefix) + "_nvmc_busy", true,
                             [&chip, c, ready] { return register_is_zero(chip, c.core, ready); }});
    }
    for (const auto& c : cores) {
        const auto& nvic = chip.core(c.core).exceptions();
        for (unsigned n = 0; n < nvic.num_irq(); ++n) {
            m_signals.push_back({std::string(c.prefix) + "_irq" + std::to_string(n), false,
                                 [&nvic, n] { return nvic.line(n); }});
        }
        for (unsigned n = 0; n < ipc_channels; ++n) {
            const std::uint32_t event = c.ipc + ipc_events_receive_offset + 4 * n;
            m_signals.push_back({std::string(c.prefix) + "_ipc" + std::to_string(n), false,
                                 [&chip, c, event] { return register_is_set(chip, c.core, event); }});
        }
    }
}

void vcd_recorder::sample() {
    const auto now_ps = static_cast<std::uint64_t>(sc_core::sc_time_stamp().value() /
                                                   sc_core::sc_time(1, sc_core::SC_PS).value());
    for (std::size_t i = 0; i < m_signals.size(); ++i) {
        signal& s = m_signals[i];
        const bool level = s.level();
        if (m_first_sample) {
            s.last = level;
            continue;
        }
        if (level == s.last) continue;
        s.last = level;
        s.changed = true;
        if (m_changes.size() < max_changes) {
            m_changes.push_back({now_ps, i, level});
        } else {
            ++m_dropped;
        }
    }
    if (m_first_sample) {
        // The initial values are the changes at the first sample's time.
        for (std::size_t i = 0; i < m_signals.size(); ++i) m_changes.push_back({now_ps, i, m_signals[i].last});
        m_first_sample = false;
    }
    m_tick.notify(m_period);
}

// VCD identifiers: printable ASCII '!'..'~', shortest first.
std::string vcd_recorder::identifier(std::size_t index) {
    std::string id;
    do {
        id += static_cast<char>('!' + index % 94);
        index /= 94;
    } while (index != 0);
    return id;
}

std::string vcd_recorder::text() const {
    std::ostringstream out;
    out << "$version nrf53sim $end\n$timescale 1ps $end\n$scope module soc $end\n";
    for (std::size_t i = 0; i < m_signals.size(); ++i) {
        if (m_signals[i].always_declared || m_signals[i].changed) {
            out << "$var wire 1 " << identifier(i) << " " << m_signals[i].name << " $end\n";
        }
    }
    out << "$upscope $end\n$enddefinitions $end\n";
    if (m_dropped != 0) out << "$comment " << m_dropped << " later value changes dropped $end\n";
    bool first_time = true;
    std::uint64_t time = 0;
    for (const change& c : m_changes) {
        const signal& s = m_signals[c.signal];
        if (!s.always_declared && !s.changed) continue;
        if (first_time || c.time_ps != time) {
            out << "#" << c.time_ps << "\n";
            time = c.time_ps;
            first_time = false;
        }
        out << (c.level ? '1' : '0') << identifier(c.signal) << "\n";
    }
    return out.str();
}

}  // namespace sim
