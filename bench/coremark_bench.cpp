// CoreMark/MHz in simulated time: runs `nrf53sim run` on the CoreMark
// fixtures (EEMBC CoreMark, GCC -O2, outside the repository: see
// scenarios/coremark/ and bench/coremark_*.yaml) and prints the score each run reports: the
// application core at 128 MHz with its CACHE on (as the image sets it up)
// and off, at 64 MHz, and the network core at 64 MHz. The score is
// iterations per million core cycles, so it reads the same whatever clock
// the image believes it runs at, except when the run outlasts DWT CYCCNT
// (2^32 cycles: 33.6 s at 128 MHz, as with the cache off): then it is
// worked out from the iterations and the simulated time of the run.
// docs/timing.md explains the figures.
#include <cstdio>
#include <regex>
#include <string>

namespace {

// The score of the run, or a negative number (its output on stderr).
double coremark_per_mhz(const std::string& scenario, double mhz) {
    const std::string command =
        std::string(NRF53SIM) + " run " + SOURCE_DIR "/" + scenario + " --set build=" + BUILD_DIR + " 2>&1";
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) return -1;
    const std::regex score(R"(CoreMark/MHz: ([0-9.]+))"), iterations_line(R"(Iterations +: ([0-9]+))"),
        verdict(R"(PASS [^ ]+ \(simulated ([0-9.]+) s)");
    double iterations = 0, simulated_s = 0;
    std::string output;
    std::smatch match;
    double result = -1;
    char buffer[4096];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) {
        const std::string line(buffer);
        output += line;
        if (std::regex_search(line, match, score)) result = std::stod(match[1]);
        if (std::regex_search(line, match, iterations_line)) iterations = std::stod(match[1]);
        if (std::regex_search(line, match, verdict)) simulated_s = std::stod(match[1]);
        if (line.rfind("SKIP ", 0) == 0) result = -2;
    }
    ::pclose(pipe);
    const double cyccnt_wrap_s = 4294967296.0 / (mhz * 1e6);
    if (result >= 0 && simulated_s > cyccnt_wrap_s && iterations > 0) result = iterations / simulated_s / mhz;
    if (result == -1) std::fprintf(stderr, "coremark_bench: %s printed no score:\n%s", scenario.c_str(), output.c_str());
    return result;
}

} // namespace

int main() {
    const struct { const char* figure; const char* scenario; double mhz; } runs[] = {
        {"coremark.app_128mhz_cache_on", "scenarios/coremark/app.yaml", 128},
        {"coremark.app_128mhz_cache_off", "bench/coremark_app_cache_off.yaml", 128},
        {"coremark.app_64mhz_cache_on", "bench/coremark_app_64mhz.yaml", 64},
        {"coremark.net_64mhz_cache_on", "scenarios/coremark/net.yaml", 64},
    };
    for (const auto& run : runs) {
        const double score = coremark_per_mhz(run.scenario, run.mhz);
        if (score == -2) std::printf("%s: skipped (no CoreMark fixtures)\n", run.figure);
        else if (score >= 0) std::printf("%s: %.2f CoreMark/MHz\n", run.figure, score);
    }
    return 0;
}
