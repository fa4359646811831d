// Power-fail sweep speed: runs `nrf53sim run bench/sweep_bench.yaml` (20
// seeded cuts over the whole dual-core DFU) and times its output lines.
// The sweep's own time runs from the line giving the span's operation
// count (the span was just run once uncut to count them) to the summary
// line; the full exhaustive sweep has one point per operation.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <regex>
#include <string>

namespace {

using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point start) {
    return std::chrono::duration<double>(clock_type::now() - start).count();
}

}  // namespace

int main() {
    const std::string command = std::string(NRF53SIM) + " run " + SOURCE_DIR "/bench/sweep_bench.yaml --set build=" +
                                BUILD_DIR + " 2>&1";
    const auto start = clock_type::now();
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) {
        std::fprintf(stderr, "sweep_bench: cannot run %s\n", command.c_str());
        return 1;
    }
    const std::regex count_line(R"(power_fail_sweep: ([0-9]+) flash operations in the span)");
    const std::regex summary_line(R"(power_fail_sweep: ([0-9]+) points, ([0-9]+) failed)");
    std::string output;
    std::smatch match;
    double sweep_start_s = -1, sweep_end_s = -1;
    unsigned long long operations = 0, points = 0, failed = 0;
    char buffer[4096];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) {
        const std::string line(buffer);
        if (output.size() < 64 * 1024) output += line;
        if (std::regex_search(line, match, count_line)) {
            operations = std::stoull(match[1]);
            sweep_start_s = seconds_since(start);
        } else if (std::regex_search(line, match, summary_line)) {
            points = std::stoull(match[1]);
            failed = std::stoull(match[2]);
            sweep_end_s = seconds_since(start);
        }
    }
    const int status = ::pclose(pipe);
    const double total_s = seconds_since(start);
    if (sweep_start_s < 0 || sweep_end_s < 0 || points == 0) {
        std::fprintf(stderr, "sweep_bench: no sweep ran (status %d):\n%s", status, output.c_str());
        return 1;
    }
    // A point that does not recover is a finding, not a broken benchmark:
    // its lines (with the replay command) go to stderr and the figures stand.
    if (failed != 0) {
        const std::regex failure_lines(R"(power_fail_sweep: point [^\n]*\n  replay: [^\n]*)");
        for (std::sregex_iterator it(output.begin(), output.end(), failure_lines), end; it != end; ++it)
            std::fprintf(stderr, "sweep_bench: %s\n", it->str().c_str());
    }
    const double points_per_s = static_cast<double>(points) / (sweep_end_s - sweep_start_s);
    std::printf("sweep.points: %llu points\n", points);
    std::printf("sweep.failed_points: %llu points\n", failed);
    std::printf("sweep.span_operations: %llu operations\n", operations);
    std::printf("sweep.points_per_s: %.2f points/s\n", points_per_s);
    std::printf("sweep.total_s: %.1f s\n", total_s);
    std::printf("sweep.full_estimate_s: %.0f s\n", static_cast<double>(operations) / points_per_s);
    return 0;
}
