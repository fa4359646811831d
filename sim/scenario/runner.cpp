#include "sim/scenario/runner.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <optional>
#include <sstream>

#include <systemc>
#include <tlm>

#include "models/log.h"
#include "models/peripheral.h"
#include "sim/common/duration.h"
#include "sim/debug/gdb_server.h"
#include "sim/dfu/image_crypto.h"
#include "sim/dfu/layout.h"
#include "sim/dfu/slot_report.h"
#include "sim/report/trace.h"
#include "sim/report/vcd.h"
#include "sim/scenario/dfu_steps.h"
#include "sim/scenario/sweep_runner.h"
#include "sim/soc/soc.h"
#include "sim/soc/uart_bridge.h"

namespace sim {

namespace {

using sc_core::sc_time;

// How far a core runs ahead of the SoC when the scenario does not say.
constexpr picoseconds default_quantum = 10 * ps_per_us;
// A run without a duration goes on in slices until the host timeout or Ctrl-C.
constexpr picoseconds endless_slice = 10 * ps_per_ms;
constexpr std::uint32_t hfclkctrl_address = 0x50005558;
constexpr std::uint32_t network_forceoff_address = 0x50005614;  // RESET.NETWORK.FORCEOFF
constexpr std::uint32_t spu_extdomain_address = 0x50003440;     // SPU.EXTDOMAIN[0].PERM
constexpr std::uint32_t extdomain_secure = 1u << 4;             // SECATTR
constexpr std::uint32_t pcd_copy_magic = 0xb5b4b3b6;             // PCD_CMD_MAGIC_COPY
constexpr std::uint32_t max_pcd_image = 0x40000;                 // the network core's flash
constexpr std::uint32_t xip_base = 0x10000000;  // a stage step's slot at or above it is in QSPI flash

sc_time to_sc(picoseconds ps) { return models::from_ps(ps); }

picoseconds now_ps() { return models::to_ps(sc_core::sc_time_stamp()); }

std::string hex(std::uint32_t v) {
    std::ostringstream s;
    s << "0x" << std::hex << std::uppercase << v;
    return s.str();
}

int register_id(const std::string& name) {
    static const std::pair<const char*, int> ids[] = {
        {"r0", UC_ARM_REG_R0},   {"r1", UC_ARM_REG_R1},   {"r2", UC_ARM_REG_R2},
        {"r3", UC_ARM_REG_R3},   {"r4", UC_ARM_REG_R4},   {"r5", UC_ARM_REG_R5},
        {"r6", UC_ARM_REG_R6},   {"r7", UC_ARM_REG_R7},   {"r8", UC_ARM_REG_R8},
        {"r9", UC_ARM_REG_R9},   {"r10", UC_ARM_REG_R10}, {"r11", UC_ARM_REG_R11},
        {"r12", UC_ARM_REG_R12}, {"sp", UC_ARM_REG_SP},   {"lr", UC_ARM_REG_LR},
        {"pc", UC_ARM_REG_PC},   {"xpsr", UC_ARM_REG_XPSR}, {"msp", UC_ARM_REG_MSP},
        {"psp", UC_ARM_REG_PSP}, {"primask", UC_ARM_REG_PRIMASK}, {"basepri", UC_ARM_REG_BASEPRI},
        {"faultmask", UC_ARM_REG_FAULTMASK}, {"control", UC_ARM_REG_CONTROL},
    };
    for (const auto& [n, id] : ids)
        if (name == n) return id;
    throw std::logic_error("register " + name + " has no Unicorn id");
}

class scenario_runner : private sweep_host {
public:
    scenario_runner(const scenario& s, std::ostream& out, const std::string& trace_file, const std::string& vcd_file)
        : m_scenario(s), m_out(out), m_layout_path(s.build_dir), m_pcd_address(pcd_address_of(s)),
          m_soc("soc", make_config(s.options)), m_trace_file(trace_file), m_vcd_file(vcd_file) {
        if (!trace_file.empty()) m_trace = std::make_unique<trace_recorder>(m_soc, s.app, s.net, m_pcd_address);
        if (!vcd_file.empty())
            m_vcd = std::make_unique<vcd_recorder>("vcd", m_soc, to_sc(s.options.quantum.value_or(default_quantum)));
        m_soc.on_network_release = [this] { capture_pcd_hand_over(); };
        m_soc.on_lockup = [this](const armv8m::fault_report& r) { on_lockup(r); };
        for (core_id core : {core_id::app, core_id::net})
            for (unsigned uart = 0; uart < uart_count(core); ++uart) attach_console(core, uart);
        if (!s.options.uarts.empty())
            m_uart_bridge = std::make_unique<uart_bridge>("uart_bridge", m_soc, s.options.uarts, m_out);
        if (s.options.gdb.enabled) m_gdb = std::make_unique<gdb_server>(m_soc, s.options.gdb, m_out);
    }

