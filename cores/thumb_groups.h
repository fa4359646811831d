// What capstone says an instruction belongs to, shared by the block
// decoder and the pipeline model.
#pragma once

#include <capstone/capstone.h>

namespace armv8m {

// r0-r15 by capstone register id (capstone names r9-r12 sb, sl, fp, ip);
// ~0u for anything else.
inline unsigned core_register(unsigned reg) {
    switch (reg) {
    case ARM_REG_SB: return 9;
    case ARM_REG_SL: return 10;
    case ARM_REG_FP: return 11;
    case ARM_REG_IP: return 12;
    case ARM_REG_SP: return 13;
    case ARM_REG_LR: return 14;
    case ARM_REG_PC: return 15;
    default: return reg >= ARM_REG_R0 && reg <= ARM_REG_R12 ? reg - ARM_REG_R0 : ~0u;
    }
}

inline bool in_group(const cs_insn& insn, unsigned group) {
    for (unsigned i = 0; i < insn.detail->groups_count; ++i)
        if (insn.detail->groups[i] == group) return true;
    return false;
}

inline bool is_fp(const cs_insn& insn) {
    return in_group(insn, ARM_GRP_VFP2) || in_group(insn, ARM_GRP_VFP3) ||
           in_group(insn, ARM_GRP_VFP4) || in_group(insn, ARM_GRP_FPARMV8) ||
           in_group(insn, ARM_GRP_DPVFP);
}

// In Armv7-M/Armv8-M the pack/extend-and-add instructions belong to the
// DSP extension too; capstone files them under T2EXTRACTPACK.
inline bool is_dsp(const cs_insn& insn) {
    return in_group(insn, ARM_GRP_THUMB2DSP) || in_group(insn, ARM_GRP_T2EXTRACTPACK);
}

inline bool is_multiple_transfer(unsigned id) {
    switch (id) {
    case ARM_INS_LDM: case ARM_INS_LDMDB: case ARM_INS_STM: case ARM_INS_STMDB:
    case ARM_INS_PUSH: case ARM_INS_POP: case ARM_INS_VLDMIA: case ARM_INS_VLDMDB:
    case ARM_INS_VSTMIA: case ARM_INS_VSTMDB: case ARM_INS_VPUSH: case ARM_INS_VPOP:
        return true;
    default:
        return false;
    }
}

// PUSH/POP and VPUSH/VPOP name no base register (SP is implied).
inline bool has_implied_base(unsigned id) {
    return id == ARM_INS_PUSH || id == ARM_INS_POP || id == ARM_INS_VPUSH || id == ARM_INS_VPOP;
}

} // namespace armv8m
