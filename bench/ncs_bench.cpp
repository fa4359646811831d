// The real nRF Connect SDK update (../shared/fixtures, NRF53SIM_FIXTURES
// overrides): runs scenarios/ncs/simultaneous-update.yaml and prints, per
// phase and in total, its simulated time, the host time and how many times
// faster than the silicon it simulates the run is; then a seeded sample of
// the power-fail sweep over that update (tests/sweep/ncs-net-update-sweep.yaml)
// and the exhaustive sweep's estimate. --ncs-full-sweep runs the exhaustive
// sweep too. Without the fixtures it says so and prints nothing else.
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <regex>
#include <string>

namespace {

using clock_type = std::chrono::steady_clock;

std::string fixtures_dir() {
    if (const char* dir = std::getenv("NRF53SIM_FIXTURES")) return dir;
    return SOURCE_DIR "/../shared/fixtures";
}

// nrf53sim's output (bounded) and the host seconds it took.
std::string run(const std::string& args, double& host_s) {
    const std::string command = std::string(NRF53SIM) + " run " + args + " --set build=" BUILD_DIR +
                                " --set fixtures=" + fixtures_dir() + " 2>&1";
    const auto start = clock_type::now();
    std::string output;
    if (FILE* pipe = ::popen(command.c_str(), "r")) {
        char buffer[4096];
        while (std::fgets(buffer, sizeof buffer, pipe) != nullptr)
            if (output.size() < 256 * 1024) output += buffer;
        ::pclose(pipe);
    }
    host_s = std::chrono::duration<double>(clock_type::now() - start).count();
    return output;
}

std::string slug(std::string name) {
    for (char& c : name) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    return name;
}

bool update_figures() {
    double process_s = 0;
    const std::string out = run(SOURCE_DIR "/scenarios/ncs/simultaneous-update.yaml", process_s);
    const std::regex phase(R"(phase ([^:\n]+): ([0-9.]+) s \(host ([0-9.]+) s\))");
    const std::regex pass(R"(PASS ncs-simultaneous-update \(simulated ([0-9.]+) s, host ([0-9.]+) s\))");
    std::smatch m;
    if (!std::regex_search(out, m, pass)) {
        std::fprintf(stderr, "ncs_bench: the update did not pass:\n%s", out.c_str());
        return false;
    }
    const double simulated = std::stod(m[1]), host = std::stod(m[2]);
    for (std::sregex_iterator it(out.begin(), out.end(), phase), end; it != end; ++it) {
        const std::string name = slug((*it)[1]);
        const double sim_s = std::stod((*it)[2]), host_s = std::stod((*it)[3]);
        std::printf("ncs.phase.%s.simulated_s: %.6f s\n", name.c_str(), sim_s);
        std::printf("ncs.phase.%s.host_s: %.2f s\n", name.c_str(), host_s);
        if (host_s > 0) std::printf("ncs.phase.%s.speed: %.1f x silicon\n", name.c_str(), sim_s / host_s);
    }
    std::printf("ncs.update.simulated_s: %.6f s\n", simulated);
    std::printf("ncs.update.host_s: %.2f s\n", host);
    std::printf("ncs.update.speed: %.1f x silicon\n", simulated / host);
    return true;
}

// The sweep's points and how long they took, from its output lines.
bool sweep_figures(const std::string& sets, const char* prefix, unsigned long long& operations) {
    double host_s = 0;
    const std::string out = run(SOURCE_DIR "/tests/sweep/ncs-net-update-sweep.yaml " + sets, host_s);
    std::smatch m;
    const std::regex count(R"(power_fail_sweep: ([0-9]+) flash operations in the span)");
    const std::regex summary(R"(power_fail_sweep: ([0-9]+) points: ([0-9]+) recovered)");
    if (!std::regex_search(out, m, count)) {
        std::fprintf(stderr, "ncs_bench: no sweep ran:\n%s", out.c_str());
        return false;
    }
    operations = std::stoull(m[1]);
    if (!std::regex_search(out, m, summary)) {
        std::fprintf(stderr, "ncs_bench: the sweep did not finish:\n%s", out.c_str());
        return false;
    }
    const double points = std::stod(m[1]);
    std::printf("%s.points: %s points\n", prefix, m[1].str().c_str());
    std::printf("%s.failed_points: %.0f points\n", prefix, points - std::stod(m[2]));
    std::printf("%s.host_s: %.1f s\n", prefix, host_s);
    std::printf("%s.points_per_s: %.2f points/s\n", prefix, points / host_s);
    if (std::string(prefix) == "ncs.sweep")
        std::printf("ncs.sweep.full_estimate_s: %.0f s (%llu points)\n",
                    static_cast<double>(operations) * host_s / points, operations);
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    if (!std::filesystem::exists(fixtures_dir() + "/ncs-smp-svr/v1")) {
        std::printf("ncs: skipped (no fixtures in %s)\n", fixtures_dir().c_str());
        return 0;
    }
    if (!update_figures()) return 1;
    unsigned long long operations = 0;
    if (!sweep_figures("--set cuts=1 --set runs=20 --set seed=101", "ncs.sweep", operations)) return 1;
    const bool full = argc > 1 && std::strcmp(argv[1], "--ncs-full-sweep") == 0;
    if (full && !sweep_figures("--set cuts=0", "ncs.full_sweep", operations)) return 1;
    return 0;
}