    scenario_result run() {
        const auto host_start = std::chrono::steady_clock::now();
        std::optional<failure> result = load_images();
        if (!result) result = prepare();
        for (std::size_t i = 0; !result && !m_sweeps.replayed() && i < m_scenario.steps.size(); ++i)
            result = execute(m_scenario.steps[i]);
        flush_consoles();
        if (m_lockup_resets != 0)
            m_out << "resets by lockup: " << m_lockup_resets << ", the last: " << m_last_lockup << std::endl;
        const std::chrono::duration<double> host = std::chrono::steady_clock::now() - host_start;
        scenario_result outcome = result_of(result, host.count());
        if (!m_layout_path.empty()) outcome.slots = report_slots();
        if (m_trace) {
            m_trace->end_of_run();
            write_file(m_trace_file, m_trace->json());
        }
        if (m_vcd) write_file(m_vcd_file, m_vcd->text());
        if (result) {
            m_out << (result->code == exit_fail ? "FAIL " : "ERROR ") << m_scenario.name << ": "
                  << result->text << std::endl;
        } else {
            m_out << "PASS " << m_scenario.name << " (simulated " << format_seconds(now_ps()) << ", host "
                  << std::fixed << std::setprecision(2) << host.count() << " s)" << std::endl;
        }
        return outcome;
    }

private:
    struct console_view {
        core_id core;
        unsigned uart;
        std::string line;           // echo: the line being printed
        std::size_t wait_from = 0;  // wait_for searches from here
    };
    struct pending_wait {
        console_view* view;
        const std::regex* regex;
        bool matched = false;
    };

    scenario_result result_of(const std::optional<failure>& result, double host_seconds) {
        scenario_result r;
        r.name = m_scenario.name;
        r.file = m_scenario.file;
        r.exit_code = result ? result->code : exit_pass;
        r.message = result ? result->text : "";
        r.simulated_ps = static_cast<std::uint64_t>(now_ps());
        r.host_seconds = host_seconds;
        r.sweeps = m_sweeps.results();
        for (const console_view& v : m_views) {
            const std::string& text = m_soc.uart_console(v.core, v.uart).text();
            const std::string p = prefix(v.core, v.uart);
            if (!text.empty()) r.consoles.push_back(make_console_tail(p.substr(1, p.size() - 3), text));
        }
        return r;
    }

    static soc_config make_config(const scenario_options& options) {
        soc_config c;
        c.console_limit = options.console_limit;
        if (options.entropy_seed) c.entropy_seed = *options.entropy_seed;
        // A debugger sees the locked-up core halted, as a debug probe shows it.
        c.reset_on_lockup = options.lockup == lockup_action::reset && !options.gdb.enabled;
        return c;
    }

    // The soc resets the chip unless options: lockup: stop (or gdb) keeps
    // the core locked up. The resets are counted, so that a reset loop,
    // bounded by the steps' durations, is plain in the output.
    void on_lockup(const armv8m::fault_report& r) {
        const std::string what = "lockup of the " + core_of(r.core) + " core at pc " + hex(r.pc) +
                                 (r.reason.empty() ? "" : " (" + r.reason + ")");
        if (m_scenario.options.lockup == lockup_action::stop) {
            if (m_lockup) return;
            m_lockup = what;
            sc_core::sc_pause();
        } else if (!m_scenario.options.gdb.enabled) {
            ++m_lockup_resets;
            m_last_lockup = what + " at simulated " + format_seconds(now_ps());
        }
    }

