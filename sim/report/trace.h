// --trace FILE: a Chrome/Perfetto trace-event JSON of one scenario's run
// (open it in ui.perfetto.dev or chrome://tracing).
//
// One process "nrf53sim", one track (thread) per source:
//   1 app core, 2 net core   UART lines as instant events (name = the text,
//                            at most max_line_chars of it)
//   3 app flash, 4 net flash, 5 external flash (QSPI)
//                            every program/erase of the array as a duration
//                            event: NVMC 43 us per write, 87.5 ms per page
//                            erase; the MX25R6435F's typical page program and
//                            sector/block erase times
//   6, 7 app/net run state   running / sleeping / held / locked_up / halted
//                            slices, from the core's on_state_change
//   8, 9 app/net image       which loaded image the core executes: a slice
//                            named after the image file (" @address" added
//                            when a file has several pieces, as a merged HEX
//                            has), args.image "bootloader" (the lowest of
//                            several in the core's flash) or "application"
//                            (code outside the core's flash, as RAM
//                            functions, keeps the slice it is in)
//   10, 11 app/net IPC       an instant event per channel a TASKS_SEND raises
//   12 app PCD               the PCD command word in pcd_sram: COPY, DONE,
//                            FAIL, READ_VERSION, LOCK_DEBUG slices while it
//                            holds that magic
// "otherData" carries flash_operations: the arrays' own operation counters
// at the end of the run, which a test compares with the flash events; and
// the bounds below with what they cut.
//
// Sampled at events, not ticked: the cores' PCs (images) and the PCD word
// are read whenever something is traced (a state change, a UART byte, an
// IPC send, a flash operation). So an image slice starts at the first such
// event after the jump, not at the jump itself.
// Timestamps are the SystemC time when the event is seen, for a core's
// state change the core's local time, for an IPC send the sender's
// (SystemC time + its local offset), in microseconds.
// Bounded: after max_events events the rest are counted, not stored; lines
// longer than max_line_chars are cut; after max_uart_lines lines the rest
// are counted.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/nor_flash.h"
#include "sim/soc/core_id.h"
#include "sim/soc/loader.h"

namespace sim {

class soc;

class trace_recorder {
public:
    static constexpr std::size_t max_events = 1'000'000;
    static constexpr std::size_t max_line_chars = 200;
    static constexpr std::size_t max_uart_lines = 20'000;
    static constexpr std::uint32_t default_pcd_address = 0x20000000;

    // Observes the flash arrays' operations (the power-fail sweep's cut
    // decision is the arrays' op hook, separate from observers), the cores'
    // state changes (chaining a callback already set) and the IPC channels.
    // `images`: what the scenario loads, for the image tracks; pcd_address:
    // the app core's pcd_sram.
    trace_recorder(soc& chip, const core_images& app, const core_images& net, std::uint32_t pcd_address);

    // Every byte a UART prints (the runner owns the consoles' on_byte).
    void uart_byte(core_id core, unsigned uart, std::uint8_t byte);

    // At the end of the run: lines still being printed become events too,
    // open slices end.
    void end_of_run();

    // The whole trace as trace-event JSON.
    std::string json() const;

private:
    enum track : int {
        app_core = 1, net_core, app_flash, net_flash, external_flash,
        app_run, net_run, app_image, net_image, app_ipc, net_ipc, app_pcd,
        last_track = app_pcd
    };

    // A piece of a loaded image in a core's flash; it runs up to the next
    // piece's start.
    struct code_region {
        std::uint32_t start;
        std::string name;   // the file name, " @0x..." if the file has several pieces
        const char* kind;   // "bootloader" or "application"
    };
    struct open_slice {
        bool open = false;
        std::string name;
        double start_us = 0;
        nlohmann::json args;
    };
    struct core_timeline {
        track run, image, ipc;
        std::vector<code_region> regions;  // by start
        open_slice run_slice, image_slice;
        const code_region* region = nullptr;  // the image slice's
    };
    struct uart_line {
        std::string text;
        bool cut = false;
    };

    void watch_flash(models::nor_flash& flash, track where, double program_us, double erase_us);
    void watch_core(core_id core);
    void watch_ipc();
    void find_regions(core_id core, const core_images& images);
    core_timeline& timeline(core_id core) { return core == core_id::app ? m_app : m_net; }

    void sample();
    void sample_image(core_id core, double ts);
    void sample_pcd(double ts);
    void begin(open_slice& slice, track where, const std::string& name, double ts, nlohmann::json args = {});
    void end(open_slice& slice, track where, double ts);

    void add_line(core_id core, unsigned uart, uart_line& line);
    void add(nlohmann::json event);
    static double now_us();

    soc& m_soc;
    std::uint32_t m_pcd_address;
    core_timeline m_app{app_run, app_image, app_ipc, {}, {}, {}, nullptr};
    core_timeline m_net{net_run, net_image, net_ipc, {}, {}, {}, nullptr};
    open_slice m_pcd_slice;
    std::map<std::pair<core_id, unsigned>, uart_line> m_lines;  // per UART, the line being printed
    std::uint64_t m_uart_lines = 0, m_cut_lines = 0, m_dropped_lines = 0;
    std::vector<nlohmann::json> m_events;
    std::uint64_t m_dropped = 0;
};

}  // namespace sim
