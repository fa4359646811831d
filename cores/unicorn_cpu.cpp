#include "cores/unicorn_cpu.h"

#include <stdexcept>

namespace armv8m {

namespace {
constexpr std::uint32_t xpsr_ge_mask = 0x000F0000;
constexpr std::uint32_t control_spsel = 1u << 1;
}

unicorn_cpu::unicorn_cpu() {
    uc_err err = uc_open(UC_ARCH_ARM, static_cast<uc_mode>(UC_MODE_THUMB | UC_MODE_MCLASS), &m_uc);
    if (err != UC_ERR_OK) throw std::runtime_error("unicorn: " + error_text(err));
    // The model must be chosen before the first mapping (it is the default too).
    err = uc_ctl_set_cpu_model(m_uc, UC_CPU_ARM_CORTEX_M33);
    if (err != UC_ERR_OK) throw std::runtime_error("unicorn: cannot select Cortex-M33: " + error_text(err));
}

unicorn_cpu::~unicorn_cpu() { uc_close(m_uc); }

std::string unicorn_cpu::error_text(uc_err err) { return uc_strerror(err); }

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

} // namespace armv8m

// Around every guest store to RAM, Unicorn 2.0.x locks the pages it may
// hold code in as a "page collection": a GLib tree allocated, filled and
// freed per store, over a third of a recovery boot's host time. Page locks
// are empty in Unicorn (an engine runs on one thread) and nothing reads the
// collection, so Unicorn 2.1.0 stopped building it (unicorn-engine/unicorn
// commit 75d26b77, "Ignore page_collection_lock": the lock returns NULL, the
// unlock does nothing). libunicorn calls both through its PLT, so these
// definitions in the executable stand in for its own, as in 2.1.0. Code
// rewritten in RAM is still found and dropped: that is
// tb_invalidate_phys_page_fast's work, which stays Unicorn's.
#if UC_API_MAJOR == 2 && UC_API_MINOR == 0
extern "C" {
struct page_collection;
page_collection* page_collection_lock_arm(uc_engine*, std::uint64_t, std::uint64_t) { return nullptr; }
void page_collection_unlock_arm(page_collection*) {}
}
#endif
