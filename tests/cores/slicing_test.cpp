// Slicing a core into instruction budgets must not change what it does:
// the torture program (memset/memcpy, LDM/STM, IT blocks, side-effecting
// MMIO reads, logged MMIO writes, recursion, tight loops) ends with the
// same registers, RAM and MMIO log for every slice budget from 1 to 64
// cycles as in one uninterrupted run. Each run is its own process (a
// SystemC kernel elaborates once), forked from the test.
#include <sys/wait.h>
#include <unistd.h>

#include <sstream>

#include "tests/cores/core_rig.h"

using namespace test;

namespace {

std::string outcome_of(core_rig& rig) {
    std::ostringstream out;
    out << std::hex << "exit " << (rig.device.exit_code ? *rig.device.exit_code : 0xDEAD) << "\n";
    for (int r = UC_ARM_REG_R0; r <= UC_ARM_REG_R12; ++r) out << rig.core.read_register(r) << " ";
    out << "\nsp " << rig.core.read_register(UC_ARM_REG_SP) << " lr " << rig.core.read_register(UC_ARM_REG_LR)
        << " pc " << rig.core.read_register(UC_ARM_REG_PC) << " xpsr " << rig.core.read_register(UC_ARM_REG_XPSR)
        << "\ninstructions " << std::dec << rig.core.instructions() << "\n";
    std::uint64_t fnv = 1469598103934665603ull;
    for (std::uint64_t i = 0; i < rig.shared_ram->size(); ++i) fnv = (fnv ^ rig.shared_ram->data()[i]) * 1099511628211ull;
    out << "ram " << std::hex << fnv << "\n";
    for (const mmio_access& a : rig.device.log) out << (a.write ? 'W' : 'R') << a.offset << "=" << a.value << " ";
    return out.str();
}

// Runs the torture program in a child process and returns its outcome.
std::string torture_run(std::uint64_t slice_limit) {
    int fds[2];
    if (pipe(fds) != 0) return "pipe failed";
    const pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        armv8m::core_config config = core_rig::app_config();
        config.slice_limit = slice_limit;
        core_rig rig("app", config);
        rig.load("core_torture");
        sc_core::sc_start(sc_core::sc_time(100, sc_core::SC_MS));
        const std::string text = outcome_of(rig);
        if (write(fds[1], text.data(), text.size()) < 0) _exit(2);
        _exit(0);
    }
    close(fds[1]);
    std::string text;
    char buffer[4096];
    for (ssize_t n; (n = read(fds[0], buffer, sizeof buffer)) > 0;) text.append(buffer, n);
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    return text;
}

} // namespace

TEST(slicing, every_budget_from_1_to_64_gives_the_uninterrupted_result) {
    const std::string reference = torture_run(0);
    ASSERT_NE(reference.find("exit 0\n"), std::string::npos) << reference;
    ASSERT_GT(reference.size(), 200u);  // registers, RAM hash and the MMIO log are there
    for (std::uint64_t budget = 1; budget <= 64; ++budget)
        ASSERT_EQ(torture_run(budget), reference) << "slice budget " << budget;
}
