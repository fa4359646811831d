// CoreMark/MHz in simulated time: runs `nrf53sim run` on the CoreMark
// fixtures (EEMBC CoreMark, GCC -O2, outside the repository: see
// scenarios/coremark/ and bench/coremark_*.yaml) and prints the score each run reports: the
// application core at 128 MHz with its CACHE on (as the image sets it up)
// and off, at 64 MHz, and the network core at 64 MHz. The score is
// iterations per million core cycles, so it reads the same whatever clock
// the image believes it runs at. docs/timing.md explains the figures.
#include <cstdio>
#include <regex>
#include <string>

namespace {

// The score the run printed, or a negative number (its output on stderr).
double coremark_per_mhz(const std::string& scenario) {
    const std::string command =
        std::string(NRF53SIM) + " run " + SOURCE_DIR "/" + scenario + " --set build=" + BUILD_DIR + " 2>&1";
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) return -1;
    const std::regex score(R"(CoreMark/MHz: ([0-9.]+))");
    std::string output;
    std::smatch match;
    double result = -1;
    char buffer[4096];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) {
        const std::string line(buffer);
        output += line;
        if (std::regex_search(line, match, score)) result = std::stod(match[1]);
        if (line.rfind("SKIP ", 0) == 0) result = -2;
    }
    ::pclose(pipe);
    if (result == -1) std::fprintf(stderr, "coremark_bench: %s printed no score:\n%s", scenario.c_str(), output.c_str());
    return result;
}

} // namespace

int main() {
    const struct { const char* figure; const char* scenario; } runs[] = {
        {"coremark.app_128mhz_cache_on", "scenarios/coremark/app.yaml"},
        {"coremark.app_128mhz_cache_off", "bench/coremark_app_cache_off.yaml"},
        {"coremark.app_64mhz_cache_on", "bench/coremark_app_64mhz.yaml"},
        {"coremark.net_64mhz_cache_on", "scenarios/coremark/net.yaml"},
    };
    for (const auto& run : runs) {
        const double score = coremark_per_mhz(run.scenario);
        if (score == -2) std::printf("%s: skipped (no CoreMark fixtures)\n", run.figure);
        else if (score >= 0) std::printf("%s: %.2f CoreMark/MHz\n", run.figure, score);
    }
    return 0;
}
