#include "sim/report/trace.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iterator>

#include <systemc>

#include "models/peripheral.h"
#include "sim/soc/soc.h"

namespace sim {
namespace {

// NVMC: the product specification's t_WRITE and t_ERASEPAGE (peripherals/nvmc.h).
constexpr double nvmc_write_us = 43.0;
constexpr double nvmc_erase_page_us = 87'500.0;

double us_of(const sc_core::sc_time& t) { return static_cast<double>(models::to_ps(t)) / 1e6; }

std::string hex8(std::uint32_t value) {
    char text[16];
    std::snprintf(text, sizeof text, "0x%08x", static_cast<unsigned>(value));
    return text;
}

// The pcd_cmd magic words (reference/dfu-pcd-mcuboot-pm.md §1.1); null for
// anything else (RAM contents, no command).
const char* pcd_command(std::uint32_t magic) {
    switch (magic) {
    case 0xb5b4b3b6: return "COPY";
    case 0xf103ce5d: return "DONE";
    case 0x25bafc15: return "FAIL";
    case 0xdca345ea: return "READ_VERSION";
    case 0xb6f249ec: return "LOCK_DEBUG";
    default: return nullptr;
    }
}

const char* state_name(armv8m::run_state state) {
    switch (state) {
    case armv8m::run_state::running: return "running";
    case armv8m::run_state::sleeping: return "sleeping";
    case armv8m::run_state::held: return "held";
    case armv8m::run_state::locked_up: return "locked_up";
    default: return "halted";
    }
}

const char* track_name(int track) {
    switch (track) {
    case 1: return "app core";
    case 2: return "net core";
    case 3: return "app flash (NVMC)";
    case 4: return "net flash (NVMC)";
    case 5: return "external flash (QSPI)";
    case 6: return "app run state";
    case 7: return "net run state";
    case 8: return "app image";
    case 9: return "net image";
    case 10: return "app IPC";
    case 11: return "net IPC";
    default: return "app PCD";
    }
}

const char* track_category(int track) {
    switch (track) {
    case 6: case 7: return "state";
    case 8: case 9: return "image";
    default: return "pcd";
    }
}

// Perfetto's order of the tracks: each core's together, flash last.
int sort_index(int track) {
    static constexpr int order[] = {0, 0, 10, 20, 21, 22, 1, 11, 2, 12, 3, 13, 4};
    return order[track];
}

}  // namespace

trace_recorder::trace_recorder(soc& chip, const core_images& app, const core_images& net,
                               std::uint32_t pcd_address)
    : m_soc(chip), m_pcd_address(pcd_address) {
    watch_flash(chip.flash(core_id::app), app_flash, nvmc_write_us, nvmc_erase_page_us);
    watch_flash(chip.flash(core_id::net), net_flash, nvmc_write_us, nvmc_erase_page_us);
    const nrf::mx25r6435f::timing qspi = nrf::mx25r6435f::typical_timing();
    watch_flash(chip.external_flash(), external_flash, us_of(qspi.page_program), us_of(qspi.sector_erase));
    for (core_id core : {core_id::app, core_id::net}) {
        find_regions(core, core == core_id::app ? app : net);
        watch_core(core);
    }
    watch_ipc();
}

void trace_recorder::watch_flash(models::nor_flash& flash, track where, double program_us, double erase_us) {
    flash.add_op_observer([this, where, program_us, erase_us, &flash](const models::flash_op& op,
                                                                      models::flash_op_action action) {
        const bool erase = op.type == models::flash_op::kind::erase;
        if (action != models::flash_op_action::proceed) {
            // A sweep's fault: an instant marker on the array's track.
            add({{"name", std::string("fault: ") + models::to_string(action)},
                 {"cat", "fault"},
                 {"ph", "i"},
                 {"s", "g"},
                 {"ts", now_us()},
                 {"pid", 1},
                 {"tid", static_cast<int>(where)},
                 {"args", {{"offset", op.address}, {"bytes", op.size}, {"index", op.index}}}});
        }
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
        sample();
    });
}

void trace_recorder::watch_core(core_id core) {
    armv8m::cortex_m33& cpu = m_soc.core(core);
    core_timeline& t = timeline(core);
    begin(t.run_slice, t.run, state_name(cpu.state()), 0.0);
    std::function<void(armv8m::run_state)> previous = std::move(cpu.on_state_change);
    cpu.on_state_change = [this, core, &cpu, previous](armv8m::run_state state) {
        core_timeline& t = timeline(core);
        const double ts = us_of(cpu.local_time());
        begin(t.run_slice, t.run, state_name(state), ts);
        sample_image(core, ts);
        sample_pcd(now_us());
        if (previous) previous(state);
    };
}

void trace_recorder::watch_ipc() {
    m_soc.ipc_channels().add_observer([this](const nrf::ipc& sender, std::uint32_t channels,
                                             const sc_core::sc_time& delay) {
        // The SoC names its peripherals after their domain (app_ipc, net_ipc).
        const std::string name = sender.basename();
        const track where = name.rfind("net", 0) == 0 ? net_ipc : app_ipc;
        for (unsigned n = 0; n < nrf::ipc::channel_count; ++n) {
            if (!(channels & (1U << n))) continue;
            add({{"name", "IPC channel " + std::to_string(n)},
                 {"cat", "ipc"},
                 {"ph", "i"},
                 {"s", "t"},
                 {"ts", us_of(sc_core::sc_time_stamp() + delay)},
                 {"pid", 1},
                 {"tid", static_cast<int>(where)},
                 {"args", {{"channel", n}}}});
        }
        sample();
    });
}

void trace_recorder::find_regions(core_id core, const core_images& images) {
    std::vector<code_region>& regions = timeline(core).regions;
    models::memory& flash = m_soc.flash(core).storage();
    for (const loaded_image& image : images.files) {
        std::vector<std::uint32_t> starts;
        for (const memory_range& range : image.contents.ranges()) {
            std::uint32_t offset = 0;
            if (m_soc.loadable(core, range.address, offset) == &flash) starts.push_back(range.address);
        }
        const std::string file = std::filesystem::path(image.path).filename().string();
        for (std::uint32_t start : starts)
            regions.push_back({start, starts.size() > 1 ? file + " @" + hex8(start) : file, "application"});
    }
    std::sort(regions.begin(), regions.end(),
              [](const code_region& a, const code_region& b) { return a.start < b.start; });
    // The lowest of several holds the reset vector: the bootloader.
    if (regions.size() > 1) regions.front().kind = "bootloader";
}

void trace_recorder::sample() {
    const double ts = now_us();
    sample_image(core_id::app, ts);
    sample_image(core_id::net, ts);
    sample_pcd(ts);
}

void trace_recorder::sample_image(core_id core, double ts) {
    core_timeline& t = timeline(core);
    armv8m::cortex_m33& cpu = m_soc.core(core);
    const bool executing = cpu.state() == armv8m::run_state::running || cpu.state() == armv8m::run_state::sleeping;
    const code_region* region = t.region;
    if (!executing) {
        region = nullptr;
    } else {
        const std::uint32_t pc = cpu.cpu().pc();
        std::uint32_t offset = 0;
        if (m_soc.loadable(core, pc, offset) != &m_soc.flash(core).storage()) return;  // RAM code: unchanged
        auto after = std::upper_bound(t.regions.begin(), t.regions.end(), pc,
                                      [](std::uint32_t a, const code_region& r) { return a < r.start; });
        region = after == t.regions.begin() ? nullptr : &*std::prev(after);
    }
    if (region == t.region) return;
    t.region = region;
    if (region) begin(t.image_slice, t.image, region->name, ts, {{"image", region->kind}});
    else end(t.image_slice, t.image, ts);
}

void trace_recorder::sample_pcd(double ts) {
    std::uint32_t magic = 0;
    if (!m_soc.debug_read(core_id::app, m_pcd_address, &magic, 4)) return;
    const char* command = pcd_command(magic);
    if (!command) {
        end(m_pcd_slice, app_pcd, ts);
        return;
    }
    if (m_pcd_slice.open && m_pcd_slice.name == command) return;
    begin(m_pcd_slice, app_pcd, command, ts, {{"magic", hex8(magic)}});
}

void trace_recorder::begin(open_slice& slice, track where, const std::string& name, double ts, nlohmann::json args) {
    end(slice, where, ts);
    slice.open = true;
    slice.name = name;
    slice.start_us = ts;
    slice.args = std::move(args);
}

void trace_recorder::end(open_slice& slice, track where, double ts) {
    if (!slice.open) return;
    slice.open = false;
    nlohmann::json event = {{"name", slice.name},
                            {"cat", track_category(where)},
                            {"ph", "X"},
                            {"ts", slice.start_us},
                            // A core's local time may run ahead of the time the next sample sees.
                            {"dur", std::max(0.0, ts - slice.start_us)},
                            {"pid", 1},
                            {"tid", static_cast<int>(where)}};
    if (!slice.args.is_null()) event["args"] = std::move(slice.args);
    add(std::move(event));
}

void trace_recorder::uart_byte(core_id core, unsigned uart, std::uint8_t byte) {
    uart_line& line = m_lines[{core, uart}];
    if (byte == '\r') return;
    if (byte != '\n') {
        if (line.text.size() < max_line_chars) line.text.push_back(static_cast<char>(byte));
        else line.cut = true;
        return;
    }
    add_line(core, uart, line);
    sample();
}

void trace_recorder::end_of_run() {
    for (auto& [console, line] : m_lines)
        if (!line.text.empty() || line.cut) add_line(console.first, console.second, line);
    sample();
    const double ts = now_us();
    for (core_id core : {core_id::app, core_id::net}) {
        core_timeline& t = timeline(core);
        end(t.run_slice, t.run, ts);
        end(t.image_slice, t.image, ts);
    }
    end(m_pcd_slice, app_pcd, ts);
}

void trace_recorder::add_line(core_id core, unsigned uart, uart_line& line) {
    if (m_uart_lines >= max_uart_lines) {
        ++m_dropped_lines;
    } else {
        ++m_uart_lines;
        nlohmann::json args = {{"uart", uart}};
        if (line.cut) {
            args["truncated"] = true;
            ++m_cut_lines;
        }
        add({{"name", line.text},
             {"cat", "uart"},
             {"ph", "i"},
             {"s", "t"},
             {"ts", now_us()},
             {"pid", 1},
             {"tid", static_cast<int>(core == core_id::app ? app_core : net_core)},
             {"args", args}});
    }
    line = {};
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
    for (int t = app_core; t <= last_track; ++t) {
        events.push_back({{"name", "thread_name"}, {"ph", "M"}, {"pid", 1}, {"tid", t}, {"args", {{"name", track_name(t)}}}});
        events.push_back({{"name", "thread_sort_index"}, {"ph", "M"}, {"pid", 1}, {"tid", t}, {"args", {{"sort_index", sort_index(t)}}}});
    }
    for (const nlohmann::json& e : m_events) events.push_back(e);
    const std::uint64_t operations = m_soc.flash(core_id::app).operation_count() +
                                     m_soc.flash(core_id::net).operation_count() +
                                     m_soc.external_flash().operation_count();
    nlohmann::json document = {
        {"traceEvents", events},
        {"displayTimeUnit", "ms"},
        {"otherData",
         {{"flash_operations", operations},
          {"dropped_events", m_dropped},
          {"uart_line_max_chars", max_line_chars},
          {"uart_lines_truncated", m_cut_lines},
          {"uart_max_lines", max_uart_lines},
          {"uart_lines_dropped", m_dropped_lines}}}};
    return document.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace sim
