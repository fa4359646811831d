// The Cortex-M33 pipeline's costs, declared once. Arm publishes no cycle
// table for the M33, so the numbers are public measurements on M33
// silicon: jnk0le's pipeline cycle tests, "pipeline cycle test/doc/
// cortex_m33.md" in github.com/jnk0le/random (RP2350, M33 r1p0), cited
// below as [J]; Arm's Cortex-M4 TRM (DDI 0439, section 3.3) [M4] where
// [J] says nothing and the M33 keeps the M4's units; Arm Knowledge
// Article KA001260 [KA] (MULS). docs/timing.md explains how they combine.
#pragma once

#include <cstdint>

namespace armv8m {

struct cycle_costs {
    // Data processing: 1 cycle, result usable by the next instruction.
    std::uint8_t alu = 1;
    // Operand2 with a shifted register or shifted constant, UXTB-style
    // extends, DSP/SIMD and multiplies: result latency 2 [J "overall"].
    std::uint8_t late_result = 2;
    // A flag-setting operand2 shifted constant and MULS.N take 2 cycles [J], [KA].
    std::uint8_t two_stage_with_flags = 2;

    // Single loads and stores issue in 1 cycle; load-to-use latency 2,
    // load-to-store (the loaded value as store data) 1 [J "load/store"].
    std::uint8_t load = 1;
    std::uint8_t load_result = 2;
    std::uint8_t store = 1;
    std::uint8_t load_store_double = 2;        // LDRD/STRD, VLDR.64/VSTR.64 [J]
    std::uint8_t per_transfer_register = 1;    // LDM/STM/PUSH/POP of N words: N cycles [J]

    // Branches [J "limited dual issue and branching"]: taken 2; a 16-bit
    // branch issued as the second of a pair after a 16-bit instruction
    // that sets no flags, 1; not taken 1, or 0 when paired (flags or not).
    std::uint8_t branch_taken = 2;
    std::uint8_t branch_taken_paired = 1;
    std::uint8_t branch_not_taken = 1;
    std::uint8_t branch_not_taken_paired = 0;
    // TBB/TBH: a load, its use as the offset, a refill [M4: 2 + P].
    std::uint8_t table_branch = 4;

    // MUL/MLA and long multiplies: 1 cycle, result latency 2 [J]; the M33
    // has the M4's single-cycle 32x32 multiplier [M4].
    std::uint8_t multiply = 1;
    // SDIV/UDIV terminate early, in 2-12 cycles by the operands [M4]; the
    // block's cost is static, so a documented average: 2 cycles plus one
    // per 4 quotient bits for a 16-bit quotient.
    std::uint8_t divide = 6;

    // Floating point [J "fpu"]: VADD/VMUL and the like 1 cycle, latency 2;
    // VFMA/VMLA 1 cycle, latency 3, and no FP instruction issues in the 2
    // cycles after one; VLDR.32 load-to-use 1; VMOV of two S registers to
    // two core registers 2 cycles. VDIV/VSQRT 14 [M4].
    std::uint8_t fp = 1;
    std::uint8_t fp_result = 2;
    std::uint8_t fp_fused_result = 3;
    std::uint8_t fp_fused_blocks = 2;
    std::uint8_t fp_load_result = 1;
    std::uint8_t fp_to_core_pair = 2;
    std::uint8_t fp_divide = 14;
};

} // namespace armv8m