    // pcd_sram in the scenario's layout (its build_dir:, else its first
    // stage step's), else Partition Manager's usual place.
    static std::uint32_t pcd_address_of(const scenario& s) {
        std::string layout = s.build_dir;
        for (auto st = s.steps.begin(); layout.empty() && st != s.steps.end(); ++st)
            if (const auto* stage = std::get_if<stage_step>(&st->action)) layout = stage->layout_path;
        if (layout.empty()) return trace_recorder::default_pcd_address;
        try {
            // Named: the partition found points into the layout, which must outlive it.
            const dfu_layout read = read_dfu_layout(layout);
            if (const partition* pcd = read.app.find("pcd_sram")) return static_cast<std::uint32_t>(pcd->address);
        } catch (const std::exception&) {
            // The stage step reports an unreadable layout when it runs.
        }
        return trace_recorder::default_pcd_address;
    }

    static std::string core_of(const std::string& module_name) {
        return module_name.find("net") != std::string::npos ? "net" : "app";
    }

    static std::string prefix(core_id core, unsigned uart) {
        std::string p = to_string(core);
        if (uart != 0) p += ".uart" + std::to_string(uart);
        return "[" + p + "] ";
    }

    console_view& view(core_id core, unsigned uart) {
        return m_views[(core == core_id::app ? 0 : uart_count(core_id::app)) + uart];
    }

    void attach_console(core_id core, unsigned uart) {
        m_views.push_back({core, uart, {}, 0});
        const std::size_t index = m_views.size() - 1;
        m_soc.uart_console(core, uart).on_byte = [this, index](std::uint8_t byte) { on_byte(index, byte); };
    }

    void on_byte(std::size_t index, std::uint8_t byte) {
        console_view& v = m_views[index];
        if (m_trace) m_trace->uart_byte(v.core, v.uart, byte);
        if (!m_quiet) echo_byte(v, byte);
        if (m_wait && m_wait->view == &v && !m_wait->matched && search_wait()) sc_core::sc_pause();
    }

    void echo_byte(console_view& v, std::uint8_t byte) {
        if (!m_scenario.options.console_echo) return;
        if (byte == '\n') {
            m_out << prefix(v.core, v.uart) << v.line << std::endl;
            v.line.clear();
        } else if (byte != '\r') {
            v.line.push_back(static_cast<char>(byte));
        }
    }

    // Looks for the pending wait's pattern after its console's wait point;
    // a match moves the point past it.
    bool search_wait() {
        console_view& v = *m_wait->view;
        const std::string& text = m_soc.uart_console(v.core, v.uart).text();
        std::smatch match;
        auto from = text.begin() + static_cast<std::ptrdiff_t>(v.wait_from);
        if (!std::regex_search(from, text.end(), match, *m_wait->regex)) return false;
        v.wait_from += static_cast<std::size_t>(match.position(0) + match.length(0));
        m_wait->matched = true;
        return true;
    }

    void flush_consoles() {
        for (console_view& v : m_views) {
            if (m_scenario.options.console_echo && !v.line.empty()) {
                m_out << prefix(v.core, v.uart) << v.line << std::endl;
                v.line.clear();
            }
            const console& c = m_soc.uart_console(v.core, v.uart);
            if (c.dropped() != 0) {
                m_out << prefix(v.core, v.uart) << "(console limit of " << m_scenario.options.console_limit
                      << " bytes reached: " << c.dropped() << " bytes dropped)" << std::endl;
            }
        }
    }

    std::optional<failure> load_images() {
        for (core_id core : {core_id::app, core_id::net}) {
            for (const loaded_image& image : m_scenario.images(core).files) {
                try {
                    check_loadable(core, image);
                } catch (const input_error& e) {
                    return failure{exit_error, std::string("image ") + e.what()};
                }
                for (const memory_range& range : image.contents.ranges())
                    m_soc.program(core, range.address, range.bytes.data(), range.bytes.size());
            }
        }
        return {};
    }

    std::optional<failure> prepare() {
        models::peripheral::set_strict(m_scenario.options.strict);
        if (!m_scenario.options.mcuboot_key.empty()) {
            try {
                m_mcuboot_key = image::key::load_pem(m_scenario.options.mcuboot_key);
            } catch (const image::error& e) {
                return failure{exit_error, m_scenario.file + ": mcuboot_key: " + e.what()};
            }
        }
        if (m_scenario.options.app_clock_hz) {
            const std::uint32_t hclk = *m_scenario.options.app_clock_hz == 128'000'000 ? 0 : 1;
            m_soc.debug_write(core_id::app, hfclkctrl_address, &hclk, 4);
        }
        if (m_scenario.app.files.empty() && !m_scenario.net.files.empty()) run_network_core_alone();
        return {};
    }

