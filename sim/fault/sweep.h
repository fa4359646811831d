// Running a sweep's points in child processes, and its progress line.
//
// Two ways to reach a point's fault, both exact: the runner forks a child
// at the flash operation the point faults, in one uncut pass over the span
// (every operation's prefix is simulated once, so a sweep costs the span
// plus the recoveries), or, re-simulating, forks one child per point at
// the span's start that runs to its fault. Either way the child inherits
// the whole SoC (both cores, memories, peripherals, pending events,
// simulated time), recovers and reports through a pipe; outcomes are kept
// in point order, so the output is deterministic.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "sim/fault/points.h"
#include "sim/report/sweep_result.h"

namespace sim {

struct point_outcome {
    point_verdict verdict = point_verdict::fault;
    std::string message;  // why it did not recover
};

// Verdict counts: "N recovered, N wrong_image, N no_boot, N fault, N timeout".
using verdict_counts = std::map<point_verdict, std::size_t>;
std::string counts_text(const verdict_counts& counts, bool all = true);

// Child processes running points, at most `jobs` at once.
class point_children {
public:
    using done_fn = std::function<void(std::size_t index, const point_outcome& outcome)>;
    point_children(std::size_t points, unsigned jobs, done_fn done);

    // Forks the child of point `index`, first waiting while `jobs` run.
    // Returns true in the child, which ends with finish_in_child().
    bool fork_for(std::size_t index);
    [[noreturn]] void finish_in_child(const point_outcome& outcome);
    // Waits for every child; a child that died without a result is a fault
    // saying how it died.
    void wait_all();
    const std::vector<point_outcome>& outcomes() const { return m_outcomes; }

private:
    void wait_one();

    std::vector<point_outcome> m_outcomes;
    unsigned m_jobs;
    done_fn m_done;
    struct running { std::size_t index; int fd; };
    std::map<int, running> m_running;  // by pid
    int m_child_fd = -1;               // in a child: its result pipe
};

// Runs `run` for every point in a child forked here (re-simulation), in
// point order; `done` after each point (progress).
std::vector<point_outcome> run_forked(const std::vector<sweep_point>& points, unsigned jobs,
                                      const std::function<point_outcome(const sweep_point&)>& run,
                                      const point_children::done_fn& done);

// Runs `fn` in one forked child and returns what it returned; throws
// std::runtime_error saying how the child died, or what it threw.
std::string run_in_child(const std::function<std::string()>& fn);

// A sweep's progress: points done of the total, the verdicts so far and
// the time left at the pace so far (host time: progress only, never
// results). On a terminal one line redrawn in place, ended by a newline at
// the last point; elsewhere (a log, CI) quiet plain lines: one each tenth
// of the points or each 10 s of host time, whichever comes first, and the last.
class sweep_progress {
public:
    using host_seconds = std::function<double()>;  // a monotonic clock
    static constexpr double line_interval_s = 10.0;

    sweep_progress(std::ostream& out, std::size_t total, bool on_terminal,
                   host_seconds now = steady_seconds);
    void update(const verdict_counts& counts);

    static double steady_seconds();

private:
    std::string text(std::size_t done, const verdict_counts& counts) const;

    std::ostream& m_out;
    std::size_t m_total;
    bool m_on_terminal;
    host_seconds m_now;
    double m_start;
    std::size_t m_next_line = 0;  // plain lines: the next tenth
    double m_next_line_s;         // plain lines: or this time
};

}  // namespace sim
