#include "cores/unicorn_cpu.h"

#include <dlfcn.h>

#include <stdexcept>

namespace armv8m {

namespace {
constexpr std::uint32_t xpsr_ge_mask = 0x000F0000;
constexpr std::uint32_t control_spsel = 1u << 1;
unicorn_cpu* running = nullptr;  // the core inside uc_emu_start
}

unicorn_cpu::unicorn_cpu() {
    uc_err err = uc_open(UC_ARCH_ARM, static_cast<uc_mode>(UC_MODE_THUMB | UC_MODE_MCLASS), &m_uc);
    if (err != UC_ERR_OK) throw std::runtime_error("unicorn: " + error_text(err));
    // The model must be chosen before the first mapping (it is the default too).
    err = uc_ctl_set_cpu_model(m_uc, UC_CPU_ARM_CORTEX_M33);
    if (err != UC_ERR_OK) throw std::runtime_error("unicorn: cannot select Cortex-M33: " + error_text(err));
    err = uc_ctl_get_page_size(m_uc, &m_tlb_page_bytes);
    if (err != UC_ERR_OK) throw std::runtime_error("unicorn: no page size: " + error_text(err));
}

unicorn_cpu::~unicorn_cpu() { uc_close(m_uc); }

std::string unicorn_cpu::error_text(uc_err err) { return uc_strerror(err); }

uc_err unicorn_cpu::run(std::uint32_t begin, std::uint64_t until) {
    running = this;
    const uc_err err = uc_emu_start(m_uc, begin | 1, until, 0, 0);
    running = nullptr;
    return err;
}

std::uint32_t unicorn_cpu::reg(int id) const {
    std::uint32_t value = 0;
    uc_reg_read(m_uc, id, &value);
    return value;
}

void unicorn_cpu::set_reg(int id, std::uint32_t value) { uc_reg_write(m_uc, id, &value); }

void unicorn_cpu::rebuild_flags() {
    // Only the APSR_NZCV write path calls arm_rebuild_hflags() in 2.0.1.
    set_reg(UC_ARM_REG_APSR_NZCV, reg(UC_ARM_REG_APSR_NZCV));
}

std::uint32_t unicorn_cpu::xpsr() const {
    return (reg(UC_ARM_REG_XPSR) & ~xpsr_ge_mask) | (reg(UC_ARM_REG_XPSR_NZCVQG) & xpsr_ge_mask);
}

void unicorn_cpu::set_xpsr(std::uint32_t value) {
    set_reg(UC_ARM_REG_XPSR, value);
    set_reg(UC_ARM_REG_XPSR_NZCVQG, value);
    rebuild_flags();
}

void unicorn_cpu::set_ipsr(std::uint32_t exception) {
    set_reg(UC_ARM_REG_IPSR, exception);
    rebuild_flags();
}

void unicorn_cpu::set_control(std::uint32_t value) {
    set_reg(UC_ARM_REG_CONTROL, value);
    rebuild_flags();
}

template <typename Fn> auto unicorn_cpu::in_handler_mode(Fn fn) const {
    const std::uint32_t saved_ipsr = ipsr();
    auto* self = const_cast<unicorn_cpu*>(this);
    if (saved_ipsr == 0) self->set_reg(UC_ARM_REG_IPSR, 1);
    auto result = fn();
    if (saved_ipsr == 0) {
        self->set_reg(UC_ARM_REG_IPSR, 0);
        self->rebuild_flags();
    }
    return result;
}

std::uint32_t unicorn_cpu::mask_reg(int id) const {
    if (privileged()) return reg(id);
    return in_handler_mode([&] { return reg(id); });
}

std::uint32_t unicorn_cpu::msp() const {
    if (ipsr() == 0 && !(control() & control_spsel)) return sp();
    return in_handler_mode([&] { return reg(UC_ARM_REG_MSP); });
}

std::uint32_t unicorn_cpu::psp() const {
    if (ipsr() == 0 && (control() & control_spsel)) return sp();
    return in_handler_mode([&] { return reg(UC_ARM_REG_PSP); });
}

void unicorn_cpu::set_msp(std::uint32_t value) {
    if (ipsr() != 0 || !(control() & control_spsel)) { set_sp(value); return; }
    in_handler_mode([&] { const_cast<unicorn_cpu*>(this)->set_reg(UC_ARM_REG_MSP, value); return 0; });
}

void unicorn_cpu::set_psp(std::uint32_t value) {
    if (ipsr() == 0 && (control() & control_spsel)) { set_sp(value); return; }
    in_handler_mode([&] { const_cast<unicorn_cpu*>(this)->set_reg(UC_ARM_REG_PSP, value); return 0; });
}

void unicorn_cpu::invalidate(std::uint64_t begin, std::uint64_t end) {
    uc_ctl_remove_cache(m_uc, begin, end);
}

// ---- The store path ----
//
// Unicorn 2.0.x enters every writable RAM page in the TLB marked "not
// dirty" and never clears the mark (its dirty tracking is stubbed out), so
// every guest store to RAM leaves the translated code's fast path for
// notdirty_write (qemu/accel/tcg/cputlb.c), which looks the address's
// region up and locks a "page collection" (a GLib tree allocated and freed
// per store) to look for translated code to drop: together most of a
// recovery boot's host time went there. From 2.1.0 Unicorn clears the
// mark on pages that hold no code and sets it again when code is
// translated there (unicorn-engine/unicorn commits d0103576 and ab23d4ce),
// and builds no page collection (75d26b77: its locks are empty, an engine
// running on one thread, and nothing reads it). The same is done here from
// outside: libunicorn calls tlb_set_page_with_attrs_arm and the page
// collection's pair through its PLT, so definitions in the executable take
// the place of its own (for 2.0.x only; later versions do this themselves).
//  - A TLB fill made while a core runs clears the mark (tlb_set_dirty) on
//    RAM (note_ram; stores to ROM must still reach the write-protection
//    hook) unless the page holds code the core has run (note_code); when code
//    first appears in a page, the page leaves the TLB (tlb_flush_page), so
//    that its next fill keeps the mark and stores there still drop the
//    code they overwrite.
//  - The page collection is not built.
extern "C" {
void tlb_set_dirty_arm(void* tcg_cpu, std::uint32_t address);
void tlb_flush_page_arm(void* tcg_cpu, std::uint32_t address);
}

struct tlb_entries {
    static void filled(unicorn_cpu& cpu, void* tcg_cpu, std::uint32_t address) { cpu.entered_in_tlb(tcg_cpu, address); }
};

#if UC_API_MAJOR == 2 && UC_API_MINOR == 0
extern "C" {
void tlb_set_page_with_attrs_arm(void* tcg_cpu, std::uint32_t address, std::uint64_t physical,
                                 std::uint32_t attributes, int protection, int mmu_index, std::uint32_t size) {
    using fill = void (*)(void*, std::uint32_t, std::uint64_t, std::uint32_t, int, int, std::uint32_t);
    static const auto unicorns = reinterpret_cast<fill>(dlsym(RTLD_NEXT, "tlb_set_page_with_attrs_arm"));
    unicorns(tcg_cpu, address, physical, attributes, protection, mmu_index, size);
    if (running) tlb_entries::filled(*running, tcg_cpu, address);
}

struct page_collection;
page_collection* page_collection_lock_arm(uc_engine*, std::uint64_t, std::uint64_t) { return nullptr; }
void page_collection_unlock_arm(page_collection*) {}
}
#endif

void unicorn_cpu::entered_in_tlb(void* tcg_cpu, std::uint32_t address) {
    m_tcg_cpu = tcg_cpu;
    const std::uint32_t page = address / page_bytes;
    if (m_ram_pages[page] && !m_code_pages[page]) tlb_set_dirty_arm(tcg_cpu, address);
}

void unicorn_cpu::note_ram(std::uint64_t begin, std::uint64_t end) {
    for (std::uint64_t page = begin / page_bytes; page <= (end - 1) / page_bytes; ++page)
        m_ram_pages[page] = true;
}

void unicorn_cpu::note_code(std::uint64_t begin, std::uint64_t end) {
    for (std::uint64_t page = begin / page_bytes; page <= (end - 1) / page_bytes; ++page) {
        if (m_code_pages[page]) continue;
        m_code_pages[page] = true;
        if (!m_tcg_cpu) continue;  // nothing entered in the TLB by this core yet
        for (std::uint64_t a = page * page_bytes; a < (page + 1) * page_bytes; a += m_tlb_page_bytes)
            tlb_flush_page_arm(m_tcg_cpu, static_cast<std::uint32_t>(a));
    }
}

} // namespace armv8m
