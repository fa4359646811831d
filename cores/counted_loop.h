// A counted busy-wait loop: one block that branches back to its own start
// while a register steps by a constant, with no other effect than that
// register and the flags. nrfx_coredep_delay_us (behind Zephyr's
// k_busy_wait on nRF) is one: `subs r0, #3 ; bhi` on itself. The core
// advances such a loop arithmetically instead of executing every
// iteration; this is the arithmetic, from the shape the block decoder
// recognised.
#pragma once

#include <cstdint>

namespace armv8m {

struct counted_loop {
    unsigned counter = 0;        // r0-r12
    std::uint32_t step = 0;      // added to the counter each iteration (modulo 2^32), never 0
    // The branch tests the flags of counter - operand (SUBS, CMP) or of
    // counter + operand (ADDS), with the counter before or after the step.
    std::uint32_t operand = 0;
    bool subtract = true;
    bool flags_after_step = false;
    unsigned condition = 0;      // the branch's condition code, 0 (EQ) to 13 (LE)

    // How many iterations in a row, the first starting with the counter at
    // `value`, certainly branch back to the start: 0 if this one leaves the
    // loop. All of them leave the same flags. The loop may go on after
    // them (ask again from where they end).
    std::uint64_t iterations_back(std::uint32_t value) const;
};

} // namespace armv8m
