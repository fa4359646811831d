// The cycles of one block of Thumb code on the Cortex-M33's in-order
// pipeline, worked out once per block as the decoder walks it: each
// instruction issues when the registers it reads are ready (load-to-use,
// result latencies), occupies the issue stage for its cycles, and two
// 16-bit instructions may issue together where the M33 allows it. A
// conditional branch ending the block costs its not-taken cycles here;
// `taken_extra()` is what the core adds at run time when the next block
// is not the fall-through. Costs come from cycle_costs.h.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "cores/cycle_costs.h"

struct cs_insn;

namespace armv8m {

class pipeline {
public:
    // `capstone_handle`: the decoder's handle, opened with details on.
    pipeline(const cycle_costs& costs, std::size_t capstone_handle);

    void add(const cs_insn& insn);
    // An instruction decoded by hand (MSR, CPSIE, SEV): one plain cycle.
    void add_plain(bool narrow);

    unsigned cycles() const { return m_time; }
    unsigned taken_extra() const { return m_taken_extra; }
    // Whether an instruction added writes memory (STR, STM, PUSH, ...).
    bool stores() const { return m_stores; }

    // What the pipeline needs of one instruction.
    enum class unit : std::uint8_t { alu, load_store, nop, it, fp, branch };
    struct timing {
        unit kind = unit::alu;
        bool narrow = false;              // a 16-bit encoding
        bool sets_flags = false;
        bool conditional = false;         // a branch that may fall through
        std::uint8_t issue = 1;           // cycles in the issue stage
        std::uint8_t latency = 1;         // cycles from issue to usable results
        std::uint8_t fp_blocks = 0;       // cycles after it in which no FP instruction issues
        std::uint8_t taken = 0;           // a branch's cycles when taken, after its issue cycles
        std::uint64_t reads = 0, writes = 0;
        std::uint64_t late_reads = 0;     // needed a cycle after issue (store data)
        std::uint64_t quick_writes = 0;   // ready a cycle after issue (a base register's writeback)
        // An accumulator (MLA's Ra, UXTAB's Rn): read a cycle late from a
        // result that chains (chained_result), and from a load if `acc_from_load`.
        std::uint64_t acc_reads = 0;
        bool acc_from_load = false;
        bool chained_result = false;      // MAC, UXTA*, shifted operand2: its result chains into an accumulator
        bool load_result = false;         // a load: its result reaches a MAC's accumulator a cycle early
        std::uint8_t cc = 0;              // the condition inside an IT block (capstone's arm_cc), 0 for none
        std::uint8_t it_count = 0;        // an IT: the instructions it makes conditional
    };
    timing classify(const cs_insn& insn) const;

private:
    void schedule(const timing& t);
    unsigned earliest_issue(const timing& t) const;
    unsigned ready(unsigned bit, const timing& t) const;
    bool pairs_with_previous(const timing& t, unsigned issue_at) const;

    cycle_costs m_costs;
    std::size_t m_handle;
    unsigned m_time = 0;         // the cycle the next instruction may issue in
    unsigned m_taken_extra = 0;
    bool m_stores = false;
    unsigned m_fp_free = 0;      // the first cycle an FP instruction may issue in
    std::array<unsigned, 64> m_ready{};  // r0-r15, flags (16), s0-s31 (32-63)
    std::uint64_t m_chained = 0;         // registers last written by a chaining result
    std::uint64_t m_loaded = 0;          // registers last written by a load
    // Inside an IT block: what each register's ready time was before an
    // instruction of the block wrote it, and that instruction's condition.
    std::array<unsigned, 64> m_ready_before{};
    std::array<std::uint8_t, 64> m_written_cc{};
    unsigned m_it_left = 0;              // instructions of the current IT block still to come
    timing m_previous;
    bool m_have_previous = false, m_previous_paired = false;
};

} // namespace armv8m
