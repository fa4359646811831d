#include "cores/scs.h"

namespace armv8m {

namespace {

// Offsets from 0xE0000000 (Armv8-M ARM, chapter D1 "System register map").
enum : std::uint32_t {
    dwt_ctrl = 0x1000, dwt_cyccnt = 0x1004,
    ictr = 0xE004, actlr = 0xE008,
    syst_csr = 0xE010, syst_rvr = 0xE014, syst_cvr = 0xE018, syst_calib = 0xE01C,
    nvic_iser = 0xE100, nvic_icer = 0xE180, nvic_ispr = 0xE200, nvic_icpr = 0xE280,
    nvic_iabr = 0xE300, nvic_itns = 0xE380, nvic_ipr = 0xE400, nvic_ipr_end = 0xE5F0,
    cpuid = 0xED00, icsr = 0xED04, vtor_reg = 0xED08, aircr = 0xED0C, scr = 0xED10, ccr_reg = 0xED14,
    shpr1 = 0xED18, shpr3 = 0xED20, shcsr = 0xED24, cfsr_reg = 0xED28, hfsr_reg = 0xED2C, dfsr = 0xED30,
    mmfar_reg = 0xED34, bfar_reg = 0xED38, afsr = 0xED3C, id_pfr0 = 0xED40, id_isar4 = 0xED70,
    cpacr = 0xED88, nsacr = 0xED8C,
    mpu_type = 0xED90, mpu_ctrl = 0xED94, mpu_rnr = 0xED98, mpu_rbar = 0xED9C, mpu_rlar = 0xEDA0,
    mpu_rbar_a3 = 0xEDB4, mpu_mair0 = 0xEDC0, mpu_mair1 = 0xEDC4,
    sau_ctrl = 0xEDD0, sau_type = 0xEDD4, sau_rnr = 0xEDD8, sau_rbar = 0xEDDC, sau_rlar = 0xEDE0,
    sfsr = 0xEDE4, sfar = 0xEDE8,
    dhcsr = 0xEDF0, demcr = 0xEDFC,
    stir = 0xEF00, fpccr_reg = 0xEF34, fpcar = 0xEF38, fpdscr = 0xEF3C, mvfr0 = 0xEF40,
    mvfr1 = 0xEF44, mvfr2 = 0xEF48, pid4 = 0xEFD0, cid3 = 0xEFFC,
};

constexpr std::uint32_t cpuid_cortex_m33_r0p4 = 0x410FD214;
constexpr std::uint32_t ccr_reset = 0x00000201;  // STKALIGN (RES1) | NONBASETHRDENA position kept 1
constexpr std::uint32_t fpccr_reset = 0xC0000000;  // ASPEN | LSPEN
constexpr std::uint32_t aircr_vectkey = 0x05FA;

// Processor feature registers of a Cortex-M33 (Cortex-M33 TRM, "Identification registers").
constexpr std::uint32_t id_registers[] = {
    0x00000030, 0x00000210, 0x00200000, 0x00000000,  // PFR0, PFR1, DFR0, AFR0
    0x00101F40, 0x00000000, 0x01000000, 0x00000000,  // MMFR0..3
    0x01101110, 0x02212000, 0x20232232, 0x01111131,  // ISAR0..3
    0x01310132,                                       // ISAR4
};
// Peripheral and component ID registers of the SCS (PID4..PID7, PID0..PID3, CID0..CID3).
constexpr std::uint32_t component_ids[] = {
    0x04, 0x00, 0x00, 0x00, 0x21, 0xBD, 0x0B, 0x00, 0x0D, 0xE0, 0x05, 0xB1,
};

unsigned bit_number(std::uint32_t offset, std::uint32_t bank_base) {
    return (offset - bank_base) * 8;  // 32 lines per word
}

} // namespace

system_control::system_control(const core_features& features, scs_host& host, nvic& exceptions)
    : m_features(features), m_host(&host), m_exceptions(&exceptions) {}

void system_control::reset(std::uint32_t reset_vtor) {
    *this = system_control(m_features, *m_host, *m_exceptions);
    m_vtor = reset_vtor;
    m_ccr = ccr_reset;
    m_fpccr = m_features.fpu ? fpccr_reset : 0;
    m_dwt_ctrl = 0x40000000;  // NUMCOMP = 4
}

bool system_control::fpu_enabled(bool privileged) const {
    if (!m_features.fpu) return false;
    const unsigned cp10 = (m_cpacr >> 20) & 3;
    return cp10 == 3 || (cp10 == 1 && privileged);
}

void system_control::record_fault(std::uint32_t bits, std::uint32_t fault_address) {
    m_cfsr |= bits;
    if (bits & cfsr_bfarvalid) m_bfar = fault_address;
    if (bits & cfsr_mmarvalid) m_mmfar = fault_address;
}

std::uint32_t system_control::read(std::uint32_t offset, unsigned size) {
    const std::uint32_t word = read_word(offset & ~3u);
    if (size == 4) return word;
    const unsigned shift = (offset & 3) * 8;
    const std::uint32_t mask = size == 1 ? 0xFF : 0xFFFF;
    return (word >> shift) & mask;
}

void system_control::write(std::uint32_t offset, std::uint32_t value, unsigned size) {
    const std::uint32_t aligned = offset & ~3u;
    if (size == 4) { write_word(aligned, value); return; }
    // Byte-accessible registers: merge the lane into the current word.
    // Only priority registers are byte-written by real firmware; for W1x
    // registers a narrow write naturally affects only its own lane.
    const unsigned shift = (offset & 3) * 8;
    const std::uint32_t mask = (size == 1 ? 0xFFu : 0xFFFFu) << shift;
    const bool mergeable = (aligned >= nvic_ipr && aligned < nvic_ipr_end) ||
                           (aligned >= shpr1 && aligned <= shpr3) || aligned == mpu_mair0 ||
                           aligned == mpu_mair1;
    const std::uint32_t base_value = mergeable ? read_word(aligned) & ~mask : 0;
    write_word(aligned, base_value | ((value << shift) & mask));
}

std::uint32_t system_control::read_word(std::uint32_t offset) {
    if (offset >= nvic_iser && offset < nvic_ipr_end) return read_nvic(offset);
    if (offset >= id_pfr0 && offset <= id_isar4) return id_registers[(offset - id_pfr0) / 4];
    if (offset >= pid4 && offset <= cid3) return component_ids[(offset - pid4) / 4];
    if (offset >= mpu_rbar && offset <= mpu_rbar_a3 + 4) {
        const unsigned alias = (offset - mpu_rbar) / 8;
        const unsigned region = (m_mpu_rnr & ~3u) + alias + (alias ? 0 : (m_mpu_rnr & 3));
        if (region >= m_features.mpu_regions) return 0;
        return (offset - mpu_rbar) % 8 ? m_mpu_rlar[region] : m_mpu_rbar[region];
    }
    switch (offset) {
    case dwt_ctrl: return m_dwt_ctrl;
    case dwt_cyccnt: return read_cyccnt();
    case ictr: return (m_features.num_irq + 31) / 32 - 1;
    case actlr: return m_actlr;
    case syst_csr: {
        const std::uint64_t now = m_host->clock_cycles();
        const bool countflag = systick_countflag(now);
        m_systick_countflag = false;  // COUNTFLAG clears on read
        m_systick_wraps_seen = systick_wraps(now);
        return (m_systick_ctrl & 7) | (1u << 2) | (countflag ? 1u << 16 : 0);
    }
    case syst_rvr: return m_systick_reload;
    case syst_cvr: return systick_value(m_host->clock_cycles());
    case syst_calib: return 1u << 31;  // NOREF: no separate reference clock
    case cpuid: return cpuid_cortex_m33_r0p4;
    case icsr: return read_icsr();
    case vtor_reg: return m_vtor;
    case aircr: return 0xFA050000u | m_exceptions->prigroup() << 8;
    case scr: return m_scr;
    case ccr_reg: return m_ccr;
    case 0xED18: case 0xED1C: case 0xED20: return read_shpr(offset);
    case shcsr: return read_shcsr();
    case cfsr_reg: return m_cfsr;
    case hfsr_reg: return m_hfsr;
    case dfsr: return m_dfsr;
    case mmfar_reg: return m_mmfar;
    case bfar_reg: return m_bfar;
    case afsr: return m_afsr;
    case cpacr: return m_cpacr;
    case nsacr: return m_nsacr;
    case mpu_type: return m_features.mpu_regions << 8;
    case mpu_ctrl: return m_mpu_ctrl;
    case mpu_rnr: return m_mpu_rnr;
    case mpu_mair0: return m_mpu_mair[0];
    case mpu_mair1: return m_mpu_mair[1];
    case sau_ctrl: return m_features.security ? m_sau_ctrl : 0;
    case sau_type: return 0;  // no SAU regions (nRF5340: __SAUREGION_PRESENT 0)
    case sau_rnr: return m_sau_rnr;
    case sfsr: return m_sfsr;
    case sfar: return m_sfar;
    case dhcsr: return m_dhcsr;
    case demcr: return m_demcr;
    case fpccr_reg: return m_fpccr;
    case fpcar: return m_fpcar;
    case fpdscr: return m_fpdscr;
    case mvfr0: return m_features.fpu ? 0x10110021 : 0;
    case mvfr1: return m_features.fpu ? 0x11000011 : 0;
    case mvfr2: return m_features.fpu ? 0x00000040 : 0;
    default: return 0;
    }
}

void system_control::write_word(std::uint32_t offset, std::uint32_t value) {
    if (offset >= nvic_iser && offset < nvic_ipr_end) { write_nvic(offset, value); return; }
    if (offset >= mpu_rbar && offset <= mpu_rbar_a3 + 4) {
        const unsigned alias = (offset - mpu_rbar) / 8;
        const unsigned region = (m_mpu_rnr & ~3u) + alias + (alias ? 0 : (m_mpu_rnr & 3));
        if (region >= m_features.mpu_regions) return;
        ((offset - mpu_rbar) % 8 ? m_mpu_rlar : m_mpu_rbar)[region] = value;
        return;
    }
    switch (offset) {
    case dwt_ctrl:
        m_cyccnt_at_anchor = read_cyccnt();
        m_cyccnt_anchor = m_host->clock_cycles();
        m_dwt_ctrl = (m_dwt_ctrl & 0xFFFF0000u) | (value & 0xFFFF);
        break;
    case dwt_cyccnt:
        m_cyccnt_at_anchor = value;
        m_cyccnt_anchor = m_host->clock_cycles();
        break;
    case actlr: m_actlr = value; break;
    case syst_csr: {
        const bool was_enabled = m_systick_ctrl & 1;
        const std::uint32_t current = systick_value(m_host->clock_cycles());
        if (was_enabled != bool(value & 1)) systick_restart(current);
        m_systick_ctrl = value & 7;
        m_host->systick_changed();
        break;
    }
    case syst_rvr: m_systick_reload = value & 0x00FFFFFF; m_host->systick_changed(); break;
    case syst_cvr:  // any write clears the counter and COUNTFLAG
        systick_restart(0);
        m_systick_countflag = false;
        m_host->systick_changed();
        break;
    case icsr: write_icsr(value); break;
    case vtor_reg: m_vtor = value & 0xFFFFFF80u; break;
    case aircr: write_aircr(value); break;
    case scr: m_scr = value & 0x1E; break;
    case ccr_reg: m_ccr = (value & 0x0007071Bu) | 0x200; break;
    case 0xED18: case 0xED1C: case 0xED20: write_shpr(offset, value); break;
    case shcsr: write_shcsr(value); break;
    case cfsr_reg: m_cfsr &= ~value; break;
    case hfsr_reg: m_hfsr &= ~value; break;
    case dfsr: m_dfsr &= ~value; break;
    case mmfar_reg: m_mmfar = value; break;
    case bfar_reg: m_bfar = value; break;
    case cpacr:
        m_cpacr = m_features.fpu ? value & (0xFu << 20) : 0;
        m_host->fpu_access_changed();
        break;
    case nsacr: m_nsacr = value & 0xC00; break;
    case mpu_ctrl: m_mpu_ctrl = value & 7; break;
    case mpu_rnr: m_mpu_rnr = value & 0xFF; break;
    case mpu_mair0: m_mpu_mair[0] = value; break;
    case mpu_mair1: m_mpu_mair[1] = value; break;
    case sau_ctrl: if (m_features.security) m_sau_ctrl = value & 3; break;
    case sau_rnr: m_sau_rnr = value & 0xFF; break;
    case sfsr: m_sfsr &= ~value; break;
    case sfar: m_sfar = value; break;
    case dhcsr: if ((value >> 16) == 0xA05F) m_dhcsr = value & 0xFFFF; break;
    case demcr: m_demcr = value & 0x010F0FF1u; break;
    case stir:
        if ((value & 0x1FF) < m_features.num_irq) {
            m_exceptions->set_pending(exc_irq0 + (value & 0x1FF), true);
            m_host->exceptions_changed();
        }
        break;
    case fpccr_reg: if (m_features.fpu) m_fpccr = value & 0xF0000000u; break;
    case fpcar: if (m_features.fpu) m_fpcar = value & ~7u; break;
    case fpdscr: if (m_features.fpu) m_fpdscr = value & 0x07C00000u; break;
    default: break;
    }
}

std::uint32_t system_control::read_nvic(std::uint32_t offset) const {
    if (offset >= nvic_ipr) {
        std::uint32_t word = 0;
        for (unsigned i = 0; i < 4; ++i) {
            const unsigned irq = offset - nvic_ipr + i;
            if (irq < m_features.num_irq)
                word |= std::uint32_t(m_exceptions->priority_field(exc_irq0 + irq)) << (8 * i);
        }
        return word;
    }
    const std::uint32_t bank = offset & ~0x7Fu;
    if (bank == nvic_itns) return m_itns[(offset - nvic_itns) / 4];
    std::uint32_t word = 0;
    const unsigned first = bit_number(offset, bank);
    for (unsigned bit = 0; bit < 32; ++bit) {
        const unsigned irq = first + bit;
        if (irq >= m_features.num_irq) break;
        const unsigned exc = exc_irq0 + irq;
        bool set = false;
        switch (bank) {
        case nvic_iser: case nvic_icer: set = m_exceptions->enabled(exc); break;
        case nvic_ispr: case nvic_icpr: set = m_exceptions->pending(exc); break;
        case nvic_iabr: set = m_exceptions->active(exc); break;
        }
        if (set) word |= 1u << bit;
    }
    return word;
}

void system_control::write_nvic(std::uint32_t offset, std::uint32_t value) {
    if (offset >= nvic_ipr) {
        for (unsigned i = 0; i < 4; ++i) {
            const unsigned irq = offset - nvic_ipr + i;
            if (irq < m_features.num_irq)
                m_exceptions->set_priority_field(exc_irq0 + irq, std::uint8_t(value >> (8 * i)));
        }
        m_host->exceptions_changed();
        return;
    }
    const std::uint32_t bank = offset & ~0x7Fu;
    if (bank == nvic_itns) {
        if (m_features.security) m_itns[(offset - nvic_itns) / 4] = value;
        return;
    }
    const unsigned first = bit_number(offset, bank);
    for (unsigned bit = 0; bit < 32; ++bit) {
        const unsigned irq = first + bit;
        if (irq >= m_features.num_irq) break;
        if (!(value & (1u << bit))) continue;
        const unsigned exc = exc_irq0 + irq;
        switch (bank) {
        case nvic_iser: m_exceptions->set_enabled(exc, true); break;
        case nvic_icer: m_exceptions->set_enabled(exc, false); break;
        case nvic_ispr: m_exceptions->set_pending(exc, true); break;
        case nvic_icpr: m_exceptions->set_pending(exc, false); break;
        default: break;  // IABR is read-only
        }
    }
    m_host->exceptions_changed();
}

std::uint32_t system_control::read_icsr() const {
    const unsigned active = m_host->current_exception();
    const unsigned pending = m_exceptions->highest_pending();
    bool isr_pending = false;
    for (unsigned irq = 0; irq < m_features.num_irq && !isr_pending; ++irq)
        isr_pending = m_exceptions->pending(exc_irq0 + irq);
    const bool rettobase = active != 0 && m_exceptions->active_count() <= 1;
    return active | (rettobase ? 1u << 11 : 0) | (pending & 0x1FF) << 12 |
           (isr_pending ? 1u << 22 : 0) |
           (m_exceptions->pending(exc_systick) ? 1u << 26 : 0) |
           (m_exceptions->pending(exc_pendsv) ? 1u << 28 : 0) |
           (m_exceptions->pending(exc_nmi) ? 1u << 31 : 0);
}

void system_control::write_icsr(std::uint32_t value) {
    if (value & (1u << 31)) m_exceptions->set_pending(exc_nmi, true);
    if (value & (1u << 30)) m_exceptions->set_pending(exc_nmi, false);
    if (value & (1u << 28)) m_exceptions->set_pending(exc_pendsv, true);
    if (value & (1u << 27)) m_exceptions->set_pending(exc_pendsv, false);
    if (value & (1u << 26)) m_exceptions->set_pending(exc_systick, true);
    if (value & (1u << 25)) m_exceptions->set_pending(exc_systick, false);
    m_host->exceptions_changed();
}

std::uint32_t system_control::read_shcsr() const {
    const nvic& e = *m_exceptions;
    std::uint32_t v = 0;
    auto put = [&](unsigned bit, bool on) { if (on) v |= 1u << bit; };
    put(0, e.active(exc_memmanage));   put(1, e.active(exc_busfault));
    put(2, e.active(exc_hardfault));   put(3, e.active(exc_usagefault));
    put(4, e.active(exc_securefault)); put(5, e.active(exc_nmi));
    put(7, e.active(exc_svcall));      put(8, e.active(exc_debugmonitor));
    put(10, e.active(exc_pendsv));     put(11, e.active(exc_systick));
    put(12, e.pending(exc_usagefault)); put(13, e.pending(exc_memmanage));
    put(14, e.pending(exc_busfault));   put(15, e.pending(exc_svcall));
    put(16, e.enabled(exc_memmanage));  put(17, e.enabled(exc_busfault));
    put(18, e.enabled(exc_usagefault)); put(19, m_features.security && e.enabled(exc_securefault));
    put(20, e.pending(exc_securefault)); put(21, e.pending(exc_hardfault));
    return v;
}

void system_control::write_shcsr(std::uint32_t value) {
    nvic& e = *m_exceptions;
    e.set_enabled(exc_memmanage, value & (1u << 16));
    e.set_enabled(exc_busfault, value & (1u << 17));
    e.set_enabled(exc_usagefault, value & (1u << 18));
    if (m_features.security) e.set_enabled(exc_securefault, value & (1u << 19));
    // Active and pending bits are writable for context save/restore.
    e.set_active(exc_memmanage, value & (1u << 0));
    e.set_active(exc_busfault, value & (1u << 1));
    e.set_active(exc_usagefault, value & (1u << 3));
    e.set_active(exc_svcall, value & (1u << 7));
    e.set_active(exc_pendsv, value & (1u << 10));
    e.set_active(exc_systick, value & (1u << 11));
    e.set_pending(exc_usagefault, value & (1u << 12));
    e.set_pending(exc_memmanage, value & (1u << 13));
    e.set_pending(exc_busfault, value & (1u << 14));
    e.set_pending(exc_svcall, value & (1u << 15));
    m_host->exceptions_changed();
}

void system_control::write_aircr(std::uint32_t value) {
    if ((value >> 16) != aircr_vectkey) return;  // writes without VECTKEY are ignored
    m_exceptions->set_prigroup((value >> 8) & 7);
    m_host->exceptions_changed();
    if (value & (1u << 2)) m_host->system_reset_requested();
}

std::uint32_t system_control::read_shpr(std::uint32_t offset) const {
    std::uint32_t word = 0;
    const unsigned first = 4 + (offset - shpr1);
    for (unsigned i = 0; i < 4; ++i)
        word |= std::uint32_t(m_exceptions->priority_field(first + i)) << (8 * i);
    return word;
}

void system_control::write_shpr(std::uint32_t offset, std::uint32_t value) {
    const unsigned first = 4 + (offset - shpr1);
    for (unsigned i = 0; i < 4; ++i)
        m_exceptions->set_priority_field(first + i, std::uint8_t(value >> (8 * i)));
    m_host->exceptions_changed();
}

// SysTick counts down once per core clock cycle from `start_value`; on
// reaching zero it reloads RVR on the next cycle, so it wraps every
// RVR+1 cycles (a start from zero reloads first). Everything is a function
// of the clock cycle; nothing ticks.
std::uint64_t system_control::systick_first_wrap() const {
    return m_systick_start_value ? m_systick_start_value : std::uint64_t(m_systick_reload) + 1;
}

std::uint64_t system_control::systick_wraps(std::uint64_t cycle) const {
    if (!(m_systick_ctrl & 1) || cycle < m_systick_anchor) return 0;
    const std::uint64_t elapsed = cycle - m_systick_anchor;
    const std::uint64_t first = systick_first_wrap();
    return elapsed < first ? 0 : 1 + (elapsed - first) / (std::uint64_t(m_systick_reload) + 1);
}

bool system_control::systick_countflag(std::uint64_t cycle) const {
    return m_systick_countflag || systick_wraps(cycle) > m_systick_wraps_seen;
}

std::uint32_t system_control::systick_value(std::uint64_t cycle) const {
    if (!(m_systick_ctrl & 1)) return m_systick_start_value;
    const std::uint64_t elapsed = cycle - m_systick_anchor;
    if (elapsed <= m_systick_start_value) return std::uint32_t(m_systick_start_value - elapsed);
    const std::uint64_t period = std::uint64_t(m_systick_reload) + 1;
    return std::uint32_t((period - (elapsed - m_systick_start_value) % period) % period);
}

void system_control::systick_restart(std::uint32_t from_value) {
    const std::uint64_t now = m_host->clock_cycles();
    m_systick_countflag = systick_countflag(now);
    m_systick_anchor = now;
    m_systick_start_value = from_value;
    m_systick_wraps_seen = 0;
}

std::uint64_t system_control::systick_next_wrap(std::uint64_t cycle) const {
    if (!(m_systick_ctrl & 1) || m_systick_reload == 0) return 0;
    const std::uint64_t first = m_systick_anchor + systick_first_wrap();
    if (cycle < first) return first;
    const std::uint64_t period = std::uint64_t(m_systick_reload) + 1;
    return first + ((cycle - first) / period + 1) * period;
}

std::uint32_t system_control::read_cyccnt() const {
    if (!(m_dwt_ctrl & 1) || !(m_demcr & (1u << 24))) return m_cyccnt_at_anchor;
    return m_cyccnt_at_anchor + std::uint32_t(m_host->clock_cycles() - m_cyccnt_anchor);
}

} // namespace armv8m
