// Busy-wait loops cost the host time while the firmware only waits. Three
// kinds are recognised and the clock moved on without executing them
// iteration by iteration: loops reading a time source, loops polling a
// peripheral register, and counted loops.
#include "cores/cortex_m33.h"

#include <algorithm>

namespace armv8m {

// A loop that does nothing but read a time source (k_busy_wait on CYCCNT,
// a SysTick poll) is recognised by the same block reading it again within
// a few instructions, many times over. From then on each read moves the
// clock on by one microsecond's worth of cycles, so the wait costs the
// host ~1/20 of the iterations and ends at most 1 us late. A loop whose
// blocks store (account_block notes it) does work while it waits, and runs.
// `same_value`: false when the read is a poll that saw something new.
void cortex_m33::skip_busy_wait(bool same_value) {
    constexpr std::uint64_t max_loop_instructions = 16, reads_before_skipping = 8;
    const std::uint64_t executed = m_instructions + m_slice_instructions;
    const bool same_loop = same_value && !m_stored && m_block_pc == m_spin_block &&
                           executed - m_spin_instructions <= max_loop_instructions;
    m_stored = false;
    m_spin_reads = same_loop ? m_spin_reads + 1 : 0;
    m_spin_block = m_block_pc;
    m_spin_instructions = executed;
    if (m_spin_reads < reads_before_skipping) return;
    const std::uint64_t step = std::max<std::uint64_t>(1, m_clock_hz / 1'000'000);
    m_slice_cycles += step;
    m_slice_stall_cycles += step;
    if (m_slice_cycles >= m_budget) request_stop();
}

// A loop polling a peripheral register (an event, a READY bit, a UART's
// ENDTX between console bytes) reads the same address and sees the same
// value until the peripheral's state changes, at a simulated time the
// loop cannot hasten: it is skipped as a time-source loop is. A loop that
// also stores is doing work between the reads (a flash copy checking
// READY on the way) and is left to run.
void cortex_m33::skip_polling(std::uint32_t address, std::uint32_t value) {
    const bool same_value = address == m_poll_address && value == m_poll_value;
    m_poll_address = address;
    m_poll_value = value;
    skip_busy_wait(same_value);
}

// A counted loop (counted_loop.h) is advanced arithmetically, here at the
// start of one of its iterations: as many iterations as certainly branch
// back and fit the slice's budget are skipped, then the block runs once
// as usual. The slice ends where executing every iteration would end it,
// so an interrupt is taken at the same time and finds the counter where
// execution would have left it. Flags need no writing: the block sets
// them again before its branch. (The counter written here is the one the
// block reads: Unicorn 2.0.1's block-hook helper, uc_tracecode in
// qemu/target/arm/helper.h, is declared without TCG_CALL_NO_* flags, so
// registers are synchronised around it.) Skipped instructions are not
// counted as executed; their cycles are.
void cortex_m33::skip_counted_loop(std::uint64_t address, const cached_block& block) {
    if (!m_config.skip_counted_loops) return;
    const counted_loop& loop = m_counted_loops.at(address);
    const int counter = UC_ARM_REG_R0 + static_cast<int>(loop.counter);
    const std::uint32_t value = m_cpu.reg(counter);
    // Executing, each iteration after the first adds its taken branch back
    // and its fetches, then its cycles; the budget is checked before the
    // branch's extra and the fetches are added. Skipped, the iterations
    // come before the executed one, which then pays what the first would
    // (branch into the loop, fetches from where the code came from).
    const std::uint64_t repeat = block.taken_extra + (block.timed ? steady_fetch_cycles(block) : 0);
    const std::uint64_t per_iteration = block.cycles + repeat;
    const std::uint64_t entry = (address != m_fall_through ? m_taken_extra : 0) +
                                (block.timed ? fetch_cycles_if_entered(block) : 0);
    const std::int64_t room = std::int64_t(m_budget) - std::int64_t(m_slice_cycles + entry + block.cycles);
    const std::uint64_t runs_in_budget = room <= 0 ? 1 : 1 + (std::uint64_t(room) + per_iteration - 1) / per_iteration;
    const std::uint64_t skipped = std::min(loop.iterations_back(value), runs_in_budget - 1);
    if (skipped == 0) return;
    m_cpu.set_reg(counter, value + static_cast<std::uint32_t>(skipped * loop.step));
    m_slice_cycles += skipped * per_iteration;
    if (block.timed) count_repeated_fetches(block, skipped);
}

} // namespace armv8m