    // Only network-core images: the application core is held in reset, as a
    // debugger holding it would, and the network core set up and released
    // through the bus as Zephyr's application does it (nrf53_cpunet_init:
    // the net core's accesses to application RAM made secure, then FORCEOFF
    // released). A later chip reset holds the network core again, as on
    // silicon.
    void run_network_core_alone() {
        m_soc.core(core_id::app).set_hold_in_reset(true);
        const std::uint32_t release = 0;
        m_soc.debug_write(core_id::app, spu_extdomain_address, &extdomain_secure, 4);
        m_soc.debug_write(core_id::app, network_forceoff_address, &release, 4);
        models::log::info("no application-core image: the application core is held and the network core released");
    }

    std::string where(const step& s) const { return to_string(s.where) + ": " + s.kind + " "; }

    std::optional<failure> execute(const step& s) {
        return std::visit([&](const auto& action) { return do_step(s, action); }, s.action);
    }

    std::optional<failure> do_step(const step&, const run_step& r) {
        if (r.duration) return run_for(*r.duration);
        for (;;) {
            if (auto f = run_for(endless_slice)) return f;
        }
    }

    std::optional<failure> do_step(const step& s, const wait_for_step& w) {
        m_wait = pending_wait{&view(w.core, w.uart), &w.console.regex};
        std::optional<failure> result;
        if (!search_wait()) result = run_for(w.within);
        const bool matched = m_wait->matched;
        m_wait.reset();
        if (result || matched || m_interrupted) return result;
        return failure{exit_fail, where(s) + to_string(w.core) + " uart " + std::to_string(w.uart) +
                                      ": \"" + w.console.text + "\" not seen within " +
                                      format_duration(w.within) + " (at simulated " + format_seconds(now_ps()) + ")"};
    }

    std::optional<failure> do_step(const step&, const input_step& in) {
        m_soc.uart(in.core, in.uart).receive(std::vector<std::uint8_t>(in.text.begin(), in.text.end()));
        return {};
    }

    std::optional<failure> do_step(const step&, const reset_step& r) {
        m_soc.reset(r.kind);
        return {};
    }

    std::optional<failure> do_step(const step& s, const expect_memory_step& e) {
        std::uint32_t value = 0;
        if (!m_soc.debug_read(e.core, e.address, &value, e.size)) {
            return failure{exit_fail, where(s) + to_string(e.core) + " " + hex(e.address) +
                                          ": nothing answers at this address (at simulated " +
                                          format_seconds(now_ps()) + ")"};
        }
        if ((value & e.mask) == e.value) return {};
        return failure{exit_fail, where(s) + to_string(e.core) + " " + hex(e.address) + ": read " + hex(value) +
                                      " & mask " + hex(e.mask) + " != " + hex(e.value) + " (at simulated " +
                                      format_seconds(now_ps()) + ")"};
    }

    std::optional<failure> do_step(const step& s, const expect_register_step& e) {
        const std::uint32_t value = m_soc.core(e.core).read_register(register_id(e.name));
        if ((value & e.mask) == e.value) return {};
        return failure{exit_fail, where(s) + to_string(e.core) + " " + e.name + ": read " + hex(value) +
                                      " & mask " + hex(e.mask) + " != " + hex(e.value) + " (at simulated " +
                                      format_seconds(now_ps()) + ")"};
    }

    std::optional<failure> do_step(const step& s, const write_step& w) {
        if (m_soc.debug_write(w.core, w.address, &w.value, w.size)) return {};
        return failure{exit_fail, where(s) + to_string(w.core) + " " + hex(w.address) +
                                      ": the write was refused (at simulated " + format_seconds(now_ps()) + ")"};
    }

    std::optional<failure> do_step(const step& s, const expect_console_step& e) {
        const std::string& text = m_soc.uart_console(e.core, e.uart).text();
        if (std::regex_search(text, e.console.regex)) return {};
        return failure{exit_fail, where(s) + to_string(e.core) + " uart " + std::to_string(e.uart) + ": \"" +
                                      e.console.text + "\" not printed (at simulated " + format_seconds(now_ps()) + ")"};
    }

