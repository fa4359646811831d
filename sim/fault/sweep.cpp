#include "sim/fault/sweep.h"
#include "sim/common/fd_io.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <map>
#include <stdexcept>

#include "models/nor_flash.h"
#include "sim/soc/soc.h"

namespace sim {

std::uint64_t splitmix64::next() {
    std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// ---- power_cutter ----

power_cutter::power_cutter(soc& chip) {
    watch(chip.flash(core_id::app));
    watch(chip.flash(core_id::net));
    watch(chip.external_flash());
}

void power_cutter::watch(models::nor_flash& flash) {
    flash.set_op_hook([this](const models::flash_op&) { return decide(); });
}

models::flash_op_action power_cutter::decide() {
    using action = models::flash_op_action;
    if (m_off) return action::skip;
    ++m_operations;
    if (m_segment >= m_cuts.size() || m_operations != m_cuts[m_segment]) return action::proceed;
    m_off = true;
    ++m_segment;
    if (on_cut) on_cut();
    return m_torn ? action::tear : action::skip;
}

void power_cutter::arm(std::vector<std::uint64_t> cuts, bool torn) {
    m_cuts = std::move(cuts);
    m_torn = torn;
    m_segment = 0;
    m_operations = 0;
    m_off = false;
}

void power_cutter::power_on() {
    m_off = false;
    m_operations = 0;
}

// ---- points ----

std::vector<sweep_point> exhaustive_points(std::uint64_t count) {
    std::vector<sweep_point> points;
    for (std::uint64_t k = 1; k <= count; ++k) points.push_back({k, std::nullopt, {k}});
    return points;
}

sweep_point random_point(std::uint64_t number, std::uint64_t seed, unsigned cuts, std::uint64_t count) {
    sweep_point point{number, seed, {}};
    splitmix64 random(seed);
    for (unsigned i = 0; i < cuts && count != 0; ++i) point.cuts.push_back(random.between_1_and(count));
    return point;
}

std::string replay_command(const std::string& scenario_file, const sweep_point& point) {
    if (point.seed) return "nrf53sim run " + scenario_file + " --sweep-seed " + std::to_string(*point.seed);
    return "nrf53sim run " + scenario_file + " --sweep-point " + std::to_string(point.number);
}

// ---- child processes ----

namespace {

// A result crosses the pipe as one byte (1 passed, 0 failed) and the message.
std::string encode(const point_outcome& outcome) {
    return std::string(1, outcome.passed ? '1' : '0') + outcome.message;
}

point_outcome decode(const std::string& bytes) {
    if (bytes.empty()) return {false, ""};
    return {bytes[0] == '1', bytes.substr(1)};
}

std::string how_it_died(int status) {
    if (WIFSIGNALED(status)) return std::string("the point's process died of ") + strsignal(WTERMSIG(status));
    return "the point's process exited with " + std::to_string(WEXITSTATUS(status)) + " without a result";
}

struct running_child {
    pid_t pid;
    int fd;
};

// Forks a child that runs fn with its output silenced and writes the outcome to a pipe.
running_child start_child(const std::function<point_outcome()>& fn) {
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error(std::string("power_fail_sweep: pipe: ") + std::strerror(errno));
    const pid_t pid = fork_tied_to_parent();
    if (pid < 0) throw std::runtime_error(std::string("power_fail_sweep: fork: ") + std::strerror(errno));
    if (pid == 0) {
        ::close(fds[0]);
        std::string result;
        try {
            result = encode(fn());
        } catch (const std::exception& e) {
            result = encode({false, std::string("error: ") + e.what()});
        }
        write_all(fds[1], result);
        ::_exit(0);
    }
    ::close(fds[1]);
    return {pid, fds[0]};
}

// Reads the child's result (it writes once and exits) and reaps it.
point_outcome finish_child(const running_child& c) {
    const std::string bytes = read_all(c.fd);
    ::close(c.fd);
    int status = 0;
    while (::waitpid(c.pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (bytes.empty()) return {false, how_it_died(status)};
    return decode(bytes);
}

}  // namespace

point_outcome run_in_child(const std::function<point_outcome()>& fn) {
    return finish_child(start_child(fn));
}

std::vector<point_outcome> run_forked(const std::vector<sweep_point>& points, unsigned jobs,
                                      const std::function<point_outcome(const sweep_point&)>& run,
                                      const std::function<void(std::size_t, std::size_t)>& done) {
    std::vector<point_outcome> outcomes(points.size());
    std::map<pid_t, std::pair<std::size_t, int>> running;  // pid -> point, result pipe
    std::size_t next = 0, finished = 0, failed = 0;
    while (finished < points.size()) {
        while (next < points.size() && running.size() < std::max(1u, jobs)) {
            const sweep_point& point = points[next];
            const running_child c = start_child([&run, &point] { return run(point); });
            running[c.pid] = {next++, c.fd};
        }
        // Results are a few bytes: a child's write never blocks, so waiting
        // for any child to exit first cannot deadlock.
        int status = 0;
        const pid_t pid = ::waitpid(-1, &status, 0);
        if (pid < 0) {
            if (errno == EINTR) continue;
            throw std::runtime_error(std::string("power_fail_sweep: waitpid: ") + std::strerror(errno));
        }
        auto it = running.find(pid);
        if (it == running.end()) continue;  // not one of ours
        const auto [index, fd] = it->second;
        running.erase(it);
        const std::string bytes = read_all(fd);
        ::close(fd);
        outcomes[index] = bytes.empty() ? point_outcome{false, how_it_died(status)} : decode(bytes);
        ++finished;
        if (!outcomes[index].passed) ++failed;
        if (done) done(finished, failed);
    }
    return outcomes;
}

sweep_progress::sweep_progress(std::ostream& out, std::size_t total, bool on_terminal, host_seconds now)
    : m_out(out), m_total(total), m_on_terminal(on_terminal), m_now(std::move(now)), m_start(m_now()),
      m_next_line_s(m_start + line_interval_s) {}

double sweep_progress::steady_seconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::string sweep_progress::text(std::size_t done, std::size_t failed) const {
    std::string line = "power_fail_sweep: " + std::to_string(done) + "/" + std::to_string(m_total) + " points, " +
                       std::to_string(failed) + " failed";
    if (done == 0 || done == m_total) return line;
    const double left = (m_now() - m_start) / static_cast<double>(done) * static_cast<double>(m_total - done);
    return line + ", about " + std::to_string(static_cast<long>(left + 0.5)) + " s left";
}

void sweep_progress::update(std::size_t done, std::size_t failed) {
    const bool last = done == m_total;
    if (m_on_terminal) {
        m_out << "\r\033[K" << text(done, failed) << (last ? "\n" : "") << std::flush;
        return;
    }
    const double now = m_now();
    if (!last && done < m_next_line && now < m_next_line_s) return;
    m_next_line = done + std::max<std::size_t>(1, m_total / 10);
    m_next_line_s = now + line_interval_s;
    m_out << text(done, failed) << std::endl;
}

}  // namespace sim
