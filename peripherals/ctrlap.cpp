#include "peripherals/ctrlap.h"

namespace nrf {
namespace {

constexpr std::uint32_t RXDATA = 0x400, RXSTATUS = 0x404, TXDATA = 0x480, TXSTATUS = 0x484;

} // namespace

ctrlap::ctrlap(sc_core::sc_module_name name, variant which) : peripheral(name), m_variant(which) {
    using R = models::regs<ctrlap>;
    static constexpr R::row common[] = {
        R::ro("MAILBOX.RXDATA", RXDATA).read_has_side_effects().on_read(&ctrlap::read_rxdata),
        R::ro("MAILBOX.RXSTATUS", RXSTATUS),
        R::rw("MAILBOX.TXDATA", TXDATA).on_write(&ctrlap::write_txdata),
        R::ro("MAILBOX.TXSTATUS", TXSTATUS),
        R::rw("ERASEPROTECT.LOCK", 0x500).on_read(&ctrlap::read_eraseprotect_lock)
            .on_write(&ctrlap::write_eraseprotect_lock),
        R::rw("ERASEPROTECT.DISABLE", 0x504).on_read(&ctrlap::read_eraseprotect_disable)
            .on_write(&ctrlap::write_eraseprotect_disable),
        R::rw("APPROTECT.LOCK", 0x540).on_read(&ctrlap::read_approtect_lock)
            .on_write(&ctrlap::write_approtect_lock),
        R::rw("APPROTECT.DISABLE", 0x544).on_read(&ctrlap::read_approtect_disable)
            .on_write(&ctrlap::write_approtect_disable),
        R::ro("STATUS", 0x600),
    };
    static constexpr R::row app_only[] = {
        R::rw("SECUREAPPROTECT.LOCK", 0x548).on_read(&ctrlap::read_secureapprotect_lock)
            .on_write(&ctrlap::write_secureapprotect_lock),
        R::rw("SECUREAPPROTECT.DISABLE", 0x54C).on_read(&ctrlap::read_secureapprotect_disable)
            .on_write(&ctrlap::write_secureapprotect_disable),
    };
    declare_registers(*this, common);
    if (which == variant::app) declare_registers(*this, app_only);
    reset();
}

void ctrlap::reset() {
    peripheral::reset();
    m_eraseprotect_lock = m_eraseprotect_disable = 0;
    m_approtect_lock = m_approtect_disable = 0;
    m_secureapprotect_lock = m_secureapprotect_disable = 0;
}

bool ctrlap::debug_allowed() const { return m_approtect_disable == unprotect_key; }

bool ctrlap::secure_debug_allowed() const {
    return m_variant == variant::app && m_secureapprotect_disable == unprotect_key;
}

void ctrlap::write_eraseprotect_disable(std::uint32_t value) {
    if (!m_eraseprotect_lock) m_eraseprotect_disable = value;
}

void ctrlap::write_approtect_disable(std::uint32_t value) {
    if (!m_approtect_lock) m_approtect_disable = value;
}

void ctrlap::write_secureapprotect_disable(std::uint32_t value) {
    if (!m_secureapprotect_lock) m_secureapprotect_disable = value;
}

std::uint32_t ctrlap::read_rxdata() {
    m_bank.store(RXSTATUS, 0);
    return m_bank.stored(RXDATA);
}

void ctrlap::debugger_send(std::uint32_t word) {
    m_bank.store(RXDATA, word);
    m_bank.store(RXSTATUS, 1);
}

std::optional<std::uint32_t> ctrlap::debugger_receive() {
    if (!m_bank.stored(TXSTATUS)) return std::nullopt;
    m_bank.store(TXSTATUS, 0);
    return m_bank.stored(TXDATA);
}

} // namespace nrf
