#include "sim/regression/suite.h"
#include "sim/common/fd_io.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>

#include "sim/report/report.h"
#include "sim/report/sweep_html.h"
#include "sim/scenario/runner.h"

namespace sim {
namespace {

namespace fs = std::filesystem;
using host_clock = std::chrono::steady_clock;

double seconds_since(host_clock::time_point start) {
    return std::chrono::duration<double>(host_clock::now() - start).count();
}

// The line on a terminal that says how far the suite is; nothing otherwise.
class progress {
public:
    progress(std::size_t total, bool on_terminal)
        : m_total(total), m_enabled(on_terminal && total > 1), m_start(host_clock::now()) {}

    void finished(const scenario_result& r) {
        ++m_done;
        if (r.exit_code == exit_fail) ++m_failed;
        if (r.exit_code != exit_pass && r.exit_code != exit_fail) ++m_errors;
    }

    // Before printing anything else: take the progress line away.
    void clear() {
        if (!m_shown) return;
        std::cout << "\r\033[K" << std::flush;
        m_shown = false;
    }

    void draw() {
        if (!m_enabled || m_done == m_total) return;
        std::cout << "\r\033[K[" << m_done << "/" << m_total << " done, " << m_failed << " failed, " << m_errors
                  << " errors";
        if (m_done > 0) {
            const double left = seconds_since(m_start) / static_cast<double>(m_done) *
                                static_cast<double>(m_total - m_done);
            std::cout << ", about " << static_cast<long>(left + 0.5) << " s left";
        }
        std::cout << "]" << std::flush;
        m_shown = true;
    }

private:
    std::size_t m_total, m_done = 0, m_failed = 0, m_errors = 0;
    bool m_enabled;
    bool m_shown = false;
    host_clock::time_point m_start;
};

// One scenario running in a child process.
struct child {
    std::size_t index;
    pid_t pid;
    int output_fd;  // the child's stdout: consoles and verdict
    int error_fd;   // its stderr: the simulator's diagnostics
    int result_fd;  // its scenario_result as JSON
    std::string output, errors, result;
    host_clock::time_point start;
};

// What a finished child printed, held until the scenarios before it on the
// command line have been printed.
struct printout {
    std::string output, errors;
};

class suite_runner {
public:
    suite_runner(const std::vector<scenario>& scenarios, const suite_options& options)
        : m_scenarios(scenarios), m_options(options), m_results(scenarios.size()), m_printouts(scenarios.size()),
          m_progress(scenarios.size(), isatty(STDOUT_FILENO) == 1) {}

    int run() {
        const host_clock::time_point start = host_clock::now();
        std::size_t next = 0;
        m_progress.draw();
        while (next < m_scenarios.size() || !m_running.empty()) {
            while (m_running.size() < std::max(1U, m_options.jobs) && next < m_scenarios.size()) {
                if (!launch(next++)) return exit_error;
            }
            wait_for_output();
            end_finished_children();
        }
        m_progress.clear();
        const double host_seconds = seconds_since(start);
        if (m_scenarios.size() > 1) print_summary(host_seconds);
        return write_reports(host_seconds);
    }

private:
    const scenario& scenario_of(const child& c) const { return m_scenarios[c.index]; }
    bool streaming() const { return m_options.jobs <= 1; }

    bool launch(std::size_t index) {
        int output[2], errors[2], result[2];
        if (pipe(output) != 0 || pipe(errors) != 0 || pipe(result) != 0) {
            std::cerr << "nrf53sim: pipe: " << std::strerror(errno) << "\n";
            return false;
        }
        std::cout.flush();
        std::cerr.flush();
        const pid_t pid = fork_tied_to_parent();
        if (pid < 0) {
            std::cerr << "nrf53sim: fork: " << std::strerror(errno) << "\n";
            return false;
        }
        if (pid == 0) {
            ::close(output[0]);
            ::close(errors[0]);
            ::close(result[0]);
            for (const child& other : m_running) {
                for (int fd : {other.output_fd, other.error_fd, other.result_fd})
                    if (fd >= 0) ::close(fd);
            }
            run_child(m_scenarios[index], m_options, output[1], errors[1], result[1]);
        }
        ::close(output[1]);
        ::close(errors[1]);
        ::close(result[1]);
        m_running.push_back({index, pid, output[0], errors[0], result[0], {}, {}, {}, host_clock::now()});
        return true;
    }

