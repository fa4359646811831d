#include "sim/trace.h"

#include <systemc>

#include "models/peripheral.h"
#include "sim/soc.h"

namespace sim {
namespace {

// NVMC: the product specification's t_WRITE and t_ERASEPAGE (peripherals/nvmc.h).
constexpr double nvmc_write_us = 43.0;
constexpr double nvmc_erase_page_us = 87'500.0;

double us_of(const sc_core::sc_time& t) { return static_cast<double>(models::to_ps(t)) / 1e6; }

const char* track_name(int track) {
    switch (track) {
    case 1: return "app core";
    case 2: return "net core";
    case 3: return "app flash (NVMC)";
    case 4: return "net flash (NVMC)";
    default: return "external flash (QSPI)";
    }
}

}  // namespace

trace_recorder::trace_recorder(soc& chip) : m_soc(chip) {
    watch_flash(chip.flash(core_id::app), app_flash, nvmc_write_us, nvmc_erase_page_us);
    watch_flash(chip.flash(core_id::net), net_flash, nvmc_write_us, nvmc_erase_page_us);
    const nrf::mx25r6435f::timing qspi = nrf::mx25r6435f::typical_timing();
    watch_flash(chip.external_flash(), external_flash, us_of(qspi.page_program), us_of(qspi.sector_erase));
}

void trace_recorder::watch_flash(models::nor_flash& flash, track where, double program_us, double erase_us) {
    flash.add_op_observer([this, where, program_us, erase_us, &flash](const models::flash_op& op,
                                                                      models::flash_op_action) {
        const bool erase = op.type == models::flash_op::kind::erase;
        // An erase of several sectors at once (a block) takes proportionally longer.
        const double units = erase ? static_cast<double>(op.size) / flash.erase_unit() : 1.0;
        add({{"name", erase ? "erase" : "program"},
             {"cat", "flash"},
             {"ph", "X"},
             {"ts", now_us()},
             {"dur", (erase ? erase_us : program_us) * units},
             {"pid", 1},
             {"tid", static_cast<int>(where)},
             {"args", {{"offset", op.address}, {"bytes", op.size}, {"index", op.index}}}});
    });
}

void trace_recorder::uart_byte(core_id core, unsigned uart, std::uint8_t byte) {
    std::string& line = m_lines[{core, uart}];
    if (byte == '\r') return;
    if (byte != '\n') {
        line.push_back(static_cast<char>(byte));
        return;
    }
    add_line(core, uart, line);
}

void trace_recorder::end_of_run() {
    for (auto& [console, line] : m_lines)
        if (!line.empty()) add_line(console.first, console.second, line);
}

void trace_recorder::add_line(core_id core, unsigned uart, std::string& line) {
    add({{"name", line},
         {"cat", "uart"},
         {"ph", "i"},
         {"s", "t"},
         {"ts", now_us()},
         {"pid", 1},
         {"tid", static_cast<int>(core == core_id::app ? app_core : net_core)},
         {"args", {{"uart", uart}}}});
    line.clear();
}

void trace_recorder::add(nlohmann::json event) {
    if (m_events.size() >= max_events) {
        ++m_dropped;
        return;
    }
    m_events.push_back(std::move(event));
}

double trace_recorder::now_us() { return us_of(sc_core::sc_time_stamp()); }

std::string trace_recorder::json() const {
    nlohmann::json events = nlohmann::json::array();
    events.push_back({{"name", "process_name"}, {"ph", "M"}, {"pid", 1}, {"args", {{"name", "nrf53sim"}}}});
    for (int t = app_core; t <= external_flash; ++t)
        events.push_back({{"name", "thread_name"}, {"ph", "M"}, {"pid", 1}, {"tid", t}, {"args", {{"name", track_name(t)}}}});
    for (const nlohmann::json& e : m_events) events.push_back(e);
    const std::uint64_t operations = m_soc.flash(core_id::app).operation_count() +
                                     m_soc.flash(core_id::net).operation_count() +
                                     m_soc.external_flash().operation_count();
    nlohmann::json document = {{"traceEvents", events},
                               {"displayTimeUnit", "ms"},
                               {"otherData", {{"flash_operations", operations}, {"dropped_events", m_dropped}}}};
    return document.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace sim