    std::optional<failure> do_step(const step& s, const stage_step& st) {
        if (auto problem = stage_image(m_soc, st))
            return failure{exit_error, where(s) + *problem};
        if (m_layout_path.empty()) m_layout_path = st.layout_path;
        if (m_staged.size() < max_staged_entries)
            m_staged.push_back(
                describe_staged(st.image_path, st.slot, st.slot_address >= xip_base, st.image, mcuboot_key()));
        return {};
    }

    // PCD (sdk-nrf include/dfu/pcd_common.h): when the application releases
    // the network core with a COPY command at pcd_sram (magic, address,
    // length), the image it hands over is what the RAM slot held: kept for
    // the slot report, since the bootloader's RAM is reused after it.
    void capture_pcd_hand_over() {
        std::uint32_t command[3] = {};
        if (!m_soc.debug_read(core_id::app, m_pcd_address, command, sizeof command) || command[0] != pcd_copy_magic)
            return;
        std::vector<std::uint8_t> image(std::min(command[2], max_pcd_image));
        if (m_soc.peek(core_id::app, command[1], image.data(), image.size()) == image.size())
            m_handed_over = std::move(image);
    }

    // The key of options: mcuboot_key (loaded by prepare()); null without one.
    const image::key* mcuboot_key() const { return m_mcuboot_key ? &*m_mcuboot_key : nullptr; }

    // The end-of-run slot report (sim/dfu/slot_report.h), printed under the consoles.
    std::optional<slot_report> report_slots() {
        slot_report report;
        try {
            report.slots = read_slots(m_soc, m_layout_path, mcuboot_key(), m_handed_over);
        } catch (const std::exception& e) {
            m_out << "slots: not read: " << e.what() << std::endl;
            return std::nullopt;
        }
        report.staged = m_staged;
        report.flash_operations = count_flash_operations(m_soc);
        m_out << format_slot_report(report) << std::flush;
        return report;
    }

    std::optional<failure> do_step(const step& s, const expect_version_step& e) {
        if (auto problem = check_running_version(m_soc, e))
            return failure{exit_fail, where(s) + *problem + " (at simulated " + format_seconds(now_ps()) + ")"};
        return {};
    }

    std::optional<failure> do_step(const step&, const mark_step& m) {
        m_marks[m.name] = {now_ps(), std::chrono::steady_clock::now()};
        return {};
    }

    std::optional<failure> do_step(const step& s, const print_phases_step& p) {
        for (const phase& ph : p.phases) {
            auto from = m_marks.find(ph.from), to = m_marks.find(ph.to);
            if (from == m_marks.end() || to == m_marks.end())
                return failure{exit_error, where(s) + "phase " + ph.name + ": no mark \"" +
                                               (from == m_marks.end() ? ph.from : ph.to) + "\" before this step"};
            const std::chrono::duration<double> host = to->second.host - from->second.host;
            m_out << "phase " << ph.name << ": " << format_seconds(to->second.simulated - from->second.simulated)
                  << " (host " << std::fixed << std::setprecision(2) << host.count() << " s)\n";
        }
        return {};
    }

    // ---- power_fail_sweep (sim/scenario/sweep_runner.h) ----

    std::optional<failure> do_step(const step& s, const power_fail_sweep_step& sweep) {
        return m_sweeps.run(s, sweep, m_layout_path);
    }

    // sweep_host
    soc& chip() override { return m_soc; }

    std::optional<failure> run_steps(const std::vector<step>& steps) override {
        for (const step& s : steps) {
            if (auto f = execute(s)) return f;
            if (m_interrupted) return {};
        }
        return {};
    }

