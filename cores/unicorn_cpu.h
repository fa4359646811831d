// Unicorn 2.0.1's Cortex-M33 as an instruction executor, with every quirk
// of that version handled here and nowhere else. The version is Debian
// 12's (libunicorn2 2.0.1.post1-1+b1); the paths below are in its source,
// github.com/unicorn-engine/unicorn at tag 2.0.1, and "measured" marks
// what was found by running small programs on it.
//  - register writes of IPSR/CONTROL/XPSR leave translation flags stale:
//    rebuild_flags() rewrites APSR_NZCV, the one write that rebuilds them
//    (reg_write in qemu/target/arm/unicorn_arm.c calls arm_rebuild_hflags
//    for APSR_NZCV, not for those);
//  - MSP/PSP/PRIMASK/BASEPRI/FAULTMASK accessors go through MSR/MRS and
//    read 0 / ignore writes in unprivileged Thread mode: banked SPs are
//    reached through r13 or from Handler mode (reg_read/reg_write call
//    helper_v7m_mrs/helper_v7m_msr, qemu/target/arm/m_helper.c);
//  - plain XPSR writes do not restore GE: flags go last via XPSR_NZCVQG
//    (reg_write masks an XPSR write to NZCVQ);
//  - translated code is not invalidated when memory changes behind the
//    engine (uc_mem_write, another engine, a host memcpy): invalidate()
//    (measured);
//  - never flush the whole translation cache: UC_CTL_TB_FLUSH touches all
//    of the 1 GiB code buffer (DEFAULT_CODE_GEN_BUFFER_SIZE in
//    qemu/accel/tcg/translate-all.c; measured: seconds of system time,
//    1 GiB resident);
//  - uc_ctl_remove_cache over a range that uc_mem_protect restricted
//    silently lifts the restriction: remove first, then protect (measured);
//  - a failed data access (unmapped or protected) leaves PC at the start
//    of its translated block (measured; the core finds the instruction);
//  - uc_emu_stop() from an interrupt hook that also wrote PC is ignored: a
//    PC write sets quit_request (arm_reg_write, unicorn_arm.c), which makes
//    tcg_cpu_exec (qemu/softmmu/cpus.c) clear the stop request;
//  - `until` is honoured only while translating (the ARM translator checks
//    uc_addr_is_exit, qemu/target/arm/translate.c): the cached block
//    running through it must be dropped first.
//  - every guest store to RAM takes the slow path, looking for translated
//    code to drop: 2.0.1 enters every writable RAM page in the TLB as "not
//    dirty" (cpu_physical_memory_is_clean is always true,
//    qemu/include/exec/ram_addr.h) and never clears the mark, and each
//    store then looks its region up and builds and frees a page collection
//    that nothing reads (notdirty_write in qemu/accel/tcg/cputlb.c).
//    unicorn_cpu.cpp clears the mark on pages that hold no code, as
//    Unicorn does from 2.1.0, and supplies 2.1.0's allocation-free page
//    collection.
#pragma once

#include <unicorn/unicorn.h>

#include <cstdint>
#include <string>
#include <vector>

namespace armv8m {

class unicorn_cpu {
public:
    unicorn_cpu();
    ~unicorn_cpu();
    unicorn_cpu(const unicorn_cpu&) = delete;
    unicorn_cpu& operator=(const unicorn_cpu&) = delete;

    uc_engine* engine() const { return m_uc; }

    // uc_emu_start from `begin` (Thumb) to `until` (0: no end address).
    uc_err run(std::uint32_t begin, std::uint64_t until = 0);
    // [begin, end) is mapped as writable RAM (see the store path in
    // unicorn_cpu.cpp).
    void note_ram(std::uint64_t begin, std::uint64_t end);
    // Unicorn has translated code in [begin, end): stores there must keep
    // finding it.
    void note_code(std::uint64_t begin, std::uint64_t end);

    std::uint32_t reg(int id) const;
    void set_reg(int id, std::uint32_t value);
    std::uint32_t pc() const { return reg(UC_ARM_REG_PC); }
    void set_pc(std::uint32_t address) { set_reg(UC_ARM_REG_PC, address | 1); }
    std::uint32_t sp() const { return reg(UC_ARM_REG_SP); }
    void set_sp(std::uint32_t value) { set_reg(UC_ARM_REG_SP, value); }

    std::uint32_t ipsr() const { return reg(UC_ARM_REG_IPSR) & 0x1FF; }
    std::uint32_t control() const { return reg(UC_ARM_REG_CONTROL); }
    bool privileged() const { return ipsr() != 0 || !(control() & 1); }

    // The full xPSR including the GE bits.
    std::uint32_t xpsr() const;
    // Writes IPSR, EPSR and APSR (GE included), then rebuilds the flags.
    void set_xpsr(std::uint32_t value);
    void set_ipsr(std::uint32_t exception);
    void set_control(std::uint32_t value);

    // PRIMASK, BASEPRI, FAULTMASK: MRS-based, so they read 0 when
    // unprivileged unless read from Handler mode.
    std::uint32_t mask_reg(int id) const;

    // Banked stack pointers regardless of the current mode and privilege.
    std::uint32_t msp() const;
    std::uint32_t psp() const;
    void set_msp(std::uint32_t value);
    void set_psp(std::uint32_t value);

    void rebuild_flags();
    void invalidate(std::uint64_t begin, std::uint64_t end);

    static std::string error_text(uc_err err);

private:
    // Runs `fn` with the core momentarily in Handler mode, where the MSR
    // helpers behind the banked-register accessors are privileged.
    template <typename Fn> auto in_handler_mode(Fn fn) const;

    friend struct tlb_entries;
    void entered_in_tlb(void* tcg_cpu, std::uint32_t address);

    uc_engine* m_uc = nullptr;
    void* m_tcg_cpu = nullptr;  // Unicorn's CPUState, as its TLB fills name it
    std::uint32_t m_tlb_page_bytes = 0;
    static constexpr std::uint32_t page_bytes = 4096;
    std::vector<bool> m_ram_pages = std::vector<bool>((std::uint64_t(1) << 32) / page_bytes);
    // Pages this core ever ran code in (never forgotten, unlike the
    // core's own record of pages whose code to drop on a bus write).
    std::vector<bool> m_code_pages = std::vector<bool>((std::uint64_t(1) << 32) / page_bytes);
};

} // namespace armv8m
