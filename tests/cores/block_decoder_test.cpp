// The block decoder: instruction counts, cycles from the pipeline model
// (cycle_costs.h: jnk0le's M33 measurements), and the instructions a core
// must watch for or may lack.
#include <gtest/gtest.h>

#include "cores/block_decoder.h"

using namespace armv8m;

namespace {

block_info decode(std::initializer_list<std::uint16_t> halfwords, std::uint32_t address = 0x100) {
    std::vector<std::uint8_t> bytes;
    for (std::uint16_t h : halfwords) { bytes.push_back(h & 0xFF); bytes.push_back(h >> 8); }
    static block_decoder decoder;
    return decoder.decode(bytes.data(), static_cast<std::uint32_t>(bytes.size()), address);
}

} // namespace

TEST(block_decoder, counts_16_and_32_bit_instructions_and_their_cycles) {
    // movs r0,#1 (1) ; ldr r1,[r2] (1) ; str.w r1,[r3,#256] (1: load-to-store) ;
    // bne . after a 32-bit instruction (not taken 1, taken 2)
    const block_info info = decode({0x2001, 0x6811, 0xF8C3, 0x1100, 0xD1FE});
    EXPECT_EQ(info.instructions, 4u);
    EXPECT_EQ(info.cycles, 4u);
    EXPECT_EQ(info.taken_extra, 1u);
    EXPECT_EQ(info.flags, 0u);
}

TEST(block_decoder, multiple_transfers_cost_one_cycle_per_register_and_pop_pc_a_refill) {
    // push {r4-r7,lr} (5) ; pop {r4,pc} (2 + 2)
    const block_info info = decode({0xB5F0, 0xBD10});
    EXPECT_EQ(info.cycles, 5u + 4u);
    EXPECT_EQ(info.taken_extra, 0u);
    EXPECT_EQ(decode({0xCC0F}).cycles, 4u);            // ldmia r4!,{r0-r3}
    EXPECT_EQ(decode({0xE9D2, 0x0100}).cycles, 2u);    // ldrd r0,r1,[r2]
}

TEST(block_decoder, a_load_result_used_at_once_stalls_a_cycle_but_not_as_store_data) {
    EXPECT_EQ(decode({0x6808, 0x1812}).cycles, 3u);  // ldr r0,[r1] ; adds r2,r0
    EXPECT_EQ(decode({0x6808, 0x6010}).cycles, 2u);  // ldr r0,[r1] ; str r0,[r2]
}

TEST(block_decoder, a_16_bit_branch_pairs_with_the_16_bit_instruction_before_it) {
    // subs r7,#1 ; bne: not taken 0 (paired), taken 2 (the subs sets flags)
    const block_info after_flags = decode({0x3F01, 0xD1FD});
    EXPECT_EQ(after_flags.cycles, 1u);
    EXPECT_EQ(after_flags.taken_extra, 2u);
    // subs r7,#1 ; add r0,r1 ; bne: taken 1 (paired after no flags)
    const block_info after_no_flags = decode({0x3F01, 0x4408, 0xD1FC});
    EXPECT_EQ(after_no_flags.cycles, 2u);
    EXPECT_EQ(after_no_flags.taken_extra, 1u);
    EXPECT_EQ(decode({0xBF00, 0x3001}).cycles, 1u);           // nop ; adds r0,#1
    EXPECT_EQ(decode({0x3001, 0xBF00}).cycles, 2u);           // adds r0,#1 ; nop: never the NOP second
    EXPECT_EQ(decode({0x3001, 0xBF08, 0x1840}).cycles, 2u);   // adds r0,#1 ; it eq ; addeq r0,r1
    EXPECT_EQ(decode({0xF7FF, 0xFFFE}).cycles, 2u);           // bl: always taken
}

TEST(block_decoder, two_stage_results_and_flag_setting_shifted_constants) {
    EXPECT_EQ(decode({0xEB01, 0x0082, 0x181B}).cycles, 3u);   // add.w r0,r1,r2,lsl #2 ; adds r3,r0
    EXPECT_EQ(decode({0xF481, 0x50FE}).cycles, 1u);           // eor.w r0,r1,#0x1fc0
    EXPECT_EQ(decode({0xF511, 0x50FE}).cycles, 2u);           // adds.w r0,r1,#0x1fc0
    EXPECT_EQ(decode({0x4348}).cycles, 2u);                   // muls r0,r1
    EXPECT_EQ(decode({0xFB01, 0xF000}).cycles, 1u);           // mul.w r0,r1,r0
    EXPECT_EQ(decode({0xFBB1, 0xF0F2}).cycles, 6u);           // udiv: the documented average
}

