// Power-fail sweeps (the power_fail_sweep scenario step, issue 7).
//
// A sweep cuts power at flash operations of a span of scenario steps and
// checks that the device recovers. The operations are those of the
// internal flash of both cores (NVMC word writes and page erases) and of
// the external flash (QSPI programs and erases), numbered in the order
// they happen from the start of a boot segment (the span's start, or a
// power-on after a cut) from 1.
//
// A point is a list of cuts: cut i falls just before (or, torn, in the
// middle of) operation k_i of boot segment i. The exhaustive sweep has one
// point per operation of the span, {k} for k = 1..count; a random run of N
// cuts draws each k_i uniformly from 1..count with splitmix64 seeded by its
// seed, so a seed always gives the same point.
//
// Speed: the runner stops at the span's start and forks one child process
// per point (up to `jobs` at once): a child continues from the exact SoC
// state of the span's start (both cores, memories, peripherals, pending
// events, simulated time), runs to its cut, recovers and reports through a
// pipe. Results come back in point order, so the output is deterministic.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "models/nor_flash.h"

namespace sim {

class soc;

// splitmix64 (Steele, Lea, Flood 2014): tiny, fast, and the same on every host.
class splitmix64 {
public:
    explicit splitmix64(std::uint64_t seed) : m_state(seed) {}
    std::uint64_t next();
    // Uniform in [1, n] (n >= 1); the bias of the modulo is below 2^-32 for n < 2^32.
    std::uint64_t between_1_and(std::uint64_t n) { return next() % n + 1; }

private:
    std::uint64_t m_state;
};

// The power switch of the SoC's flash arrays: counts every operation of
// the current boot segment and cuts power at the armed ones. Once power is
// cut, every further operation is skipped until power_on() (the cores may
// still run a little in the same quantum; nothing they do persists).
class power_cutter {
public:
    explicit power_cutter(soc& chip);

    // Cuts at operation k (from 1) of boot segment i for cuts[i]; torn
    // applies half of the cut operation.
    void arm(std::vector<std::uint64_t> cuts, bool torn);
    // Starts a new boot segment: power is on, its operations count from 1.
    void power_on();

    bool power_is_off() const { return m_off; }
    // Operations seen in this boot segment.
    std::uint64_t operations() const { return m_operations; }
    // Cuts done since arm().
    std::size_t cuts_done() const { return m_segment; }

    // Called when a cut happens (the runner pauses the simulation).
    std::function<void()> on_cut;

private:
    void watch(models::nor_flash& flash);
    models::flash_op_action decide();

    std::vector<std::uint64_t> m_cuts;
    bool m_torn = false;
    std::size_t m_segment = 0;  // index of the boot segment in m_cuts
    std::uint64_t m_operations = 0;
    bool m_off = false;
};

struct sweep_point {
    std::uint64_t number = 0;          // 1.. (the exhaustive k, or the run's position)
    std::optional<std::uint64_t> seed;  // random runs
    std::vector<std::uint64_t> cuts;
};

// The exhaustive sweep: {1}, {2}, ... {count}.
std::vector<sweep_point> exhaustive_points(std::uint64_t count);
// One random run of `cuts` cuts over a span of `count` operations.
sweep_point random_point(std::uint64_t number, std::uint64_t seed, unsigned cuts, std::uint64_t count);

struct point_outcome {
    bool passed = false;
    std::string message;  // why it failed
};

// Runs `run` for every point in a forked child, at most `jobs` at once
// (the caller's process state is what each child starts from), and
// returns the outcomes in point order. A child that dies without a
// result is a failed point saying how it died. `done` is called in the
// parent after each point (progress).
std::vector<point_outcome> run_forked(const std::vector<sweep_point>& points, unsigned jobs,
                                      const std::function<point_outcome(const sweep_point&)>& run,
                                      const std::function<void(std::size_t done, std::size_t failed)>& done);

// Runs `fn` in one forked child and returns what it returned.
point_outcome run_in_child(const std::function<point_outcome()>& fn);

// The command that replays one point alone.
std::string replay_command(const std::string& scenario_file, const sweep_point& point);

// A sweep's progress: points done of the total, failures so far and the
// time left at the pace so far (host time: progress only, never results).
// On a terminal one line redrawn in place, ended by a newline at the last
// point; elsewhere (a log, CI) quiet plain lines: one each tenth of the
// points or each 10 s of host time, whichever comes first, and the last.
class sweep_progress {
public:
    using host_seconds = std::function<double()>;  // a monotonic clock
    static constexpr double line_interval_s = 10.0;

    sweep_progress(std::ostream& out, std::size_t total, bool on_terminal,
                   host_seconds now = steady_seconds);
    void update(std::size_t done, std::size_t failed);

    static double steady_seconds();

private:
    std::string text(std::size_t done, std::size_t failed) const;

    std::ostream& m_out;
    std::size_t m_total;
    bool m_on_terminal;
    host_seconds m_now;
    double m_start;
    std::size_t m_next_line = 0;  // plain lines: the next tenth
    double m_next_line_s;         // plain lines: or this time
};

}  // namespace sim
