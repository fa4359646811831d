// --trace FILE: a Chrome/Perfetto trace-event JSON of one scenario's run
// (open it in ui.perfetto.dev or chrome://tracing).
//
// One process "nrf53sim", one track (thread) per source:
//   1 app core, 2 net core   UART lines as instant events (name = the text)
//   3 app flash, 4 net flash, 5 external flash (QSPI)
//                            every program/erase of the array as a duration
//                            event: NVMC 43 us per write, 87.5 ms per page
//                            erase; the MX25R6435F's typical page program and
//                            sector/block erase times
// "otherData" carries flash_operations: the arrays' own operation counters
// at the end of the run, which a test compares with the flash events.
//
// Timestamps are the SystemC time when the event is seen (a core's local
// time offset within its quantum is not added), in microseconds.
// Not yet traced: running/sleeping and bootloader/application per core (the
// core offers no run-state callback), IPC events, PCD command states; add a
// track and an on_* call here for each.
// Bounded: after max_events events the rest are counted, not stored.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/nor_flash.h"
#include "sim/scenario.h"

namespace sim {

class soc;

class trace_recorder {
public:
    static constexpr std::size_t max_events = 1'000'000;

    // Observes the flash arrays' operations (the power-fail sweep's cut
    // decision is the arrays' op hook, separate from observers).
    explicit trace_recorder(soc& chip);

    // Every byte a UART prints (the runner owns the consoles' on_byte).
    void uart_byte(core_id core, unsigned uart, std::uint8_t byte);

    // At the end of the run: lines still being printed become events too.
    void end_of_run();

    // The whole trace as trace-event JSON.
    std::string json() const;

private:
    enum track : int { app_core = 1, net_core, app_flash, net_flash, external_flash };

    void watch_flash(models::nor_flash& flash, track where, double program_us, double erase_us);
    void add_line(core_id core, unsigned uart, std::string& line);
    void add(nlohmann::json event);
    static double now_us();

    soc& m_soc;
    std::map<std::pair<core_id, unsigned>, std::string> m_lines;  // per UART, the line being printed
    std::vector<nlohmann::json> m_events;
    std::uint64_t m_dropped = 0;
};

}  // namespace sim
