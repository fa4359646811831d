// Static facts about one translated block of Thumb code, worked out once
// per block (capstone decodes it) and cached by the core: how many
// instructions and cycles it costs (pipeline.h), and which instructions in it need the
// core's attention (interrupt unmasking, stack-limit writes, SEV, and
// instructions of optional extensions that a core may lack), and whether
// it is a counted loop the core may advance without executing it.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "cores/counted_loop.h"
#include "cores/cycle_costs.h"

namespace armv8m {

enum block_flags : std::uint32_t {
    block_unmasks = 1u << 0,       // CPSIE, MSR PRIMASK/BASEPRI/BASEPRI_MAX/FAULTMASK
    block_has_fp = 1u << 1,        // a floating-point (VFP) instruction
    block_has_dsp = 1u << 2,       // a DSP-extension instruction
    block_special = 1u << 3,       // MSR MSPLIM/PSPLIM or SEV: watched by code hooks
    block_counted_loop = 1u << 4,  // a counted loop (block_info::loop), costing cycles
};

struct special_insn {
    enum kind_t : std::uint8_t { msr_msplim, msr_psplim, sev } kind;
    std::uint32_t address;
    std::uint8_t rn;  // source register of an MSR
};

struct block_info {
    std::uint32_t instructions = 0;
    std::uint32_t cycles = 0;         // with a final conditional branch not taken
    std::uint32_t taken_extra = 0;    // added when that branch is taken
    std::uint32_t literal_loads = 0;  // PC-relative loads: data reads from the code's memory
    std::uint32_t flags = 0;
    bool stores = false;              // an instruction writes memory
    std::uint32_t first_fp = 0;   // address of the first FP instruction
    std::uint32_t first_dsp = 0;  // address of the first DSP instruction
    std::vector<special_insn> specials;
    counted_loop loop;            // with block_counted_loop
};

class block_decoder {
public:
    explicit block_decoder(const cycle_costs& costs = {});
    ~block_decoder();
    block_decoder(const block_decoder&) = delete;
    block_decoder& operator=(const block_decoder&) = delete;

    // `code` holds `size` bytes of the block starting at `address`.
    block_info decode(const std::uint8_t* code, std::uint32_t size, std::uint32_t address) const;

    // Unicorn reports a failed data access with PC at the start of its
    // block, the instructions before it already done. This finds the
    // load/store in the block whose effective address, computed from the
    // registers as they are now, covers `fault_address`; returns the
    // block start if none does.
    std::uint32_t find_faulting_access(const std::uint8_t* code, std::uint32_t size,
                                       std::uint32_t address, std::uint32_t fault_address,
                                       const std::function<std::uint32_t(unsigned reg)>& read_reg) const;

    // Thumb instruction length from its first halfword.
    static unsigned insn_length(std::uint16_t first_halfword) {
        return (first_halfword >> 11) >= 0x1d ? 4 : 2;
    }

private:
    std::size_t m_handle = 0;
    cycle_costs m_costs;
};

} // namespace armv8m