    [[noreturn]] static void run_child(const scenario& s, const suite_options& options, int output_fd,
                                       int error_fd, int result_fd) {
        ::dup2(output_fd, STDOUT_FILENO);
        ::dup2(error_fd, STDERR_FILENO);
        ::close(output_fd);
        ::close(error_fd);
        scenario_result r;
        r.name = s.name;
        r.file = s.file;
        try {
            r = run_scenario_result(s, std::cout, options.trace_file, options.vcd_file);
        } catch (const std::exception& e) {
            r.message = std::string("simulator error: ") + e.what();
            std::cout << "ERROR " << s.name << ": " << r.message << std::endl;
        }
        std::cout.flush();
        std::cerr.flush();
        write_all(result_fd, to_json(r).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
        ::close(result_fd);
        std::_Exit(r.exit_code);
    }

    // Reads whatever the children wrote, waiting at most a few milliseconds
    // (so host timeouts are noticed).
    void wait_for_output() {
        std::vector<pollfd> fds;
        for (const child& c : m_running) {
            for (int fd : {c.output_fd, c.error_fd, c.result_fd})
                if (fd >= 0) fds.push_back({fd, POLLIN, 0});
        }
        if (fds.empty() || ::poll(fds.data(), fds.size(), 20) <= 0) return;
        for (const pollfd& p : fds) {
            if (p.revents == 0) continue;
            for (child& c : m_running) {
                if (p.fd == c.output_fd) relay(c.output_fd, c.output, std::cout);
                else if (p.fd == c.error_fd) relay(c.error_fd, c.errors, std::cerr);
                else if (p.fd == c.result_fd) read_from(c.result_fd, c.result);
            }
        }
    }

    // Reads a child's stdout or stderr; one scenario at a time passes it on
    // as it comes, to the same stream.
    void relay(int& fd, std::string& kept, std::ostream& to) {
        const std::size_t before = kept.size();
        read_from(fd, kept);
        if (streaming() && kept.size() > before) {
            m_progress.clear();
            to.write(kept.data() + before, static_cast<std::streamsize>(kept.size() - before));
            to.flush();
        }
    }

    // Appends what is there to `into`; closes the descriptor at its end.
    static void read_from(int& fd, std::string& into) {
        char buffer[65536];
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n > 0) {
            into.append(buffer, static_cast<std::size_t>(n));
        } else if (n == 0 || errno != EINTR) {
            ::close(fd);
            fd = -1;
        }
    }

    void end_finished_children() {
        for (std::size_t i = 0; i < m_running.size();) {
            child& c = m_running[i];
            // A debugger may hold the SoC for as long as its user likes: a
            // run with gdb servers has no host timeout (docs/debugging.md).
            const scenario_options& options = scenario_of(c).options;
            const bool timed_out =
                !options.gdb.enabled && options.timeout && host_clock::now() - c.start >= *options.timeout;
            if (c.output_fd < 0 && c.error_fd < 0 && c.result_fd < 0) {
                int status = 0;
                ::waitpid(c.pid, &status, 0);
                finish(c, died_of(c, status));
            } else if (timed_out) {
                ::kill(c.pid, SIGKILL);
                int status = 0;
                ::waitpid(c.pid, &status, 0);
                for (int fd : {c.output_fd, c.error_fd, c.result_fd})
                    if (fd >= 0) ::close(fd);
                finish(c, "host timeout of " + std::to_string(options.timeout->count()) + " ms exceeded");
            } else {
                ++i;
                continue;
            }
            m_running.erase(m_running.begin() + static_cast<std::ptrdiff_t>(i));
        }
    }

    // Why a child that closed its pipes gave no result; empty if it did.
    static std::string died_of(const child& c, int status) {
        if (!c.result.empty()) return {};
        if (WIFSIGNALED(status)) return "the simulator died (signal " + std::to_string(WTERMSIG(status)) + ")";
        return "the simulator exited with " + std::to_string(WEXITSTATUS(status)) + " without a result";
    }

    // Records the child's result, or an error result saying why there is none.
    void finish(child& c, const std::string& error) {
        scenario_result r;
        if (error.empty()) {
            try {
                r = result_from_json(nlohmann::json::parse(c.result));
            } catch (const nlohmann::json::exception& e) {
                r = error_result(c, std::string("unreadable result from the child: ") + e.what());
            }
        } else {
            r = error_result(c, error);
            c.output += "ERROR " + r.name + ": " + error + "\n";
            if (streaming()) std::cout << "ERROR " << r.name << ": " << error << std::endl;
        }
        m_progress.clear();
        if (!streaming()) {
            m_printouts[c.index] = printout{std::move(c.output), std::move(c.errors)};
            print_in_order();
        }
        m_progress.finished(r);
        m_progress.draw();
        m_results[c.index] = std::move(r);
    }

    // Several at once finish in any order; they are printed in the order of
    // the command line, so that two runs print the same.
    void print_in_order() {
        for (; m_next_printed < m_printouts.size() && m_printouts[m_next_printed]; ++m_next_printed) {
            std::cerr << m_printouts[m_next_printed]->errors << std::flush;
            std::cout << m_printouts[m_next_printed]->output << std::flush;
            m_printouts[m_next_printed].reset();
        }
    }

