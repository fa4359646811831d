// Counted busy-wait loops: the arithmetic that skips them against
// iterating, and a program of such loops (firmware/tests/core/
// counted_loops.c) run with skipping and without, which must agree in
// every counter, flag, cycle and interrupt.
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>

#include "cores/counted_loop.h"
#include "tests/cores/core_rig.h"

using namespace test;
using armv8m::counted_loop;

namespace {

// One iteration's branch, the reference way: N, Z, C, V of the flag-setting
// instruction, then the condition.
bool branches_back(const counted_loop& loop, std::uint32_t counter) {
    const std::uint32_t a = counter + (loop.flags_after_step ? loop.step : 0);
    const std::uint32_t b = loop.operand;
    const std::uint32_t r = loop.subtract ? a - b : a + b;
    const bool n = r >> 31, z = r == 0;
    const bool c = loop.subtract ? a >= b : r < a;
    const bool v = ((loop.subtract ? (a ^ b) & (a ^ r) : ~(a ^ b) & (a ^ r)) >> 31) != 0;
    const bool results[] = {z, c, n, v, c && !z, n == v, !z && n == v};
    const bool result = results[loop.condition >> 1];
    return (loop.condition & 1) ? !result : result;
}

counted_loop random_loop(std::mt19937& rng) {
    counted_loop loop;
    const std::uint32_t magnitude = 1 + rng() % 5;
    loop.step = rng() % 2 ? magnitude : 0u - magnitude;
    loop.operand = rng() % 4 ? rng() % 8 : rng();
    loop.subtract = rng() % 2;
    loop.flags_after_step = rng() % 2;
    loop.condition = rng() % 14;
    return loop;
}

// Start values next to the places where flags change.
std::uint32_t random_start(std::mt19937& rng, const counted_loop& loop) {
    const std::uint32_t near[] = {0, 0x80000000u, loop.operand, 0u - loop.operand, 0x80000000u + loop.operand};
    return near[rng() % 5] + rng() % 2000 - 1000;
}

// What the program reports, and the core's state at its end.
struct outcome {
    std::array<std::uint32_t, 34> results;
    std::array<std::uint32_t, 14> registers;  // r0-r12, xPSR
    std::uint64_t cycles, instructions, end_ps;
    double host_seconds;
};

// A SystemC kernel elaborates once per process: each run is a child.
outcome run_program(bool skip_counted_loops) {
    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error("pipe");
    const pid_t pid = fork();
    if (pid == 0) {
        armv8m::core_config config = core_rig::app_config();
        config.skip_counted_loops = skip_counted_loops;
        core_rig rig("app", config);
        rig.load("core_counted_loops");
        const auto t0 = std::chrono::steady_clock::now();
        sc_core::sc_start(sc_core::sc_time(2, sc_core::SC_SEC));
        outcome o{};
        o.host_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (rig.device.exit_code != 0u) _exit(1);
        std::copy_n(rig.device.results.begin(), o.results.size(), o.results.begin());
        for (int r = 0; r <= 12; ++r) o.registers[r] = rig.core.read_register(UC_ARM_REG_R0 + r);
        o.registers[13] = rig.core.read_register(UC_ARM_REG_XPSR);
        o.cycles = rig.device.exit_cycles;
        o.instructions = rig.device.exit_instructions;
        o.end_ps = rig.device.exit_time.value();
        _exit(write(fds[1], &o, sizeof o) == sizeof o ? 0 : 2);
    }
    close(fds[1]);
    outcome o{};
    const bool complete = read(fds[0], &o, sizeof o) == sizeof o;
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (!complete) throw std::runtime_error("the program did not finish");
    return o;
}

enum : unsigned { loop_subs, loop_three_operands, loop_nrfx, loop_up, loop_signed, loop_nop, loop_compare_first,
                  loop_interrupted = 9 };
std::uint32_t counter(const outcome& o, unsigned loop) { return o.results[3 * loop]; }
std::uint32_t apsr(const outcome& o, unsigned loop) { return o.results[3 * loop + 1]; }
std::uint32_t cycles(const outcome& o, unsigned loop) { return o.results[3 * loop + 2]; }
constexpr std::uint32_t flag_n = 1u << 31, flag_z = 1u << 30, flag_c = 1u << 29;

} // namespace

TEST(counted_loop, the_iterations_counted_back_branch_back_with_the_same_flags) {
    std::mt19937 rng(53);
    for (int i = 0; i < 20000; ++i) {
        const counted_loop loop = random_loop(rng);
        const std::uint32_t start = random_start(rng, loop);
        const std::uint64_t back = loop.iterations_back(start);
        ASSERT_EQ(back > 0, branches_back(loop, start));
        // The flags of the first and the last iteration counted, and of all
        // of them where few, are the first one's.
        counted_loop flags_only = loop;
        for (std::uint64_t k : {std::uint64_t(0), back / 2, back ? back - 1 : 0}) {
            for (flags_only.condition = 0; flags_only.condition < 14; ++flags_only.condition)
                ASSERT_EQ(branches_back(flags_only, start + static_cast<std::uint32_t>(k) * loop.step),
                          branches_back(flags_only, start));
        }
    }
}