TEST(block_decoder, multiply_accumulates_chain_their_accumulator) {
    // mla r0,r2,r3,r0 twice: the accumulator chains from the MAC (1 + 1)
    EXPECT_EQ(decode({0xFB02, 0x0003, 0xFB02, 0x0003}).cycles, 2u);
    // ... and from a load: ldr r0,[r1] ; mla r0,r2,r3,r0
    EXPECT_EQ(decode({0x6808, 0xFB02, 0x0003}).cycles, 2u);
    // ... and from a shifted operand2: add.w r0,r1,r2,lsl #2 ; mla r0,r2,r3,r0
    EXPECT_EQ(decode({0xEB01, 0x0082, 0xFB02, 0x0003}).cycles, 2u);
    // but not as a multiplicand: mla r0,r2,r3,r0 ; mla r0,r0,r3,r0
    EXPECT_EQ(decode({0xFB02, 0x0003, 0xFB00, 0x0003}).cycles, 3u);
    // uxtab r0,r0,r2 twice chains; after a load it does not
    EXPECT_EQ(decode({0xFA50, 0xF082, 0xFA50, 0xF082}).cycles, 2u);
    EXPECT_EQ(decode({0x6808, 0xFA50, 0xF082}).cycles, 3u);
}

TEST(block_decoder, opposite_conditions_in_an_it_block_do_not_depend_on_each_other) {
    // cmp r7,#0 ; ite eq ; addeq.w r0,r1,r2,ror #23 ; addne r0,r3: one of
    // the two runs, the other executes as a NOP: no stall
    EXPECT_EQ(decode({0x2F00, 0xBF0C, 0xEB01, 0x50F2, 0x4418}).cycles, 3u);
    // itt eq: the same condition stalls for the two-stage result
    EXPECT_EQ(decode({0x2F00, 0xBF04, 0xEB01, 0x50F2, 0x4418}).cycles, 4u);
    // after the block: it eq ; addeq.w r0,... ; add r5,r0 stalls (it may have run)
    EXPECT_EQ(decode({0x2F00, 0xBF08, 0xEB01, 0x50F2, 0x4405}).cycles, 4u);
}

TEST(block_decoder, fp_results_and_fused_multiply_adds_hold_the_fp_pipe) {
    EXPECT_EQ(decode({0xEE30, 0x0A81, 0xEE70, 0x1A02}).cycles, 3u);  // vadd s0 ; vadd s3,s0,s4
    EXPECT_EQ(decode({0xEEA0, 0x0A81, 0xEE70, 0x1A02}).cycles, 4u);  // vfma s0 ; vadd (after 2 free cycles)
}

TEST(block_decoder, finds_the_first_fp_instruction) {
    // movs r0,#1 ; str r0,[r2] ; vadd.f32 s0,s1,s2 ; mov.w r2,#256
    const block_info info = decode({0x2001, 0x6010, 0xEE30, 0x0A81, 0xF44F, 0x7280});
    EXPECT_TRUE(info.flags & block_has_fp);
    EXPECT_EQ(info.first_fp, 0x104u);
    EXPECT_FALSE(info.flags & block_has_dsp);
}

TEST(block_decoder, finds_dsp_instructions_but_not_base_multiplies) {
    // smull r0,r1,r2,r3 (base) ; smlabb r0,r1,r2,r3 (DSP)
    const block_info info = decode({0xFB82, 0x0103, 0xFB11, 0x0003});
    EXPECT_TRUE(info.flags & block_has_dsp);
    EXPECT_EQ(info.first_dsp, 0x104u);
    const block_info base = decode({0xFB82, 0x0103, 0xFB01, 0xF002});  // smull ; mul.w
    EXPECT_FALSE(base.flags & block_has_dsp);
}

