// The power_fail_sweep step (docs/scenarios.md, "Fault sweeps"): records
// the span's flash operations once, plans the points (sim/fault/points.h),
// runs each one in a child process forked at its fault (or, with method:
// resimulate, at the span's start) and gives it a verdict
// (sim/fault/verdict.h) from what its recovery did.
//
// A point's recovery after its fault:
//  - power_cut, torn, interrupted_erase: power comes back (a power-on reset);
//  - reset_after: a pin reset, RAM kept;
//  - weak_program, silent_write_failure: the firmware runs on until every
//    checked core has started an application, then power is cycled once:
//    what the fault did shows at the next boot;
// then it runs until every core the accepted sets check has started an
// application (the verdict) or `within` (no_boot, or timeout if flash was
// written near it: in its last tenth, or its last 200 ms if that is
// longer, as a page erase takes up to 87.5 ms); `boots` boots are allowed, the
// verdict is the last one's. A further fault of the point during the
// recovery starts a new recovery without counting a boot.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "sim/common/duration.h"
#include "sim/dfu/layout.h"
#include "sim/fault/fault.h"
#include "sim/fault/points.h"
#include "sim/fault/sweep.h"
#include "sim/fault/verdict.h"
#include "sim/report/sweep_result.h"
#include "sim/scenario/failure.h"
#include "sim/scenario/scenario.h"

namespace sim {

class soc;

// What the sweep needs of the scenario runner.
class sweep_host {
public:
    virtual ~sweep_host() = default;
    virtual soc& chip() = 0;
    // Run until done or interrupt(); a failure is a step's own.
    virtual std::optional<failure> run_steps(const std::vector<step>& steps) = 0;
    virtual std::optional<failure> run_for(picoseconds duration) = 0;
    // From inside the simulation: the running steps return at once.
    virtual void interrupt() = 0;
    virtual void resume() = 0;
    virtual bool interrupted() const = 0;
    // No console echo (the pass over the span and the points' children).
    virtual void set_quiet(bool quiet) = 0;
    // Echo what the consoles printed after `offsets` (console_offsets()).
    virtual std::vector<std::size_t> console_offsets() = 0;
    virtual void echo_consoles_since(const std::vector<std::size_t>& offsets) = 0;
};

class sweep_runner {
public:
    sweep_runner(sweep_host& host, const scenario& s, std::ostream& out);
    ~sweep_runner();

    // Runs the sweep; its result is added to results(). The scenario goes
    // on from the span's end, as if it ran unfaulted.
    std::optional<failure> run(const step& s, const power_fail_sweep_step& sweep, const std::string& layout_path);
    // --sweep-point / --sweep-seed replayed one point: the scenario ends.
    bool replayed() const { return m_replayed; }
    const std::vector<sweep_result>& results() const { return m_results; }

private:
    struct recorded_span {
        std::vector<span_operation> operations;
        std::vector<bool> header_or_trailer;
    };

    std::optional<failure> prepare(const step& s, const std::string& layout_path);
    std::optional<failure> record_span(const power_fail_sweep_step& sweep, recorded_span& span);
    std::vector<point_outcome> pass_forking_points(const power_fail_sweep_step& sweep,
                                                   const std::vector<sweep_point>& points,
                                                   const point_children::done_fn& done, std::optional<failure>& error);
    std::vector<point_outcome> resimulate_points(const power_fail_sweep_step& sweep,
                                                 const std::vector<sweep_point>& points,
                                                 const point_children::done_fn& done);
    std::optional<failure> replay_point(const step& s, const power_fail_sweep_step& sweep, const recorded_span& span);
    std::optional<failure> report(const step& s, const power_fail_sweep_step& sweep, const recorded_span& span,
                                  std::size_t total, const std::vector<sweep_point>& points,
                                  const std::vector<point_outcome>& outcomes);

    // A point's child: the fault struck (or the span ended) in run_steps.
    void enter_point(const sweep_point& point, std::uint64_t at_operation);
    void keep_log_quietly();
    point_outcome finish_point(const power_fail_sweep_step& sweep, const std::optional<failure>& span_failure);
    void recover_from(fault_kind kind);
    std::optional<failure> observe_boot(const power_fail_sweep_step& sweep);
    void power_cycle();
    void start_boot();

    void watch_starts();
    void refresh_entry_probes();
    void on_entry(core_id core, std::uint32_t address);
    std::string recent_output();

    sweep_host& m_host;
    const scenario& m_scenario;
    std::ostream& m_out;
    std::unique_ptr<fault_injector> m_injector;
    std::optional<dfu_layout> m_layout;
    std::vector<sweep_result> m_results;
    bool m_replayed = false;
    // A point's recovery:
    std::optional<fault_kind> m_struck;    // the fault that interrupted the run, until handled
    bool m_power_cycle_when_started = false;  // after a fault the firmware ran on from
    recovery_seen m_seen;
    picoseconds m_boot_start_ps = 0;
    picoseconds m_last_flash_ps = 0;
    std::size_t m_console_from[2] = {0, 0};  // console offsets at the last boot
    std::vector<std::string> m_recent_log;   // a child's last log messages
};

}  // namespace sim
