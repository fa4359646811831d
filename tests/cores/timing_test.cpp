// Time: two cores in one SystemC simulation, each at its own clock, run
// concurrently; simulated time follows instructions x CPI / frequency, and
// they communicate through one shared RAM buffer. A forked simulation
// continues exactly as its parent (the basis of power-fail sweeps).
#include <sys/wait.h>
#include <unistd.h>

#include "tests/cores/core_rig.h"

using namespace test;
using sc_core::sc_time;

namespace {

// cycles.S: 100000 iterations of subs (1) + taken bne (2).
constexpr double loop_cycles = 100000 * 3;

struct two_cores {
    std::shared_ptr<models::memory> ram = std::make_shared<models::memory>("app.ram", 0x80000);
    core_rig app, net;
    two_cores(std::uint64_t app_hz, const char* app_prog, const char* net_prog)
        : app("app", with_clock(core_rig::app_config(), app_hz), ram),
          net("net", core_rig::net_config(), ram) {
        app.device.stop_on_done = net.device.stop_on_done = false;
        app.load(app_prog);
        net.load(net_prog);
    }
    static armv8m::core_config with_clock(armv8m::core_config c, std::uint64_t hz) {
        c.clock_hz = hz;
        return c;
    }
};

armv8m::core_config with_clock_128(armv8m::core_config c) {
    c.clock_hz = 128'000'000;
    return c;
}

} // namespace

TEST(timing, each_core_keeps_its_own_clock_and_time_is_cycles_over_frequency) {
    two_cores soc(128'000'000, "core_cycles", "core_cycles_net");
    sc_core::sc_start(sc_time(20, sc_core::SC_MS));
    ASSERT_EQ(soc.app.device.exit_code, 0u);
    ASSERT_EQ(soc.net.device.exit_code, 0u);
    // The start-up code adds a few hundred cycles to the loop's 300000.
    const double app_s = soc.app.device.exit_time.to_seconds();
    const double net_s = soc.net.device.exit_time.to_seconds();
    EXPECT_NEAR(app_s, loop_cycles / 128e6, 0.01 * loop_cycles / 128e6);
    EXPECT_NEAR(net_s, loop_cycles / 64e6, 0.01 * loop_cycles / 64e6);
    EXPECT_NEAR(net_s / app_s, 2.0, 0.01);
    // The same cycle count on both cores, whatever their clock.
    EXPECT_NEAR(double(soc.app.device.exit_cycles), loop_cycles, 0.01 * loop_cycles);
    EXPECT_NEAR(double(soc.net.device.exit_cycles), double(soc.app.device.exit_cycles), 500);  // start-up differs (FPU enable)
}

TEST(timing, cores_communicate_through_shared_ram) {
    two_cores soc(128'000'000, "core_dual_ping", "core_dual_pong");
    sc_core::sc_start(sc_time(50, sc_core::SC_MS));
    ASSERT_EQ(soc.app.device.exit_code, 0u);
    ASSERT_EQ(soc.net.device.exit_code, 0u);
    EXPECT_EQ(soc.app.result(0), 50u);
    EXPECT_EQ(soc.net.result(0), 50u);
}

TEST(timing, a_forked_simulation_continues_identically_to_its_parent) {
    two_cores soc(64'000'000, "core_dual_ping", "core_dual_pong");
    sc_core::sc_start(sc_time(300, sc_core::SC_US));  // mid-way through the ping-pong
    ASSERT_FALSE(soc.app.device.exit_code.has_value());
    auto finish = [&] {
        sc_core::sc_start(sc_time(50, sc_core::SC_MS));
        std::ostringstream out;
        out << soc.app.device.exit_time.value() << " " << soc.net.device.exit_time.value() << " "
            << soc.app.core.instructions() << " " << soc.net.core.instructions() << " "
            << soc.app.device.log.size() << " " << soc.net.device.log.size() << " "
            << soc.app.core.read_register(UC_ARM_REG_PC) << " " << soc.net.core.read_register(UC_ARM_REG_R0);
        return out.str();
    };
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    const pid_t pid = fork();
    if (pid == 0) {
        const std::string child = finish();
        if (write(fds[1], child.data(), child.size()) < 0) _exit(2);
        _exit(0);
    }
    close(fds[1]);
    const std::string parent = finish();
    std::string child;
    char buffer[512];
    for (ssize_t n; (n = read(fds[0], buffer, sizeof buffer)) > 0;) child.append(buffer, n);
    int status = 0;
    waitpid(pid, &status, 0);
    EXPECT_EQ(soc.app.device.exit_code, 0u);
    EXPECT_EQ(child, parent);
}