TEST(block_decoder, flags_unmasking_and_stack_limit_writes) {
    EXPECT_TRUE(decode({0xB662}).flags & block_unmasks);                 // cpsie i
    EXPECT_FALSE(decode({0xB672}).flags & block_unmasks);                // cpsid i (masks)
    EXPECT_TRUE(decode({0xF380, 0x8811}).flags & block_unmasks);         // msr basepri, r0
    const block_info limit = decode({0xF381, 0x880A, 0xBF40});           // msr msplim, r1 ; sev
    ASSERT_EQ(limit.specials.size(), 2u);
    EXPECT_EQ(limit.specials[0].kind, special_insn::msr_msplim);
    EXPECT_EQ(limit.specials[0].rn, 1u);
    EXPECT_EQ(limit.specials[1].kind, special_insn::sev);
    EXPECT_EQ(limit.specials[1].address, 0x104u);
}

TEST(block_decoder, finds_the_access_that_faulted_from_the_registers) {
    std::vector<std::uint8_t> code;
    // movs r1,#0x30 ; lsls r1,r1,#24 ; ldr r2,[r3] ; ldr r0,[r1,#4]
    for (std::uint16_t h : {0x2130, 0x0609, 0x681A, 0x6848}) { code.push_back(h & 0xFF); code.push_back(h >> 8); }
    block_decoder decoder;
    auto regs = [](unsigned r) -> std::uint32_t { return r == 1 ? 0x30000000u : r == 3 ? 0x20000000u : 0; };
    EXPECT_EQ(decoder.find_faulting_access(code.data(), 8, 0x200, 0x30000004, regs), 0x206u);
    EXPECT_EQ(decoder.find_faulting_access(code.data(), 8, 0x200, 0x20000000, regs), 0x204u);
    EXPECT_EQ(decoder.find_faulting_access(code.data(), 8, 0x200, 0x50000000, regs), 0x200u);
}

TEST(block_decoder, recognises_counted_loops_branching_to_their_own_start) {
    // subs r0,#3 ; bhi . (nrfx_coredep_delay_us)
    const block_info nrfx = decode({0x3803, 0xD8FD});
    ASSERT_TRUE(nrfx.flags & block_counted_loop);
    EXPECT_EQ(nrfx.loop.counter, 0u);
    EXPECT_EQ(nrfx.loop.step, 0u - 3);
    EXPECT_EQ(nrfx.loop.operand, 3u);
    EXPECT_TRUE(nrfx.loop.subtract);
    EXPECT_FALSE(nrfx.loop.flags_after_step);
    EXPECT_EQ(nrfx.loop.condition, 8u);  // HI
    // nop ; subs.w r12,r12,#1 ; bpl .
    const block_info high = decode({0xBF00, 0xF1BC, 0x0C01, 0xD5FB});
    ASSERT_TRUE(high.flags & block_counted_loop);
    EXPECT_EQ(high.loop.counter, 12u);
    // adds r2,#1 ; cmp.w r2,#0x100000 ; bne .
    const block_info up = decode({0x3201, 0xF5B2, 0x1F80, 0xD1FB});
    ASSERT_TRUE(up.flags & block_counted_loop);
    EXPECT_EQ(up.loop.step, 1u);
    EXPECT_EQ(up.loop.operand, 0x100000u);
    EXPECT_TRUE(up.loop.flags_after_step);
    // cmp r3,#0 ; subw r3,r3,#1 ; bne . (flags from before the step)
    const block_info first = decode({0x2B00, 0xF2A3, 0x0301, 0xD1FB});
    ASSERT_TRUE(first.flags & block_counted_loop);
    EXPECT_EQ(first.loop.operand, 0u);
    EXPECT_FALSE(first.loop.flags_after_step);
}

TEST(block_decoder, does_not_take_loops_with_other_effects_for_counted_loops) {
    EXPECT_FALSE(decode({0x3801, 0xD1FC}).flags & block_counted_loop);          // bne to before the block
    EXPECT_FALSE(decode({0x3801, 0xE7FD}).flags & block_counted_loop);          // b . (no condition)
    EXPECT_FALSE(decode({0x3801, 0x3101, 0xD1FC}).flags & block_counted_loop);  // adds r1,#1: a second register
    EXPECT_FALSE(decode({0x6811, 0x3801, 0xD1FC}).flags & block_counted_loop);  // ldr r1,[r2]: memory
    EXPECT_FALSE(decode({0x3801, 0x2900, 0xD1FC}).flags & block_counted_loop);  // cmp r1,#0: flags of another register
    EXPECT_FALSE(decode({0xF1A0, 0x0001, 0xD1FC}).flags & block_counted_loop);  // sub.w without flags: the branch tests stale ones
    EXPECT_FALSE(decode({0xB662, 0x3801, 0xD1FC}).flags & block_counted_loop);  // cpsie i
}
