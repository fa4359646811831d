#include "cores/block_decoder.h"

#include <capstone/capstone.h>

#include <algorithm>
#include <stdexcept>

#include "cores/pipeline.h"
#include "cores/thumb_groups.h"

namespace armv8m {

namespace {

// MSR (register), encoding T1: 11110011100 R Rn : 10 00 mask 00 SYSm.
// Capstone 4 does not know Armv8-M's MSPLIM/PSPLIM, so these are decoded here.
bool decode_msr(std::uint16_t hw1, std::uint16_t hw2, std::uint8_t& rn, std::uint8_t& sysm) {
    if ((hw1 & 0xFFF0) != 0xF380 || (hw2 & 0xFF00) != 0x8800) return false;
    rn = hw1 & 0xF;
    sysm = hw2 & 0xFF;
    return true;
}

// SYSm 0x10..0x13: PRIMASK, BASEPRI, BASEPRI_MAX, FAULTMASK.
constexpr std::uint8_t sysm_msplim = 0x0A, sysm_psplim = 0x0B, sysm_primask = 0x10,
                       sysm_faultmask = 0x13;

bool is_cpsie(std::uint16_t hw) { return (hw & 0xFFF8) == 0xB660; }
bool is_sev(std::uint16_t hw1, std::uint16_t hw2, unsigned len) {
    return (len == 2 && hw1 == 0xBF40) || (len == 4 && hw1 == 0xF3AF && hw2 == 0x8004);
}

} // namespace

block_decoder::block_decoder(const cycle_costs& costs) : m_costs(costs) {
    csh handle;
    if (cs_open(CS_ARCH_ARM, static_cast<cs_mode>(CS_MODE_THUMB | CS_MODE_MCLASS | CS_MODE_V8),
                &handle) != CS_ERR_OK)
        throw std::runtime_error("capstone: cannot open an Arm Thumb decoder");
    cs_option(handle, CS_OPT_DETAIL, CS_OPT_ON);
    m_handle = handle;
}

block_decoder::~block_decoder() {
    csh handle = m_handle;
    cs_close(&handle);
}

namespace {

// `op rN, #imm` or `op rN, rN, #imm` with rN one of r0-r12.
bool register_and_immediate(const cs_arm& arm, unsigned& reg, std::uint32_t& imm) {
    const cs_arm_op* op = arm.operands;
    const bool two = arm.op_count == 2 && op[0].type == ARM_OP_REG && op[1].type == ARM_OP_IMM;
    const bool three = arm.op_count == 3 && op[0].type == ARM_OP_REG && op[1].type == ARM_OP_REG &&
                       op[1].reg == op[0].reg && op[2].type == ARM_OP_IMM;
    if (!two && !three) return false;
    reg = core_register(op[0].reg);
    imm = static_cast<std::uint32_t>(op[arm.op_count - 1].imm);
    return reg <= 12;
}

// Recognises a counted loop (counted_loop.h) one instruction at a time:
// NOPs, one ADD/SUB of an immediate to a register, CMPs with an
// immediate, and last a conditional branch back to the block's start.
// The flags the branch sees must come from the stepped register.
class loop_recogniser {
public:
    explicit loop_recogniser(std::uint32_t start) : m_start(start) {}

    void reject() { m_possible = false; }

    void add(const cs_insn& insn) {
        const cs_arm& arm = insn.detail->arm;
        unsigned reg;
        std::uint32_t imm;
        if (m_branched) return reject();
        switch (insn.id) {
        case ARM_INS_NOP:
            return;
        case ARM_INS_ADD: case ARM_INS_ADDW: case ARM_INS_SUB: case ARM_INS_SUBW: {
            if (m_stepped || !register_and_immediate(arm, reg, imm) || imm == 0) break;
            const bool subtract = insn.id == ARM_INS_SUB || insn.id == ARM_INS_SUBW;
            m_stepped = true;
            m_loop.counter = reg;
            m_loop.step = subtract ? 0u - imm : imm;
            if (arm.update_flags) set_flags(reg, imm, subtract, false);  // on the counter before its step
            return;
        }
        case ARM_INS_CMP:
            if (!register_and_immediate(arm, reg, imm)) break;
            set_flags(reg, imm, true, m_stepped);
            return;
        case ARM_INS_B:
            if (arm.cc == ARM_CC_AL || arm.op_count != 1 || arm.operands[0].type != ARM_OP_IMM ||
                static_cast<std::uint32_t>(arm.operands[0].imm) != m_start)
                break;
            m_branched = true;
            m_loop.condition = arm.cc - ARM_CC_EQ;  // capstone counts from 1
            return;
        default:
            break;
        }
        reject();
    }

    bool recognised() const {
        return m_possible && m_branched && m_stepped && m_flags_set && m_flags_register == m_loop.counter;
    }
    const counted_loop& loop() const { return m_loop; }

private:
    void set_flags(unsigned reg, std::uint32_t operand, bool subtract, bool after_step) {
        m_flags_set = true;
        m_flags_register = reg;
        m_loop.operand = operand;
        m_loop.subtract = subtract;
        m_loop.flags_after_step = after_step;
    }

