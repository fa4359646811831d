// Power-fail sweep speed: runs `nrf53sim run bench/sweep_bench.yaml` (20
// seeded cuts over the whole dual-core DFU of the demo images), forking at
// each fault and then re-simulating each point (the way sweeps ran
// before), and times its output lines. The sweep's own time runs from the line giving the
// span's operation count (the span was just run once uncut to count them)
// to the summary line; the full exhaustive sweep has one point per
// operation. With --full-sweep it also runs that full sweep
// (bench/sweep_full.yaml) and prints its measured figures.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <regex>
#include <string>

namespace {

using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point start) {
    return std::chrono::duration<double>(clock_type::now() - start).count();
}

struct sweep_figures {
    unsigned long long operations = 0, points = 0, failed = 0;
    double sweep_s = 0, total_s = 0;
};

// Runs nrf53sim on the scenario; false (with its output on stderr) when no sweep ran.
bool run_sweep(const std::string& scenario, const std::string& method, sweep_figures& figures) {
    const std::string command = std::string(NRF53SIM) + " run " + SOURCE_DIR "/bench/" + scenario +
                                " --set build=" + BUILD_DIR + " --set method=" + method + " 2>&1";
    const auto start = clock_type::now();
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) {
        std::fprintf(stderr, "sweep_bench: cannot run %s\n", command.c_str());
        return false;
    }
    const std::regex count_line(R"(power_fail_sweep: ([0-9]+) flash operations in the span)");
    const std::regex summary_line(R"(power_fail_sweep: ([0-9]+) points: ([0-9]+) recovered)");
    std::string output;
    std::smatch match;
    double sweep_start_s = -1, sweep_end_s = -1;
    char buffer[4096];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) {
        const std::string line(buffer);
        if (output.size() < 64 * 1024) output += line;
        if (std::regex_search(line, match, count_line)) {
            figures.operations = std::stoull(match[1]);
            sweep_start_s = seconds_since(start);
        } else if (std::regex_search(line, match, summary_line)) {
            figures.points = std::stoull(match[1]);
            figures.failed = figures.points - std::stoull(match[2]);
            sweep_end_s = seconds_since(start);
        }
    }
    const int status = ::pclose(pipe);
    figures.total_s = seconds_since(start);
    if (sweep_start_s < 0 || sweep_end_s < 0 || figures.points == 0) {
        std::fprintf(stderr, "sweep_bench: %s: no sweep ran (status %d):\n%s", scenario.c_str(), status,
                     output.c_str());
        return false;
    }
    figures.sweep_s = sweep_end_s - sweep_start_s;
    // A point that does not recover is a finding, not a broken benchmark:
    // its lines (with what the cores printed and the replay command) go to
    // stderr and the figures stand.
    if (figures.failed != 0) {
        const std::regex failure_lines(R"(power_fail_sweep: point [^\n]*\n(    [^\n]*\n)*  replay: [^\n]*)");
        for (std::sregex_iterator it(output.begin(), output.end(), failure_lines), end; it != end; ++it)
            std::fprintf(stderr, "sweep_bench: %s\n", it->str().c_str());
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    const bool full = argc > 1 && std::strcmp(argv[1], "--full-sweep") == 0;
    sweep_figures sampled, resimulated;
    if (!run_sweep("sweep_bench.yaml", "fork_at_fault", sampled)) return 1;
    if (!run_sweep("sweep_bench.yaml", "resimulate", resimulated)) return 1;
    const double points_per_s = static_cast<double>(sampled.points) / sampled.sweep_s;
    const double resimulated_per_s = static_cast<double>(resimulated.points) / resimulated.sweep_s;
    std::printf("sweep.points: %llu points\n", sampled.points);
    std::printf("sweep.failed_points: %llu points\n", sampled.failed);
    std::printf("sweep.span_operations: %llu operations\n", sampled.operations);
    std::printf("sweep.points_per_s: %.2f points/s\n", points_per_s);
    std::printf("sweep.resimulated_points_per_s: %.2f points/s (method: resimulate, as sweeps ran before)\n",
                resimulated_per_s);
    std::printf("sweep.speedup: %.2fx\n", points_per_s / resimulated_per_s);
    std::printf("sweep.total_s: %.1f s\n", sampled.total_s);
    std::printf("sweep.full_estimate_s: %.0f s\n", static_cast<double>(sampled.operations) / points_per_s);
    if (!full) return 0;
    sweep_figures all;
    if (!run_sweep("sweep_full.yaml", "fork_at_fault", all)) return 1;
    std::printf("sweep.full_points: %llu points\n", all.points);
    std::printf("sweep.full_failed_points: %llu points\n", all.failed);
    std::printf("sweep.full_points_per_s: %.2f points/s\n", static_cast<double>(all.points) / all.sweep_s);
    std::printf("sweep.full_s: %.0f s\n", all.total_s);
    return 0;
}