TEST(timing, a_busy_wait_on_the_cycle_counter_is_skipped_ahead) {
    core_rig rig("app", core_rig::app_config());
    rig.load("core_busy_wait");
    sc_core::sc_start(sc_time(10, sc_core::SC_MS));
    ASSERT_EQ(rig.device.exit_code, 0u);
    const auto& log = rig.device.log;
    ASSERT_GE(log.size(), 2u);  // the two time marks
    const double waited_s = (log[1].time - log[0].time).to_seconds();
    EXPECT_NEAR(waited_s, 1e-3, 3e-6);  // 64000 cycles at 64 MHz, at most ~1 us late
    // Polling every ~6 cycles would take over 40000 instructions; skipping
    // ahead needs a small fraction of that.
    EXPECT_LT(rig.device.exit_instructions, 8000u);
}

// With run-ahead (as the SoC configures its cores), a core that computes
// alone runs to the next thing due in the system in one slice, and the
// SysTick interrupt due then is taken at its cycle; within a quantum, it
// was taken at the end of the quantum it fell in.
TEST(timing, a_core_computing_alone_runs_ahead_and_takes_systick_on_its_cycle) {
    armv8m::core_config config = core_rig::app_config();
    config.run_ahead = sc_time(1, sc_core::SC_MS);
    core_rig rig("app", config);
    rig.load("core_systick_compute");
    sc_core::sc_start(sc_time(20, sc_core::SC_MS));
    ASSERT_EQ(rig.device.exit_code, 0u);
    for (unsigned i = 1; i < 8; ++i) {
        const std::uint32_t interval = rig.result(i) - rig.result(i - 1);
        EXPECT_GE(interval, 20000u - 8) << "tick " << i;
        EXPECT_LE(interval, 20000u + 8) << "tick " << i;
    }
}

TEST(timing, a_loop_polling_a_device_register_is_skipped_ahead_but_a_loop_that_stores_is_not) {
    core_rig rig("app", core_rig::app_config());
    rig.load("core_poll");
    rig.device.stop_on_done = false;
    sc_core::sc_start(sc_time(1, sc_core::SC_MS));
    rig.device.results[8] = 1;  // what the first loop waits for
    sc_core::sc_start(sc_time(1, sc_core::SC_MS));
    rig.device.results[9] = 1;  // the second
    sc_core::sc_start(sc_time(10, sc_core::SC_MS));
    ASSERT_EQ(rig.device.exit_code, 0u);
    std::size_t first_loop_reads = 0;
    for (const auto& access : rig.device.log) first_loop_reads += !access.write && access.offset == 0x100 + 4 * 8;
    // Executed, ~6 cycles an iteration would read it over 10000 times in
    // 1 ms at 64 MHz; skipped, about once a microsecond.
    EXPECT_GT(first_loop_reads, 900u);
    EXPECT_LT(first_loop_reads, 1200u);
    // The second loop stores on every iteration: each one runs.
    EXPECT_GT(rig.result(4), 5000u);
}

TEST(timing, wfe_sleeps_until_the_other_core_executes_sev) {
    two_cores soc(64'000'000, "core_sev_waiter", "core_sev_sender");
    soc.app.core.on_sev = [&] { soc.net.core.signal_event(); };
    soc.net.core.on_sev = [&] { soc.app.core.signal_event(); };
    sc_core::sc_start(sc_time(50, sc_core::SC_MS));
    ASSERT_EQ(soc.app.device.exit_code, 0u);
    ASSERT_EQ(soc.net.device.exit_code, 0u);
    EXPECT_LE(soc.app.result(0), 2u);                 // woken by the SEV, not polling
    EXPECT_GE(soc.app.device.exit_time, soc.net.device.exit_time - sc_time(20, sc_core::SC_US));
    EXPECT_LT(soc.app.device.exit_instructions, 1000u);  // it slept meanwhile
}

TEST(timing, bootutil_signature_check_runs_on_the_application_core) {
    core_rig rig("app", with_clock_128(core_rig::app_config()));
    rig.load("core_verify");
    sc_core::sc_start(sc_time(2, sc_core::SC_SEC));
    ASSERT_EQ(rig.device.exit_code, 0u);
    EXPECT_EQ(rig.result(3), 0u);            // the OpenSSL-made signature verifies
    EXPECT_NE(rig.result(4), 0u);            // a flipped hash does not
    EXPECT_GT(rig.result(0), 100'000u);      // cycles of one P-256 verification
    EXPECT_GT(rig.result(1), 4096u);         // SHA-256 of 4 KB: more than a cycle a byte
}