    // A child that gave no result (killed at the host timeout, crashed)
    // still printed its consoles' lines: "[app] text".
    static std::vector<console_tail> consoles_in(const std::string& output) {
        std::map<std::string, std::string> printed;
        std::istringstream lines(output);
        for (std::string line; std::getline(lines, line);) {
            const std::size_t end = line.find("] ");
            if (line.empty() || line[0] != '[' || end == std::string::npos) continue;
            printed[line.substr(1, end - 1)] += line.substr(end + 2) + "\n";
        }
        std::vector<console_tail> tails;
        for (const auto& [name, text] : printed) tails.push_back(make_console_tail(name, text));
        return tails;
    }

    scenario_result error_result(const child& c, const std::string& message) const {
        scenario_result r;
        r.consoles = consoles_in(c.output);
        r.name = scenario_of(c).name;
        r.file = scenario_of(c).file;
        r.exit_code = exit_error;
        r.message = message;
        r.host_seconds = seconds_since(c.start);
        return r;
    }

    void print_summary(double host_seconds) const {
        std::size_t passed = 0, skipped = 0, failed = 0;
        for (const scenario_result& r : m_results) {
            if (r.skipped) ++skipped;
            else if (r.exit_code == exit_pass) ++passed;
            else if (r.exit_code == exit_fail) ++failed;
        }
        for (const scenario_result& r : m_results)
            if (r.exit_code != exit_pass)
                std::cout << "not passed: " << verdict(r) << " " << r.name << " (" << r.file << "): " << r.message
                          << "\n";
        std::cout << m_results.size() << " scenarios: " << passed << " passed, " << skipped << " skipped, " << failed
                  << " failed, " << m_results.size() - passed - skipped - failed << " errors (host " << std::fixed
                  << std::setprecision(2) << host_seconds << " s)" << std::endl;
    }

    int write_reports(double host_seconds) const {
        int worst = exit_pass;
        for (const scenario_result& r : m_results) worst = std::max(worst, r.exit_code);
        try {
            if (!m_options.junit_file.empty()) write_file(m_options.junit_file, junit_xml(m_results, host_seconds));
            if (!m_options.json_file.empty()) write_file(m_options.json_file, results_json(m_results, host_seconds));
            if (!m_options.report_file.empty()) write_file(m_options.report_file, html_report(m_results));
        } catch (const std::exception& e) {
            std::cerr << "nrf53sim: " << e.what() << "\n";
            return exit_error;
        }
        return worst;
    }

    const std::vector<scenario>& m_scenarios;
    const suite_options& m_options;
    std::vector<scenario_result> m_results;  // in the scenarios' order
    std::vector<std::optional<printout>> m_printouts;  // finished, not yet printed
    std::size_t m_next_printed = 0;
    std::vector<child> m_running;
    progress m_progress;
};

void add_scenarios_under(const fs::path& directory, std::vector<std::string>& files) {
    std::vector<std::string> found;
    for (const fs::directory_entry& entry : fs::recursive_directory_iterator(directory)) {
        if (entry.is_regular_file() && entry.path().extension() == ".yaml") found.push_back(entry.path().string());
    }
    if (found.empty()) throw input_error(directory.string(), 0, 0, "no scenario (*.yaml) in this directory");
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
}

}  // namespace

std::optional<shard_spec> parse_shard(const std::string& text) {
    const std::size_t slash = text.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == text.size()) return std::nullopt;
    const std::string index = text.substr(0, slash), count = text.substr(slash + 1);
    auto all_digits = [](const std::string& s) {
        return s.size() <= 6 && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
    };
    if (!all_digits(index) || !all_digits(count)) return std::nullopt;
    shard_spec shard{static_cast<unsigned>(std::stoul(index)), static_cast<unsigned>(std::stoul(count))};
    if (shard.index < 1 || shard.index > shard.count) return std::nullopt;
    return shard;
}

std::vector<std::string> expand_scenario_paths(const std::vector<std::string>& paths) {
    std::vector<std::string> files;
    for (const std::string& path : paths) {
        std::error_code error;
        if (fs::is_directory(path, error)) {
            add_scenarios_under(path, files);
        } else if (fs::exists(path, error)) {
            files.push_back(path);
        } else {
            throw input_error(path, 0, 0, "no such scenario file or directory");
        }
    }
    return files;
}

namespace {

bool has_sweep(const scenario& s) {
    return std::any_of(s.steps.begin(), s.steps.end(),
                       [](const step& st) { return std::holds_alternative<power_fail_sweep_step>(st.action); });
}

}  // namespace

std::vector<scenario> select_shard(std::vector<scenario> scenarios, shard_spec shard) {
    std::vector<scenario> selected;
    std::size_t position = 0;
    for (scenario& s : scenarios) {
        if (has_sweep(s)) {
            s.options.sweep_shard_index = shard.index;
            s.options.sweep_shard_count = shard.count;
            selected.push_back(std::move(s));
        } else if (position++ % shard.count == shard.index - 1) {
            selected.push_back(std::move(s));
        }
    }
    return selected;
}

int run_suite(const std::vector<scenario>& scenarios, const suite_options& options) {
    suite_runner runner(scenarios, options);
    return runner.run();
}

}  // namespace sim
