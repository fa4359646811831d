#include "sim/scenario/sweep_runner.h"

#include <unistd.h>

#include <algorithm>
#include <iomanip>
#include <map>
#include <sstream>
#include <stdexcept>

#include <systemc>

#include "models/log.h"
#include "models/peripheral.h"
#include "sim/common/duration.h"
#include "sim/fault/span.h"
#include "sim/report/report.h"
#include "sim/scenario/dfu_steps.h"
#include "sim/scenario/runner.h"
#include "sim/soc/soc.h"

namespace sim {
namespace {

constexpr std::size_t max_points_listed = 20;
constexpr std::size_t log_messages_kept = 6;
constexpr std::uint32_t image_magic = 0x96f3b83d;     // MCUboot's ih_magic
constexpr std::uint32_t default_header_size = 0x200;  // imgtool's usual --header-size
constexpr std::uint32_t xip_base = 0x10000000;         // the MX25R64 through QSPI XIP
constexpr picoseconds observe_slice = ps_per_ms;
// Flash written this close to a boot's limit is still being written: a
// page erase alone takes up to 87.5 ms (nRF5340 PS, NVMC electrical specification).
constexpr picoseconds near_limit = 200 * ps_per_ms;

picoseconds now_ps() { return models::to_ps(sc_core::sc_time_stamp()); }

std::string hex(std::uint32_t v) {
    std::ostringstream s;
    s << "0x" << std::hex << std::uppercase << v;
    return s.str();
}

std::size_t index_of(core_id core) { return core == core_id::app ? 0 : 1; }

std::uint64_t pattern_of(const sweep_point& point) { return point.seed.value_or(point.number); }

// The report's name for what a point injects.
std::string fault_name(const sweep_point& point, const point_plan& plan) {
    if (point.faults.size() == 1) return to_string(point.faults[0].kind);
    return plan.cuts > 1 ? "multi_cut" : "second_fault";
}

// An operation as the span's record carries it across the pipe.
std::string encode(std::uint64_t number, flash_array array, const models::flash_op& op) {
    return std::to_string(number) + " " + std::to_string(static_cast<int>(array)) + " " +
           std::to_string(static_cast<int>(op.type)) + " " + std::to_string(op.address) + " " +
           std::to_string(op.size) + "\n";
}

}  // namespace

sweep_runner::sweep_runner(sweep_host& host, const scenario& s, std::ostream& out)
    : m_host(host), m_scenario(s), m_out(out) {}

sweep_runner::~sweep_runner() = default;

std::optional<failure> sweep_runner::run(const step& s, const power_fail_sweep_step& sweep,
                                         const std::string& layout_path) {
    if (auto f = prepare(s, layout_path)) return f;
    recorded_span span;
    if (auto f = record_span(sweep, span)) return f;
    const scenario_options& options = m_scenario.options;
    if (options.sweep_point || options.sweep_seed) return replay_point(s, sweep, span);
    m_out << "power_fail_sweep: " << span.operations.size() << " flash operations in the span" << std::endl;
    const std::vector<sweep_point> all = plan_points(sweep.plan, span.operations, span.header_or_trailer);
    const std::vector<sweep_point> points =
        shard_points(all, options.sweep_shard_index, options.sweep_shard_count);
    if (options.sweep_shard_count > 1)
        m_out << "power_fail_sweep: shard " << options.sweep_shard_index << "/" << options.sweep_shard_count << ": "
              << points.size() << " of " << all.size() << " points" << std::endl;
    sweep_progress progress(m_out, points.size(), ::isatty(STDOUT_FILENO) == 1);
    verdict_counts counts;
    const point_children::done_fn done = [&](std::size_t, const point_outcome& outcome) {
        ++counts[outcome.verdict];
        progress.update(counts);
    };
    std::vector<point_outcome> outcomes;
    if (sweep.method == sweep_method::resimulate) {
        outcomes = resimulate_points(sweep, points, done);
        m_injector->arm({}, 0);
        if (auto f = m_host.run_steps(sweep.span)) return f;  // on from the span's end
    } else {
        std::optional<failure> error;
        outcomes = pass_forking_points(sweep, points, done, error);
        if (error) return error;
    }
    if (points.empty()) progress.update(counts);
    return report(s, sweep, span, all.size(), points, outcomes);
}

std::optional<failure> sweep_runner::prepare(const step& s, const std::string& layout_path) {
    const std::string where = to_string(s.where) + ": " + s.kind + " ";
    if (layout_path.empty())
        return failure{exit_error, where + "needs the scenario's layout: build_dir:, or a stage step before it"};
    try {
        m_layout = read_dfu_layout(layout_path);
    } catch (const std::exception& e) {
        return failure{exit_error, where + "layout " + layout_path + ": " + e.what()};
    }
    m_injector = std::make_unique<fault_injector>(m_host.chip());
    m_injector->on_fault = [this](fault_kind kind) {
        m_struck = kind;
        m_host.interrupt();
    };
    watch_starts();
    return {};
}

// The span runs uncut in a child (this process stays at its start); the
// child sends back each operation.
std::optional<failure> sweep_runner::record_span(const power_fail_sweep_step& sweep, recorded_span& span) {
    std::string record;
    try {
        record = run_in_child([&] {
            m_host.set_quiet(true);
            std::string operations;
            m_injector->arm({}, 0);
            m_injector->before_operation = [&](std::uint64_t, flash_array array, const models::flash_op& op) {
                operations += encode(m_injector->operations(), array, op);
            };
            if (auto f = m_host.run_steps(sweep.span))
                throw std::runtime_error("the span fails without a fault: " + f->text);
            return operations;
        });
    } catch (const std::exception& e) {
        return failure{exit_error, std::string("power_fail_sweep: ") + e.what()};
    }
    std::istringstream lines(record);
    std::uint64_t number = 0;
    int array = 0, type = 0;
    models::flash_op op{};
    while (lines >> number >> array >> type >> op.address >> op.size) {
        op.type = static_cast<models::flash_op::kind>(type);
        span.operations.push_back(locate(number, static_cast<flash_array>(array), op, *m_layout));
    }
    span.header_or_trailer = header_or_trailer(span.operations, *m_layout, [this](const partition& slot) {
        const std::uint32_t address =
            static_cast<std::uint32_t>(slot.address) + (slot.region == "external_flash" ? xip_base : 0);
        std::uint32_t header[3] = {};
        if (m_host.chip().peek(core_id::app, address, reinterpret_cast<std::uint8_t*>(header), sizeof header) !=
                sizeof header ||
            header[0] != image_magic)
            return default_header_size;
        return header[2] & 0xffff;  // ih_hdr_size
    });
    return {};
}

// One pass over the span: at each point's faulted operation a child is
// forked that takes the fault and recovers; this process goes on unfaulted.
std::vector<point_outcome> sweep_runner::pass_forking_points(const power_fail_sweep_step& sweep,
                                                             const std::vector<sweep_point>& points,
                                                             const point_children::done_fn& done,
                                                             std::optional<failure>& error) {
    std::multimap<std::uint64_t, std::size_t> at_operation;
    for (std::size_t i = 0; i < points.size(); ++i) at_operation.emplace(points[i].faults[0].operation, i);
    point_children children(points.size(), sweep.jobs, done);
    const sweep_point* mine = nullptr;  // in a point's child
    m_injector->arm({}, 0);
    m_injector->before_operation = [&](std::uint64_t number, flash_array, const models::flash_op&) {
        m_last_flash_ps = now_ps();
        refresh_entry_probes();
        if (mine) return;
        const auto [first, last] = at_operation.equal_range(number);
        for (auto it = first; it != last; ++it) {
            if (!children.fork_for(it->second)) continue;
            mine = &points[it->second];
            enter_point(*mine, number);
            keep_log_quietly();
            return;
        }
    };
    const std::vector<std::size_t> offsets = m_host.console_offsets();
    m_host.set_quiet(true);
    std::optional<failure> span_failure;
    try {
        span_failure = m_host.run_steps(sweep.span);
        if (mine) children.finish_in_child(finish_point(sweep, span_failure));
    } catch (const std::exception& e) {
        // A point's child never returns into the scenario: it reports and exits.
        if (mine) children.finish_in_child({point_verdict::fault, std::string("error: ") + e.what()});
        throw;
    }
    m_injector->before_operation = nullptr;
    m_host.set_quiet(false);
    m_host.echo_consoles_since(offsets);
    children.wait_all();
    if (span_failure) error = span_failure;
    return children.outcomes();
}

std::vector<point_outcome> sweep_runner::resimulate_points(const power_fail_sweep_step& sweep,
                                                           const std::vector<sweep_point>& points,
                                                           const point_children::done_fn& done) {
    return run_forked(points, sweep.jobs, [&](const sweep_point& point) {
        m_host.set_quiet(true);
        enter_point(point, 0);
        keep_log_quietly();
        m_injector->before_operation = [&](std::uint64_t, flash_array, const models::flash_op&) {
            m_last_flash_ps = now_ps();
            refresh_entry_probes();
        };
        return finish_point(sweep, m_host.run_steps(sweep.span));
    }, done);
}

// --sweep-point K / --sweep-seed S: one point, re-simulated in this process
// (so --gdb can stop at the fault and --trace shows it); the scenario ends with it.
std::optional<failure> sweep_runner::replay_point(const step& s, const power_fail_sweep_step& sweep,
                                                  const recorded_span& span) {
    const scenario_options& options = m_scenario.options;
    sweep_point point;
    if (options.sweep_seed) {
        point_plan plan = sweep.plan;
        plan.cuts = std::max(1u, plan.cuts);
        point = random_point(1, *options.sweep_seed, plan, span.operations);
    } else {
        const std::vector<sweep_point> all = plan_points(sweep.plan, span.operations, span.header_or_trailer);
        if (*options.sweep_point == 0 || *options.sweep_point > all.size())
            return failure{exit_error, to_string(s.where) + ": power_fail_sweep: --sweep-point " +
                                           std::to_string(*options.sweep_point) + ": the sweep has " +
                                           std::to_string(all.size()) + " points"};
        point = all[*options.sweep_point - 1];
    }
    m_out << "power_fail_sweep: replaying point " << describe(point) << std::endl;
    m_replayed = true;
    enter_point(point, 0);
    m_injector->before_operation = [&](std::uint64_t, flash_array, const models::flash_op&) {
        m_last_flash_ps = now_ps();
        refresh_entry_probes();
    };
    const point_outcome outcome = finish_point(sweep, m_host.run_steps(sweep.span));
    m_out << "power_fail_sweep: point " << describe(point) << " " << to_string(outcome.verdict) << std::endl;
    if (outcome.verdict == point_verdict::recovered) return {};
    return failure{exit_fail, to_string(s.where) + ": power_fail_sweep point " + describe(point) + " " +
                                  to_string(outcome.verdict) + ": " + outcome.message};
}

std::optional<failure> sweep_runner::report(const step& s, const power_fail_sweep_step& sweep,
                                            const recorded_span& span, std::size_t total,
                                            const std::vector<sweep_point>& points,
                                            const std::vector<point_outcome>& outcomes) {
    sweep_result result;
    result.where = to_string(s.where);
    result.shard_index = m_scenario.options.sweep_shard_index;
    result.shard_count = m_scenario.options.sweep_shard_count;
    result.total_points = total;
    result.operations = span.operations;
    verdict_counts counts;
    std::size_t listed = 0;
    std::optional<std::size_t> first_failure;
    for (std::size_t i = 0; i < points.size(); ++i) {
        const point_outcome& outcome = outcomes[i];
        sweep_point_result r;
        r.number = points[i].number;
        r.fault = fault_name(points[i], sweep.plan);
        for (const planned_fault& f : points[i].faults) r.operations.push_back(f.operation);
        r.seed = points[i].seed;
        r.verdict = outcome.verdict;
        r.message = outcome.message;
        r.replay = replay_command(m_scenario.file, points[i]);
        result.points.push_back(r);
        ++counts[outcome.verdict];
        if (outcome.verdict == point_verdict::recovered) continue;
        if (!first_failure) first_failure = i;
        if (++listed > max_points_listed) continue;
        m_out << "power_fail_sweep: point " << describe(points[i]) << " " << to_string(outcome.verdict) << ": "
              << outcome.message << "\n  replay: " << r.replay << std::endl;
    }
    m_out << "power_fail_sweep: " << points.size() << " points: " << counts_text(counts) << std::endl;
    m_results.push_back(std::move(result));
    if (!first_failure) return {};
    const std::size_t failed = points.size() - counts[point_verdict::recovered];
    return failure{exit_fail, to_string(s.where) + ": " + s.kind + " " + std::to_string(failed) + " of " +
                                  std::to_string(points.size()) + " points did not recover (" + counts_text(counts, false) +
                                  "); first: " + describe(points[*first_failure]) + " " +
                                  to_string(outcomes[*first_failure].verdict) + " (" +
                                  replay_command(m_scenario.file, points[*first_failure]) + ")"};
}

// ---- a point's child ----

void sweep_runner::enter_point(const sweep_point& point, std::uint64_t at_operation) {
    m_injector->arm_at(at_operation, point.faults, pattern_of(point));
    m_seen.fault.reset();
}

// A child keeps its last log messages (guest faults among them) for its
// message instead of printing them.
void sweep_runner::keep_log_quietly() {
    m_recent_log.clear();
    models::log::set_sink([this](models::log::level, const std::string& message) {
        m_recent_log.push_back(message);
        if (m_recent_log.size() > log_messages_kept) m_recent_log.erase(m_recent_log.begin());
    });
}

point_outcome sweep_runner::finish_point(const power_fail_sweep_step& sweep,
                                         const std::optional<failure>& span_failure) {
    if (span_failure) return {point_verdict::fault, "before the fault: " + span_failure->text};
    if (!m_struck) return {point_verdict::recovered, ""};  // the span ended before the fault
    unsigned boots_left = sweep.boots;
    for (;;) {
        if (m_struck) {  // the point's fault, or a further one during the recovery: no boot counted
            const fault_kind kind = *m_struck;
            m_struck.reset();
            recover_from(kind);
        }
        if (auto error = observe_boot(sweep)) return {point_verdict::fault, error->text};
        if (m_struck) continue;
        if (m_power_cycle_when_started) {
            m_power_cycle_when_started = false;
            power_cycle();
            continue;
        }
        std::string message;
        const point_verdict verdict = classify(m_seen, sweep.accept, message);
        if (verdict == point_verdict::recovered) return {verdict, ""};
        if (--boots_left == 0) {
            // A fault's message already says when it happened.
            const std::string when = verdict == point_verdict::fault
                                         ? ""
                                         : " (" + format_seconds(now_ps() - m_boot_start_ps) + " after the last boot)";
            return {verdict, message + when + recent_output()};
        }
        power_cycle();
    }
}

void sweep_runner::recover_from(fault_kind kind) {
    if (cuts_power(kind)) {
        power_cycle();
        return;
    }
    m_host.resume();
    if (kind == fault_kind::reset_after) {
        m_host.chip().reset(reset_kind::pin);
        start_boot();
        return;
    }
    // weak_program, silent_write_failure: the firmware runs on; the next
    // power-on shows what the fault did.
    m_power_cycle_when_started = true;
}

// Runs until every checked core has started an application, a guest
// fault, a further fault of the point, or `within`.
std::optional<failure> sweep_runner::observe_boot(const power_fail_sweep_step& sweep) {
    const picoseconds end = now_ps() + sweep.within;
    while (now_ps() < end && !m_host.interrupted() && !m_seen.fault && !all_started(m_seen, sweep.accept)) {
        refresh_entry_probes();
        if (auto f = m_host.run_for(std::min(observe_slice, end - now_ps()))) return f;
    }
    m_seen.writing_at_limit = m_last_flash_ps + std::max(sweep.within / 10, near_limit) >= end;
    return {};
}

void sweep_runner::power_cycle() {
    m_host.resume();
    m_host.chip().reset(reset_kind::power);
    m_injector->power_on();
    start_boot();
}

void sweep_runner::start_boot() {
    m_seen.started = {};
    m_boot_start_ps = now_ps();
    for (core_id core : {core_id::app, core_id::net})
        m_console_from[index_of(core)] = m_host.chip().uart_console(core, 0).text().size();
}

// ---- applications starting (sim/fault/verdict.h) ----

void sweep_runner::watch_starts() {
    soc& chip = m_host.chip();
    chip.on_fault = [this](const armv8m::fault_report& r) {
        if (m_seen.fault) return;
        const std::string core = r.core.find("net") != std::string::npos ? "net" : "app";
        m_seen.fault = "the " + core + " core faulted (exception " + std::to_string(r.exception) + ") at pc " +
                       hex(r.pc) + " (" + format_seconds(now_ps() - m_boot_start_ps) + " after the boot)";
    };
    for (core_id core : {core_id::app, core_id::net})
        chip.core(core).on_entry = [this, core](std::uint32_t address) { on_entry(core, address); };
    refresh_entry_probes();
}

void sweep_runner::refresh_entry_probes() {
    for (core_id core : {core_id::app, core_id::net})
        if (const std::optional<boot_entry> entry = find_boot_entry(m_host.chip(), core, *m_layout))
            m_host.chip().core(core).add_entry_probe(entry->reset_handler);
}

void sweep_runner::on_entry(core_id core, std::uint32_t address) {
    const std::optional<boot_entry> entry = find_boot_entry(m_host.chip(), core, *m_layout);
    if (entry && entry->reset_handler == address) m_seen.started[index_of(core)] = entry->version;
}

// The tail of what each core printed since the last boot (as reports
// show it), and the last log messages: what a point's message shows of its
// recovery.
std::string sweep_runner::recent_output() {
    std::string text;
    for (core_id core : {core_id::app, core_id::net}) {
        const std::string& all = m_host.chip().uart_console(core, 0).text();
        const std::size_t from = std::min(all.size(), m_console_from[index_of(core)]);
        std::istringstream tail(make_console_tail(to_string(core), all.substr(from)).text);
        for (std::string line; std::getline(tail, line);) text += "\n    [" + std::string(to_string(core)) + "] " + line;
    }
    for (const std::string& message : m_recent_log) text += "\n    log: " + message;
    return text;
}

}  // namespace sim
