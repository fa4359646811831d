#include "sim/fault/sweep.h"
#include "sim/common/fd_io.h"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>

namespace sim {

std::string counts_text(const verdict_counts& counts, bool all) {
    std::string text;
    for (point_verdict v : all_verdicts) {
        const auto it = counts.find(v);
        const std::size_t n = it == counts.end() ? 0 : it->second;
        if (!all && n == 0 && v != point_verdict::recovered) continue;
        text += (text.empty() ? "" : ", ") + std::to_string(n) + " " + to_string(v);
    }
    return text;
}

// ---- child processes ----

namespace {

// An outcome crosses the pipe as its verdict's name, a newline and the message.
std::string encode(const point_outcome& outcome) {
    return std::string(to_string(outcome.verdict)) + "\n" + outcome.message;
}

point_outcome decode(const std::string& bytes, const std::string& if_empty) {
    const std::size_t newline = bytes.find('\n');
    const std::optional<point_verdict> verdict = verdict_from_string(bytes.substr(0, newline));
    if (newline == std::string::npos || !verdict) return {point_verdict::fault, if_empty};
    return {*verdict, bytes.substr(newline + 1)};
}

std::string how_it_died(int status) {
    if (WIFSIGNALED(status)) return std::string("the point's process died of ") + strsignal(WTERMSIG(status));
    return "the point's process exited with " + std::to_string(WEXITSTATUS(status)) + " without a result";
}

int wait_for(pid_t pid, int& status) {
    for (;;) {
        const pid_t done = ::waitpid(pid, &status, 0);
        if (done >= 0 || errno != EINTR) return done;
    }
}

// fork_tied_to_parent() with a pipe: fds[0] for the parent to read,
// fds[1] for the child to write; the child's pid, 0 in the child.
pid_t fork_with_pipe(int fds[2]) {
    if (::pipe(fds) != 0) throw std::runtime_error(std::string("power_fail_sweep: pipe: ") + std::strerror(errno));
    const pid_t pid = fork_tied_to_parent();
    if (pid < 0) throw std::runtime_error(std::string("power_fail_sweep: fork: ") + std::strerror(errno));
    return pid;
}

}  // namespace

point_children::point_children(std::size_t points, unsigned jobs, done_fn done)
    : m_outcomes(points), m_jobs(std::max(1u, jobs)), m_done(std::move(done)) {}

bool point_children::fork_for(std::size_t index) {
    while (m_running.size() >= m_jobs) wait_one();
    int fds[2];
    const pid_t pid = fork_with_pipe(fds);
    if (pid == 0) {
        ::close(fds[0]);
        for (const auto& [other, child] : m_running) ::close(child.fd);
        m_running.clear();
        m_child_fd = fds[1];
        return true;
    }
    ::close(fds[1]);
    m_running[pid] = {index, fds[0]};
    return false;
}

void point_children::finish_in_child(const point_outcome& outcome) {
    write_all(m_child_fd, encode(outcome));
    ::_exit(0);
}

// Results are bounded (a few KiB, below a pipe's buffer): a child's write
// never blocks, so waiting for any child to exit first cannot deadlock.
void point_children::wait_one() {
    int status = 0;
    const pid_t pid = ::waitpid(-1, &status, 0);
    if (pid < 0) {
        if (errno == EINTR) return;
        throw std::runtime_error(std::string("power_fail_sweep: waitpid: ") + std::strerror(errno));
    }
    const auto it = m_running.find(pid);
    if (it == m_running.end()) return;  // not one of ours
    const running child = it->second;
    m_running.erase(it);
    const std::string bytes = read_all(child.fd);
    ::close(child.fd);
    m_outcomes[child.index] = decode(bytes, how_it_died(status));
    if (m_done) m_done(child.index, m_outcomes[child.index]);
}

void point_children::wait_all() {
    while (!m_running.empty()) wait_one();
}

std::vector<point_outcome> run_forked(const std::vector<sweep_point>& points, unsigned jobs,
                                      const std::function<point_outcome(const sweep_point&)>& run,
                                      const point_children::done_fn& done) {
    point_children children(points.size(), jobs, done);
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (!children.fork_for(i)) continue;
        point_outcome outcome;
        try {
            outcome = run(points[i]);
        } catch (const std::exception& e) {
            outcome = {point_verdict::fault, std::string("error: ") + e.what()};
        }
        children.finish_in_child(outcome);
    }
    children.wait_all();
    return children.outcomes();
}

std::string run_in_child(const std::function<std::string()>& fn) {
    int fds[2];
    const pid_t pid = fork_with_pipe(fds);
    if (pid == 0) {
        ::close(fds[0]);
        std::string result;
        try {
            result = "1" + fn();
        } catch (const std::exception& e) {
            result = std::string("0") + e.what();
        }
        write_all(fds[1], result);
        ::_exit(0);
    }
    ::close(fds[1]);
    const std::string bytes = read_all(fds[0]);  // before waiting: the result may exceed a pipe's buffer
    ::close(fds[0]);
    int status = 0;
    wait_for(pid, status);
    if (bytes.empty()) throw std::runtime_error(how_it_died(status));
    if (bytes[0] != '1') throw std::runtime_error(bytes.substr(1));
    return bytes.substr(1);
}

// ---- progress ----

sweep_progress::sweep_progress(std::ostream& out, std::size_t total, bool on_terminal, host_seconds now)
    : m_out(out), m_total(total), m_on_terminal(on_terminal), m_now(std::move(now)), m_start(m_now()),
      m_next_line_s(m_start + line_interval_s) {}

double sweep_progress::steady_seconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::string sweep_progress::text(std::size_t done, const verdict_counts& counts) const {
    std::string line = "power_fail_sweep: " + std::to_string(done) + "/" + std::to_string(m_total) +
                       " points: " + counts_text(counts, false);
    if (done == 0 || done == m_total) return line;
    const double left = (m_now() - m_start) / static_cast<double>(done) * static_cast<double>(m_total - done);
    return line + ", about " + std::to_string(static_cast<long>(left + 0.5)) + " s left";
}

void sweep_progress::update(const verdict_counts& counts) {
    std::size_t done = 0;
    for (const auto& [verdict, n] : counts) done += n;
    const bool last = done == m_total;
    if (m_on_terminal) {
        m_out << "\r\033[K" << text(done, counts) << (last ? "\n" : "") << std::flush;
        return;
    }
    const double now = m_now();
    if (!last && done < m_next_line && now < m_next_line_s) return;
    m_next_line = done + std::max<std::size_t>(1, m_total / 10);
    m_next_line_s = now + line_interval_s;
    m_out << text(done, counts) << std::endl;
}

}  // namespace sim