TEST(counted_loop, skipping_by_the_arithmetic_ends_where_iterating_ends) {
    std::mt19937 rng(5340);
    for (int i = 0; i < 5000; ++i) {
        const counted_loop loop = random_loop(rng);
        const std::uint32_t start = random_start(rng, loop);
        constexpr std::uint64_t limit = 20000;  // longer loops count as endless here
        std::uint64_t iterated = 0;
        for (std::uint32_t c = start; iterated < limit;) {
            ++iterated;
            const bool back = branches_back(loop, c);
            c += loop.step;
            if (!back) break;
        }
        std::uint64_t skipped = 0;
        for (std::uint32_t c = start; skipped < limit;) {
            const std::uint64_t back = std::min(loop.iterations_back(c), limit);
            if (back == 0) { ++skipped; break; }
            skipped += back;
            c += static_cast<std::uint32_t>(back) * loop.step;
        }
        ASSERT_EQ(std::min(skipped, limit), std::min(iterated, limit))
            << "step " << loop.step << " operand " << loop.operand << " start " << start;
    }
}

TEST(counted_loop, skipped_loops_leave_the_registers_flags_and_cycles_of_executed_ones) {
    const outcome executed = run_program(false), skipped = run_program(true);
    EXPECT_EQ(skipped.results, executed.results);
    EXPECT_EQ(skipped.registers, executed.registers);
    EXPECT_EQ(skipped.cycles, executed.cycles);
    EXPECT_EQ(skipped.end_ps, executed.end_ps);
    // And what the loops compute, in case both were wrong alike.
    EXPECT_EQ(counter(skipped, loop_subs), 0u);
    EXPECT_EQ(apsr(skipped, loop_subs), flag_z | flag_c);
    EXPECT_NEAR(cycles(skipped, loop_subs), 3 * 10'000'000.0, 40);  // subs 1 + bne 2, and the call
    EXPECT_EQ(counter(skipped, loop_three_operands), 0u);
    EXPECT_EQ(counter(skipped, loop_nrfx), 0xFFFFFFFFu);           // 1000001 = 3 x 333333 + 2
    EXPECT_EQ(apsr(skipped, loop_nrfx), flag_n);                    // borrow: C clear
    EXPECT_EQ(counter(skipped, loop_up), 0x100000u);
    EXPECT_EQ(counter(skipped, loop_signed), 0xFFFFFFFFu);
    EXPECT_EQ(apsr(skipped, loop_signed), flag_n | flag_c);          // cmp -1, #0
    EXPECT_EQ(counter(skipped, loop_nop), 0xFFFFFFFFu);
    EXPECT_EQ(counter(skipped, loop_compare_first), 0xFFFFFFFFu);
    EXPECT_EQ(apsr(skipped, loop_compare_first), flag_z | flag_c);  // cmp 0, #0
}

TEST(counted_loop, ten_million_iterations_are_skipped_not_executed) {
    const outcome executed = run_program(false), skipped = run_program(true);
    // The loops iterate ~15 million times: executed, that is over 25
    // million instructions. Skipped, an iteration or two still runs per
    // quantum (10 us, 213 iterations of a 3-cycle loop at 64 MHz), where
    // the core synchronises with the rest of the system.
    EXPECT_GT(executed.instructions, 25'000'000u);
    EXPECT_LT(skipped.instructions * 100, executed.instructions);
    std::printf("host time: %.3f s executed, %.3f s skipped\n", executed.host_seconds, skipped.host_seconds);
}

TEST(counted_loop, an_interrupt_in_a_skipped_loop_comes_when_it_would_and_sees_the_counter_it_would) {
    const outcome executed = run_program(false), skipped = run_program(true);
    EXPECT_EQ(skipped.results[33], 1u);  // one SysTick
    const std::uint32_t interrupted_at = skipped.results[30], cycles_in = skipped.results[32];
    EXPECT_EQ(interrupted_at, executed.results[30]);
    EXPECT_EQ(cycles_in, executed.results[32]);
    // In the middle of the loop, 3 cycles an iteration, and within a
    // quantum (10 us, 640 cycles) of SysTick's 100000 cycles.
    ASSERT_GT(interrupted_at, 0u);
    ASSERT_LT(interrupted_at, 1'000'000u);
    EXPECT_NEAR(3.0 * (1'000'000 - interrupted_at), cycles_in, 30);
    EXPECT_GE(cycles_in, 100'000u - 100);
    EXPECT_LE(cycles_in, 100'000u + 640 + 100);
    // The loop went on from there to its end.
    EXPECT_EQ(counter(skipped, loop_interrupted), 0u);
    EXPECT_EQ(cycles(skipped, loop_interrupted), cycles(executed, loop_interrupted));
}
