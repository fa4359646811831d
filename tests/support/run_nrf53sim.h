// Runs the built nrf53sim (NRF53SIM_EXE) with shell-quoted arguments and
// returns its exit code and everything it printed (stdout and stderr).
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace test {

struct outcome {
    int exit_code;
    std::string output;
};

inline outcome run_nrf53sim(const std::string& args) {
    const std::string command = "SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1 " NRF53SIM_EXE " " + args + " 2>&1";
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) return {-1, "popen failed"};
    std::string output;
    std::array<char, 4096> buffer;
    std::size_t n;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) output.append(buffer.data(), n);
    const int status = ::pclose(pipe);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

} // namespace test