    std::optional<failure> run_for(picoseconds duration) override {
        const picoseconds end = now_ps() + duration;
        while (now_ps() < end && !m_lockup && !m_interrupted && !(m_wait && m_wait->matched)) {
            picoseconds slice = end - now_ps();
            if (m_gdb) {
                // Debuggers are served between slices short enough to notice Ctrl-C.
                slice = std::min(slice, gdb_server::poll_slice);
                if (!m_gdb->serve()) return failure{exit_error, "killed by the debugger at simulated " + format_seconds(now_ps())};
            }
            // The window's end is an activity the cores see: none runs ahead
            // past it. (A window that ended early leaves its notification.)
            m_window_end.cancel();
            m_window_end.notify(to_sc(slice));
            sc_core::sc_start(to_sc(slice));
        }
        if (m_lockup) return failure{exit_error, *m_lockup + " at simulated " + format_seconds(now_ps())};
        return {};
    }

    void interrupt() override {
        m_interrupted = true;
        if (m_gdb) m_gdb->interrupt();
        sc_core::sc_pause();
    }
    void resume() override { m_interrupted = false; }
    bool interrupted() const override { return m_interrupted; }
    void set_quiet(bool quiet) override { m_quiet = quiet; }

    std::vector<std::size_t> console_offsets() override {
        std::vector<std::size_t> offsets;
        for (const console_view& v : m_views) offsets.push_back(m_soc.uart_console(v.core, v.uart).text().size());
        return offsets;
    }

    void echo_consoles_since(const std::vector<std::size_t>& offsets) override {
        for (std::size_t i = 0; i < m_views.size() && i < offsets.size(); ++i) {
            const std::string& text = m_soc.uart_console(m_views[i].core, m_views[i].uart).text();
            for (std::size_t at = std::min(offsets[i], text.size()); at < text.size(); ++at)
                echo_byte(m_views[i], static_cast<std::uint8_t>(text[at]));
        }
    }

    const scenario& m_scenario;
    std::ostream& m_out;
    bool m_interrupted = false;             // by a sweep's fault, until it resumes
    sc_core::sc_event m_window_end{"window_end"};  // of run_for's sc_start
    bool m_quiet = false;                   // a sweep's pass and children: no console echo
    struct mark_time {
        picoseconds simulated;
        std::chrono::steady_clock::time_point host;  // not deterministic: printed as host time only
    };
    std::map<std::string, mark_time> m_marks;  // mark steps' times
    std::string m_layout_path;               // build_dir:, else the first stage step's: the scenario has a layout
    const std::uint32_t m_pcd_address;       // pcd_sram
    std::optional<std::vector<std::uint8_t>> m_handed_over;  // the last image PCD handed to the network core
    std::vector<slot_entry> m_staged;        // what the stage steps wrote
    std::optional<image::key> m_mcuboot_key;
    soc m_soc;
    std::vector<console_view> m_views;
    std::optional<pending_wait> m_wait;
    std::optional<std::string> m_lockup;  // options: lockup: stop
    std::uint64_t m_lockup_resets = 0;
    std::string m_last_lockup;
    std::string m_trace_file;
    std::unique_ptr<trace_recorder> m_trace;  // --trace
    std::string m_vcd_file;
    std::unique_ptr<vcd_recorder> m_vcd;  // --vcd
    std::unique_ptr<uart_bridge> m_uart_bridge;  // --uart
    sweep_runner m_sweeps{*this, m_scenario, m_out};
    std::unique_ptr<gdb_server> m_gdb;  // declared last: it detaches from the cores first
};

scenario_result skipped_result(const scenario& s, std::ostream& out) {
    out << "SKIP " << s.name << ": " << s.skip_reason << std::endl;
    scenario_result r;
    r.name = s.name;
    r.file = s.file;
    r.exit_code = exit_pass;
    r.skipped = true;
    r.message = s.skip_reason;
    return r;
}

}  // namespace

int run_scenario(const scenario& s, std::ostream& out) { return run_scenario_result(s, out).exit_code; }

scenario_result run_scenario_result(const scenario& s, std::ostream& out, const std::string& trace_file,
                                    const std::string& vcd_file) {
    // The cores need SystemC's default resolution of 1 ps (it cannot be set
    // once SystemC's own static sc_time objects exist).
    if (!s.skip_reason.empty()) return skipped_result(s, out);
    if (models::units_per_ps() != 1) throw std::logic_error("the SystemC time resolution must be 1 ps");
    tlm::tlm_global_quantum::instance().set(to_sc(s.options.quantum.value_or(default_quantum)));
    scenario_runner runner(s, out, trace_file, vcd_file);
    return runner.run();
}

}  // namespace sim
