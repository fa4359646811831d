// The Private Peripheral Bus of an Armv8-M Mainline core, as firmware sees
// it at 0xE0000000: the System Control Space (SCB, NVIC, SysTick, MPU, SAU,
// FPU, debug and ID registers) and the DWT cycle counter. Registers are
// stored and read back as the Architecture Reference Manual describes;
// their effects on execution are the core's (it reaches them through
// scs_host). MPU and SAU settings are stored, not enforced.
#pragma once

#include <array>
#include <cstdint>

#include "cores/nvic.h"

namespace armv8m {

struct core_features {
    unsigned num_irq = 32;
    unsigned priority_bits = 3;
    unsigned mpu_regions = 8;
    bool fpu = false;
    bool dsp = false;
    bool security = false;
};

// What the SCS needs from the core it belongs to.
class scs_host {
public:
    virtual ~scs_host() = default;
    virtual std::uint64_t clock_cycles() const = 0;  // core clock cycles since power-on
    virtual void exceptions_changed() = 0;           // re-evaluate pending exceptions promptly
    virtual void systick_changed() = 0;              // re-arm the SysTick deadline
    virtual void fpu_access_changed() = 0;           // CPACR changed
    virtual void system_reset_requested() = 0;       // AIRCR.SYSRESETREQ
    virtual unsigned current_exception() const = 0;  // IPSR
};

// CFSR bits (UFSR << 16 | BFSR << 8 | MMFSR).
enum cfsr_bits : std::uint32_t {
    cfsr_iaccviol = 1u << 0, cfsr_daccviol = 1u << 1, cfsr_mmarvalid = 1u << 7,
    cfsr_ibuserr = 1u << 8, cfsr_preciserr = 1u << 9, cfsr_impreciserr = 1u << 10,
    cfsr_unstkerr = 1u << 11, cfsr_stkerr = 1u << 12, cfsr_bfarvalid = 1u << 15,
    cfsr_undefinstr = 1u << 16, cfsr_invstate = 1u << 17, cfsr_invpc = 1u << 18,
    cfsr_nocp = 1u << 19, cfsr_stkof = 1u << 20, cfsr_unaligned = 1u << 24,
    cfsr_divbyzero = 1u << 25,
};
enum hfsr_bits : std::uint32_t {
    hfsr_vecttbl = 1u << 1, hfsr_forced = 1u << 30, hfsr_debugevt = 1u << 31,
};

class system_control {
public:
    static constexpr std::uint32_t base = 0xE0000000;
    static constexpr std::uint32_t size = 0x00100000;
    // Time sources a busy-wait loop polls (offsets from base).
    static constexpr std::uint32_t dwt_cyccnt_offset = 0x1004, syst_cvr_offset = 0xE018;

    system_control(const core_features& features, scs_host& host, nvic& exceptions);
    void reset(std::uint32_t reset_vtor);

    // Offsets are relative to 0xE0000000. Narrow accesses read or merge the
    // byte lanes of the word they fall in (SHPR and IPR are byte-accessed).
    std::uint32_t read(std::uint32_t offset, unsigned size);
    void write(std::uint32_t offset, std::uint32_t value, unsigned size);

    std::uint32_t vtor() const { return m_vtor; }
    std::uint32_t ccr() const { return m_ccr; }
    bool sleep_on_exit() const { return m_scr & (1u << 1); }
    bool sev_on_pend() const { return m_scr & (1u << 4); }
    bool fpu_enabled(bool privileged) const;
    bool fault_enabled(unsigned exc) const { return m_exceptions->enabled(exc); }

    void record_fault(std::uint32_t cfsr, std::uint32_t fault_address = 0);
    void record_hardfault(std::uint32_t hfsr) { m_hfsr |= hfsr; }
    std::uint32_t cfsr() const { return m_cfsr; }
    std::uint32_t hfsr() const { return m_hfsr; }
    std::uint32_t bfar() const { return m_bfar; }
    std::uint32_t mmfar() const { return m_mmfar; }

    // SysTick, computed from the core clock, never ticked.
    bool systick_interrupt_enabled() const { return (m_systick_ctrl & 3) == 3; }
    // Clock cycle of the next wrap to zero after `cycle`, or 0 if none.
    std::uint64_t systick_next_wrap(std::uint64_t cycle) const;

    std::uint32_t fpccr() const { return m_fpccr; }

private:
    std::uint32_t read_word(std::uint32_t offset);
    void write_word(std::uint32_t offset, std::uint32_t value);
    std::uint32_t read_nvic(std::uint32_t offset) const;
    void write_nvic(std::uint32_t offset, std::uint32_t value);
    std::uint32_t read_icsr() const;
    void write_icsr(std::uint32_t value);
    std::uint32_t read_shcsr() const;
    void write_shcsr(std::uint32_t value);
    void write_aircr(std::uint32_t value);
    std::uint32_t read_shpr(std::uint32_t offset) const;
    void write_shpr(std::uint32_t offset, std::uint32_t value);
    std::uint32_t systick_value(std::uint64_t cycle) const;
    std::uint64_t systick_first_wrap() const;
    std::uint64_t systick_wraps(std::uint64_t cycle) const;
    bool systick_countflag(std::uint64_t cycle) const;
    void systick_restart(std::uint32_t from_value);
    std::uint32_t read_cyccnt() const;

    core_features m_features;
    scs_host* m_host;
    nvic* m_exceptions;

    std::uint32_t m_vtor = 0, m_scr = 0, m_ccr = 0, m_cpacr = 0, m_nsacr = 0, m_actlr = 0;
    std::uint32_t m_cfsr = 0, m_hfsr = 0, m_dfsr = 0, m_mmfar = 0, m_bfar = 0, m_afsr = 0;
    std::uint32_t m_fpccr = 0, m_fpcar = 0, m_fpdscr = 0;
    std::uint32_t m_demcr = 0, m_dhcsr = 0;
    std::uint32_t m_dwt_ctrl = 0, m_cyccnt_at_anchor = 0;
    std::uint64_t m_cyccnt_anchor = 0;

    std::uint32_t m_systick_ctrl = 0, m_systick_reload = 0, m_systick_start_value = 0;
    std::uint64_t m_systick_anchor = 0, m_systick_wraps_seen = 0;
    bool m_systick_countflag = false;

    std::uint32_t m_mpu_ctrl = 0, m_mpu_rnr = 0, m_mpu_mair[2] = {};
    std::array<std::uint32_t, 16> m_mpu_rbar{}, m_mpu_rlar{};
    std::uint32_t m_sau_ctrl = 0, m_sau_rnr = 0, m_sfsr = 0, m_sfar = 0;
    std::array<std::uint32_t, 8> m_itns{};
};

} // namespace armv8m