    std::uint32_t m_start;
    counted_loop m_loop;
    bool m_possible = true, m_stepped = false, m_flags_set = false, m_branched = false;
    unsigned m_flags_register = 0;
};

} // namespace

std::uint32_t block_decoder::find_faulting_access(
    const std::uint8_t* code, std::uint32_t size, std::uint32_t address, std::uint32_t fault_address,
    const std::function<std::uint32_t(unsigned reg)>& read_reg) const {
    cs_insn* insn = cs_malloc(m_handle);
    const std::uint8_t* p = code;
    std::size_t remaining = size;
    std::uint64_t at = address;
    std::uint32_t found = address;
    while (remaining >= 2) {
        const std::uint32_t pc = static_cast<std::uint32_t>(at);
        if (!cs_disasm_iter(m_handle, &p, &remaining, &at, insn)) break;
        const cs_arm& arm = insn->detail->arm;
        std::int64_t low = 0, high = -1;  // the bytes the instruction may touch
        unsigned transfer = 0;
        for (unsigned i = 0; i < arm.op_count; ++i) {
            const cs_arm_op& op = arm.operands[i];
            if (op.type == ARM_OP_REG) ++transfer;
            if (op.type != ARM_OP_MEM) continue;
            const unsigned base = core_register(op.mem.base);
            if (base == ~0u) continue;
            std::int64_t ea = base == 15 ? ((pc + 4) & ~3u) : read_reg(base);
            const unsigned index = core_register(op.mem.index);
            if (index != ~0u) ea += std::int64_t(read_reg(index)) << op.shift.value;
            ea += op.mem.disp;
            low = std::min<std::int64_t>(ea, read_reg(base));  // pre- or post-indexed
            high = std::max<std::int64_t>(ea, read_reg(base)) + 8;
        }
        const bool multiple = is_multiple_transfer(insn->id);
        if (multiple) {
            const unsigned base = has_implied_base(insn->id) ? 13 : core_register(arm.operands[0].reg);
            const std::int64_t span = 8 * std::max(1u, transfer);
            if (base != ~0u) { low = std::int64_t(read_reg(base)) - span; high = read_reg(base) + span; }
        }
        if (fault_address >= low && fault_address < high) { found = pc; break; }
    }
    cs_free(insn, 1);
    return found;
}

namespace {

bool is_literal_load(const cs_insn& insn) {
    const cs_arm& arm = insn.detail->arm;
    for (unsigned i = 0; i < arm.op_count; ++i)
        if (arm.operands[i].type == ARM_OP_MEM && arm.operands[i].mem.base == ARM_REG_PC) return true;
    return false;
}

} // namespace

block_info block_decoder::decode(const std::uint8_t* code, std::uint32_t size,
                                 std::uint32_t address) const {
    block_info info;
    cs_insn* insn = cs_malloc(m_handle);
    loop_recogniser loop(address);
    pipeline timing(m_costs, m_handle);
    std::uint32_t offset = 0;
    while (offset + 2 <= size) {
        const std::uint16_t hw1 = static_cast<std::uint16_t>(code[offset] | code[offset + 1] << 8);
        const unsigned len = insn_length(hw1);
        const std::uint16_t hw2 = offset + 4 <= size
            ? static_cast<std::uint16_t>(code[offset + 2] | code[offset + 3] << 8) : 0;
        const std::uint32_t pc = address + offset;

        bool decoded = false;  // by capstone (not one of the instructions decoded by hand)
        std::uint8_t rn, sysm;
        if (len == 4 && decode_msr(hw1, hw2, rn, sysm)) {
            if (sysm == sysm_msplim || sysm == sysm_psplim) {
                info.flags |= block_special;
                info.specials.push_back({sysm == sysm_msplim ? special_insn::msr_msplim
                                                             : special_insn::msr_psplim, pc, rn});
            } else if (sysm >= sysm_primask && sysm <= sysm_faultmask) {
                info.flags |= block_unmasks;
            }
        } else if (len == 2 && is_cpsie(hw1)) {
            info.flags |= block_unmasks;
        } else if (is_sev(hw1, hw2, len)) {
            info.flags |= block_special;
            info.specials.push_back({special_insn::sev, pc, 0});
        } else {
            const std::uint8_t* p = code + offset;
            std::size_t remaining = size - offset;
            std::uint64_t at = pc;
            if (cs_disasm_iter(m_handle, &p, &remaining, &at, insn)) {
                decoded = true;
                if (is_fp(*insn) && !(info.flags & block_has_fp)) {
                    info.flags |= block_has_fp;
                    info.first_fp = pc;
                }
                if (is_dsp(*insn) && !(info.flags & block_has_dsp)) {
                    info.flags |= block_has_dsp;
                    info.first_dsp = pc;
                }
            }
        }
        if (decoded) {
            timing.add(*insn);
            loop.add(*insn);
            if (is_literal_load(*insn)) ++info.literal_loads;
        } else {
            timing.add_plain(len == 2);
            loop.reject();
        }
        info.instructions += 1;
        offset += len;
    }
    cs_free(insn, 1);
    // At least a cycle: a counted loop must be bounded by a time budget.
    info.cycles = std::max(1u, timing.cycles());
    info.taken_extra = timing.taken_extra();
    info.stores = timing.stores();
    if (loop.recognised()) {
        info.flags |= block_counted_loop;
        info.loop = loop.loop();
    }
    return info;
}

} // namespace armv8m
