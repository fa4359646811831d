#include "cores/pipeline.h"

#include <capstone/capstone.h>

#include <algorithm>
#include <cstring>

#include "cores/thumb_groups.h"

namespace armv8m {

namespace {

constexpr unsigned flags_bit = 16, pc_bit = 15, first_fp_bit = 32;

// The scoreboard's bit of a capstone register; 64 for none tracked.
unsigned register_bit(unsigned reg) {
    if (const unsigned core = core_register(reg); core != ~0u) return core;  // r15 is pc_bit
    if (reg == ARM_REG_CPSR || reg == ARM_REG_APSR || reg == ARM_REG_APSR_NZCV) return flags_bit;
    if (reg >= ARM_REG_S0 && reg <= ARM_REG_S31) return first_fp_bit + (reg - ARM_REG_S0);
    if (reg >= ARM_REG_D0 && reg <= ARM_REG_D15) return first_fp_bit + 2 * (reg - ARM_REG_D0);
    return 64;
}

std::uint64_t register_mask(unsigned reg) {
    const unsigned bit = register_bit(reg);
    if (bit >= 64) return 0;
    const bool double_reg = reg >= ARM_REG_D0 && reg <= ARM_REG_D15;
    return (double_reg ? 3ull : 1ull) << bit;
}

// 32-bit words a multiple transfer moves: S and core registers one, D two.
unsigned transfer_words(const cs_insn& insn) {
    const cs_arm& arm = insn.detail->arm;
    unsigned words = 0;
    for (unsigned i = has_implied_base(insn.id) ? 0 : 1; i < arm.op_count; ++i) {
        const unsigned reg = arm.operands[i].reg;
        if (arm.operands[i].type != ARM_OP_REG) continue;
        words += reg >= ARM_REG_D0 && reg <= ARM_REG_D31 ? 2 : 1;
    }
    return std::max(1u, words);
}

bool is_load(unsigned id) {
    switch (id) {
    case ARM_INS_LDR: case ARM_INS_LDRB: case ARM_INS_LDRH: case ARM_INS_LDRSB: case ARM_INS_LDRSH:
    case ARM_INS_LDRD: case ARM_INS_LDRT: case ARM_INS_LDRBT: case ARM_INS_LDRHT: case ARM_INS_LDRSBT:
    case ARM_INS_LDRSHT: case ARM_INS_LDREX: case ARM_INS_LDREXB: case ARM_INS_LDREXH: case ARM_INS_LDA:
    case ARM_INS_LDAB: case ARM_INS_LDAH: case ARM_INS_LDAEX: case ARM_INS_LDAEXB: case ARM_INS_LDAEXH:
    case ARM_INS_VLDR: case ARM_INS_LDM: case ARM_INS_LDMDB: case ARM_INS_POP: case ARM_INS_VLDMIA:
    case ARM_INS_VLDMDB: case ARM_INS_VPOP:
        return true;
    default:
        return false;
    }
}

bool is_store(unsigned id) {
    switch (id) {
    case ARM_INS_STR: case ARM_INS_STRB: case ARM_INS_STRH: case ARM_INS_STRD: case ARM_INS_STRT:
    case ARM_INS_STRBT: case ARM_INS_STRHT: case ARM_INS_STREX: case ARM_INS_STREXB: case ARM_INS_STREXH:
    case ARM_INS_STL: case ARM_INS_STLB: case ARM_INS_STLH: case ARM_INS_STLEX: case ARM_INS_STLEXB:
    case ARM_INS_STLEXH: case ARM_INS_VSTR: case ARM_INS_STM: case ARM_INS_STMDB: case ARM_INS_PUSH:
    case ARM_INS_VSTMIA: case ARM_INS_VSTMDB: case ARM_INS_VPUSH:
        return true;
    default:
        return false;
    }
}

bool is_multiply(unsigned id) {
    switch (id) {
    case ARM_INS_MUL: case ARM_INS_MLA: case ARM_INS_MLS: case ARM_INS_UMULL: case ARM_INS_SMULL:
    case ARM_INS_UMLAL: case ARM_INS_SMLAL: case ARM_INS_UMAAL: case ARM_INS_SMMUL: case ARM_INS_SMMULR:
    case ARM_INS_SMMLA: case ARM_INS_SMMLAR: case ARM_INS_SMMLS: case ARM_INS_SMMLSR:
        return true;
    default:
        return false;
    }
}

// Multiply accumulates with a 32-bit accumulator, the last operand.
bool is_multiply_accumulate(unsigned id) {
    switch (id) {
    case ARM_INS_MLA: case ARM_INS_MLS: case ARM_INS_SMLABB: case ARM_INS_SMLABT: case ARM_INS_SMLATB:
    case ARM_INS_SMLATT: case ARM_INS_SMLAWB: case ARM_INS_SMLAWT: case ARM_INS_SMLAD: case ARM_INS_SMLADX:
    case ARM_INS_SMLSD: case ARM_INS_SMLSDX: case ARM_INS_SMMLA: case ARM_INS_SMMLAR: case ARM_INS_SMMLS:
    case ARM_INS_SMMLSR:
        return true;
    default:
        return false;
    }
}

bool is_extend_accumulate(unsigned id) {
    switch (id) {
    case ARM_INS_UXTAB: case ARM_INS_UXTAH: case ARM_INS_SXTAB: case ARM_INS_SXTAH: case ARM_INS_UXTAB16:
    case ARM_INS_SXTAB16:
        return true;
    default:
        return false;
    }
}

// The accumulator operand `index` when no other source operand names the
// same register (MLA r0,r0,r1,r0 needs r0 at issue as a multiplicand).
std::uint64_t accumulator_mask(const cs_arm& arm, unsigned index) {
    if (index >= arm.op_count || arm.operands[index].type != ARM_OP_REG) return 0;
    std::uint64_t others = 0;
    for (unsigned i = 1; i < arm.op_count; ++i)
        if (i != index && arm.operands[i].type == ARM_OP_REG) others |= register_mask(arm.operands[i].reg);
    return register_mask(arm.operands[index].reg) & ~others;
}

// The opposite of a condition: EQ/NE, HS/LO, ... pair up in capstone's
// numbering (EQ = 1, NE = 2, ...).
std::uint8_t opposite(std::uint8_t cc) { return static_cast<std::uint8_t>(((cc - 1) ^ 1) + 1); }

bool is_fused_fp(unsigned id) {
    switch (id) {
    case ARM_INS_VFMA: case ARM_INS_VFMS: case ARM_INS_VFNMA: case ARM_INS_VFNMS: case ARM_INS_VMLA:
    case ARM_INS_VMLS: case ARM_INS_VNMLA: case ARM_INS_VNMLS:
        return true;
    default:
        return false;
    }
}

bool is_extend(unsigned id) {
    switch (id) {
    case ARM_INS_UXTB: case ARM_INS_UXTH: case ARM_INS_SXTB: case ARM_INS_SXTH: case ARM_INS_UXTAB:
    case ARM_INS_UXTAH: case ARM_INS_SXTAB: case ARM_INS_SXTAH: case ARM_INS_UXTB16: case ARM_INS_SXTB16:
    case ARM_INS_UXTAB16: case ARM_INS_SXTAB16:
        return true;
    default:
        return false;
    }
}

// [J] counts as "simple" an 8-bit constant, ADDW/SUBW's 12-bit one and the
// replicated patterns 0x00XY00XY, 0XY00XY00, 0xXYXYXYXY; other modified
// immediates are "shifted constants".
bool is_simple_constant(std::uint32_t v) {
    const std::uint32_t low = v & 0xFF, high = (v >> 8) & 0xFF;
    return v <= 0xFF || v == (low | low << 16) || v == (high << 8 | high << 24) ||
           v == low * 0x01010101u;
}

// Data processing with a shifted-register or shifted-constant operand2.
// Shifts and moves by themselves (LSL, MOV) are single-stage.
struct operand2 { bool shifted_register = false, shifted_constant = false; };
operand2 operand2_of(const cs_insn& insn) {
    operand2 o;
    switch (insn.id) {
    case ARM_INS_LSL: case ARM_INS_LSR: case ARM_INS_ASR: case ARM_INS_ROR: case ARM_INS_RRX:
    case ARM_INS_MOV: case ARM_INS_MOVW: case ARM_INS_MOVT: case ARM_INS_ADDW: case ARM_INS_SUBW:
        return o;
    default:
        break;
    }
    if (insn.size != 4) return o;
    const cs_arm& arm = insn.detail->arm;
    for (unsigned i = 0; i < arm.op_count; ++i) {
        const cs_arm_op& op = arm.operands[i];
        if (op.type == ARM_OP_REG && op.shift.type != ARM_SFT_INVALID && op.shift.value != 0)
            o.shifted_register = true;
        if (op.type == ARM_OP_IMM && !is_simple_constant(static_cast<std::uint32_t>(op.imm)))
            o.shifted_constant = true;
    }
    return o;
}

unsigned memory_base(const cs_arm& arm) {
    for (unsigned i = 0; i < arm.op_count; ++i)
        if (arm.operands[i].type == ARM_OP_MEM) return arm.operands[i].mem.base;
    return ARM_REG_INVALID;
}

bool is_conditional(const cs_insn& insn) {
    const arm_cc cc = insn.detail->arm.cc;
    return (cc != ARM_CC_AL && cc != ARM_CC_INVALID) || insn.id == ARM_INS_CBZ || insn.id == ARM_INS_CBNZ;
}

} // namespace

pipeline::pipeline(const cycle_costs& costs, std::size_t capstone_handle)
    : m_costs(costs), m_handle(capstone_handle) {}

pipeline::timing pipeline::classify(const cs_insn& insn) const {
    timing t;
    const cs_arm& arm = insn.detail->arm;
    t.narrow = insn.size == 2;
    cs_regs read, written;
    std::uint8_t read_count = 0, written_count = 0;
    if (cs_regs_access(m_handle, &insn, read, &read_count, written, &written_count) == CS_ERR_OK) {
        for (unsigned i = 0; i < read_count; ++i) t.reads |= register_mask(read[i]);
        for (unsigned i = 0; i < written_count; ++i) t.writes |= register_mask(written[i]);
    }
    t.sets_flags = arm.update_flags || (t.writes >> flags_bit & 1);
    t.issue = t.latency = m_costs.alu;
    const bool writes_pc = t.writes >> pc_bit & 1;
    const unsigned id = insn.id;

    if (arm.cc != ARM_CC_AL && arm.cc != ARM_CC_INVALID) t.cc = static_cast<std::uint8_t>(arm.cc);
    if (id == ARM_INS_NOP || id == ARM_INS_IT) {
        t.kind = id == ARM_INS_NOP ? unit::nop : unit::it;
        t.reads = t.writes = 0;
        // "it", "ite", "itte", ...: one instruction per letter after the I.
        if (id == ARM_INS_IT) t.it_count = static_cast<std::uint8_t>(std::strlen(insn.mnemonic) - 1);
        return t;
    }
    if (in_group(insn, ARM_GRP_JUMP) || in_group(insn, ARM_GRP_CALL) || id == ARM_INS_TBB || id == ARM_INS_TBH) {
        t.kind = unit::branch;
        t.issue = 0;
        t.taken = id == ARM_INS_TBB || id == ARM_INS_TBH ? m_costs.table_branch : m_costs.branch_taken;
        t.conditional = is_conditional(insn);
        if (!is_load(id)) return t;
    }
    if (is_load(id) || is_store(id)) {
        const bool multiple = is_multiple_transfer(id);
        const bool wide = id == ARM_INS_LDRD || id == ARM_INS_STRD ||
                          ((id == ARM_INS_VLDR || id == ARM_INS_VSTR) && arm.operands[0].reg >= ARM_REG_D0 &&
                           arm.operands[0].reg <= ARM_REG_D31);
        t.kind = unit::load_store;
        t.issue = multiple ? m_costs.per_transfer_register * transfer_words(insn)
                           : wide ? m_costs.load_store_double : is_load(id) ? m_costs.load : m_costs.store;
        const unsigned result = id == ARM_INS_VLDR && !wide ? m_costs.fp_load_result : m_costs.load_result;
        t.latency = is_load(id) ? t.issue - 1 + result : t.issue;
        t.load_result = is_load(id);
        if (is_store(id)) {
            // The data registers are needed a cycle late: the load-to-store case.
            const unsigned first = has_implied_base(id) ? 0 : multiple ? 1 : 0;
            const unsigned last = multiple ? arm.op_count : (id == ARM_INS_STRD ? 2 : 1);
            for (unsigned i = first; i < last && i < arm.op_count; ++i)
                if (arm.operands[i].type == ARM_OP_REG) t.late_reads |= register_mask(arm.operands[i].reg);
            t.reads &= ~t.late_reads;
        }
        // The writeback of the base register is an address-unit result.
        const unsigned base = has_implied_base(id) ? unsigned(ARM_REG_SP)
                              : multiple          ? arm.operands[0].reg
                                                  : memory_base(arm);
        if (arm.writeback || has_implied_base(id)) t.quick_writes = register_mask(base) & t.writes;
        if (writes_pc) {
            t.kind = unit::branch;
            t.taken = m_costs.branch_taken;
            t.conditional = is_conditional(insn);
        }
        return t;
    }
    if (id == ARM_INS_SDIV || id == ARM_INS_UDIV) {
        t.issue = t.latency = m_costs.divide;
    } else if (is_multiply(id) || in_group(insn, ARM_GRP_MULOPS)) {
        const bool muls_narrow = id == ARM_INS_MUL && t.narrow && arm.update_flags;
        t.issue = muls_narrow ? m_costs.two_stage_with_flags : m_costs.multiply;
        t.latency = std::max<std::uint8_t>(t.issue, m_costs.late_result);
    } else if (id == ARM_INS_VDIV || id == ARM_INS_VSQRT) {
        t.kind = unit::fp;
        t.issue = t.latency = m_costs.fp_divide;
    } else if (is_fused_fp(id)) {
        t.kind = unit::fp;
        t.issue = m_costs.fp;
        t.latency = m_costs.fp_fused_result;
        t.fp_blocks = m_costs.fp_fused_blocks;
    } else if (id == ARM_INS_VMOV) {
        // Between core and FP registers: two core results take 2 cycles
        // and are ready then; otherwise 1 cycle, latency 2 (1 for one
        // core register into an S register).
        const unsigned core_written = __builtin_popcountll(t.writes & 0x1FFFull);
        const unsigned core_read = __builtin_popcountll(t.reads & 0x1FFFull);
        t.kind = unit::fp;
        t.issue = core_written == 2 ? m_costs.fp_to_core_pair : m_costs.fp;
        t.latency = core_written == 2 ? t.issue : core_read == 1 && !core_written ? m_costs.fp : m_costs.fp_result;
    } else if (is_fp(insn)) {
        t.kind = unit::fp;
        t.issue = m_costs.fp;
        t.latency = m_costs.fp_result;
    } else if (is_dsp(insn) || is_extend(id)) {
        t.latency = m_costs.late_result;
    } else {
        const operand2 o = operand2_of(insn);
        if (o.shifted_register || o.shifted_constant) {
            t.latency = m_costs.late_result;
            t.chained_result = true;
        }
        if (o.shifted_constant && t.sets_flags) t.issue = t.latency = m_costs.two_stage_with_flags;
    }
    // [J]: a multiply accumulate's accumulator chains from a MAC, an
    // UXTA-style extend or a shifted operand2 result and from a load
    // without their second cycle; an UXTA-style extend's chains the same
    // way, but not from a load.
    if (is_multiply_accumulate(id)) {
        t.acc_reads = accumulator_mask(arm, 3);
        t.acc_from_load = true;
        t.chained_result = true;
    } else if (is_extend_accumulate(id)) {
        t.acc_reads = accumulator_mask(arm, 1);
        t.chained_result = true;
    }
    t.reads &= ~t.acc_reads;
    if (writes_pc) {  // MOV pc / ADD pc: a taken branch after the operation
        t.kind = unit::branch;
        t.taken = m_costs.branch_taken;
        t.conditional = is_conditional(insn);
    }
    return t;
}

// When a register is ready for `t`. Inside an IT block, an instruction of
// the opposite condition to the one that wrote the register never runs
// with it ([J]: a predicated-out instruction executes as a NOP and causes
// no hazard), so it sees the register as it was before.
unsigned pipeline::ready(unsigned bit, const timing& t) const {
    if (m_it_left && t.cc && m_written_cc[bit] == opposite(t.cc)) return m_ready_before[bit];
    return m_ready[bit];
}

unsigned pipeline::earliest_issue(const timing& t) const {
    unsigned at = m_time;
    for (std::uint64_t r = t.reads; r; r &= r - 1) at = std::max(at, ready(__builtin_ctzll(r), t));
    for (std::uint64_t r = t.late_reads; r; r &= r - 1) {
        const unsigned when = ready(__builtin_ctzll(r), t);
        at = std::max(at, when > 0 ? when - 1 : 0);
    }
    for (std::uint64_t r = t.acc_reads; r; r &= r - 1) {
        const unsigned bit = __builtin_ctzll(r);
        const bool chains = (m_chained >> bit & 1) || (t.acc_from_load && (m_loaded >> bit & 1));
        const unsigned when = ready(bit, t);
        at = std::max(at, chains && when > 0 ? when - 1 : when);
    }
    if (t.kind == unit::fp) at = std::max(at, m_fp_free);
    return at;
}

// [J]: only two 16-bit instructions dual issue: data processing or a
// load/store after a NOP (never with the NOP second), an IT after
// anything, or a branch (priced in schedule()); never two data-processing
// or load/store instructions.
bool pipeline::pairs_with_previous(const timing& t, unsigned issue_at) const {
    if (!m_have_previous || m_previous_paired || !m_previous.narrow || !t.narrow || issue_at != m_time)
        return false;
    switch (t.kind) {
    case unit::alu: case unit::load_store: return m_previous.kind == unit::nop;
    case unit::it: return true;
    case unit::branch: return t.issue == 0 && m_previous.kind != unit::branch;
    default: return false;
    }
}

void pipeline::schedule(const timing& t) {
    const unsigned at = earliest_issue(t);
    const bool paired = pairs_with_previous(t, at);
    if (t.kind == unit::branch) {
        const unsigned not_taken = paired ? m_costs.branch_not_taken_paired : m_costs.branch_not_taken;
        const bool taken_pairs = paired && !m_previous.sets_flags && t.taken == m_costs.branch_taken;
        const unsigned taken = taken_pairs ? m_costs.branch_taken_paired : t.taken;
        m_time = at + t.issue + (t.conditional ? not_taken : taken);
        m_taken_extra = t.conditional ? taken - not_taken : 0;
    } else {
        if (!paired) m_time = at + t.issue;
        m_taken_extra = 0;
    }
    const bool in_it_block = m_it_left > 0 && t.cc;
    for (std::uint64_t w = t.writes; w; w &= w - 1) {
        const unsigned bit = __builtin_ctzll(w);
        if (in_it_block) {
            if (!m_written_cc[bit]) {
                m_ready_before[bit] = m_ready[bit];
                m_written_cc[bit] = t.cc;
            } else if (m_written_cc[bit] != t.cc) {
                m_written_cc[bit] = 0xFF;  // written under both conditions
            }
        }
        m_ready[bit] = at + t.latency;
    }
    for (std::uint64_t w = t.quick_writes; w; w &= w - 1) m_ready[__builtin_ctzll(w)] = at + 1;
    m_chained = t.chained_result ? (m_chained | t.writes) : (m_chained & ~t.writes);
    m_loaded = t.load_result ? (m_loaded | t.writes) & ~t.quick_writes : (m_loaded & ~t.writes);
    m_chained &= ~t.quick_writes;
    if (t.kind == unit::it) {
        m_it_left = t.it_count;
        m_written_cc.fill(0);
    } else if (m_it_left) {
        --m_it_left;
    }
    if (t.fp_blocks) m_fp_free = at + t.issue + t.fp_blocks;
    m_previous = t;
    m_previous_paired = paired;
    m_have_previous = true;
}

void pipeline::add(const cs_insn& insn) {
    m_stores = m_stores || is_store(insn.id);
    schedule(classify(insn));
}

void pipeline::add_plain(bool narrow) {
    timing t;
    t.narrow = narrow;
    schedule(t);
}

} // namespace armv8m
