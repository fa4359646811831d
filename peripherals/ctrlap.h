// nRF5340 CTRL-AP peripheral (CTRLAPPERI): the core's side of the debug
// control access port. App 0x50006000 (NS 0x40006000), net 0x41006000.
// PS: https://docs.nordicsemi.com/bundle/ps_nrf5340/page/ctrl-ap.html
// Facts used: nrfx MDK (bsp/stable/mdk/nrf5340_application.h, nrf5340_network.h and their _bitfields.h) (CTRLAPPERI);
// nrfx MDK system_nrf53_approtect.h (what SystemInit copies from UICR).
//
// APPROTECT.DISABLE (0x544) and, on the app core, SECUREAPPROTECT.DISABLE
// (0x54C) hold what SystemInit copies from UICR; ERASEPROTECT.DISABLE
// (0x504) is stored only. Each has a LOCK register (0x540 / 0x548 / 0x500):
// writing 1 freezes it and its DISABLE until reset. debug_allowed() says
// whether the DISABLE key (0x50FA50FA) opens the debugger's access.
// MAILBOX: the debugger's debugger_send() fills RXDATA and sets RXSTATUS
// (reading RXDATA clears it); firmware writes TXDATA, which sets TXSTATUS
// until debugger_receive() takes the word.
//
// Not modeled: the debugger side beyond the mailbox (no access port, no
//   ERASEALL through CTRL-AP, no reset request), UICR's own APPROTECT
//   (debug_allowed() looks at this register only), STATUS (reads 0).
// Deviates from HW: none known beyond the above.
#pragma once

#include <cstdint>
#include <optional>

#include "models/peripheral.h"

namespace nrf {

class ctrlap : public models::peripheral {
public:
    enum class variant { app, net };
    static constexpr std::uint32_t unprotect_key = 0x50FA50FA;

    ctrlap(sc_core::sc_module_name name, variant which);
    void reset() override;

    bool debug_allowed() const;
    bool secure_debug_allowed() const;  // app only; false on the net core

    void debugger_send(std::uint32_t word);
    std::optional<std::uint32_t> debugger_receive();

private:
    std::uint32_t read_rxdata();
    void write_txdata(std::uint32_t) { m_bank.store(0x484, 1); }

    std::uint32_t read_eraseprotect_disable() { return m_eraseprotect_disable; }
    void write_eraseprotect_disable(std::uint32_t value);
    std::uint32_t read_approtect_disable() { return m_approtect_disable; }
    void write_approtect_disable(std::uint32_t value);
    std::uint32_t read_secureapprotect_disable() { return m_secureapprotect_disable; }
    void write_secureapprotect_disable(std::uint32_t value);
    std::uint32_t read_eraseprotect_lock() { return m_eraseprotect_lock; }
    void write_eraseprotect_lock(std::uint32_t value) { m_eraseprotect_lock |= value & 1; }
    std::uint32_t read_approtect_lock() { return m_approtect_lock; }
    void write_approtect_lock(std::uint32_t value) { m_approtect_lock |= value & 1; }
    std::uint32_t read_secureapprotect_lock() { return m_secureapprotect_lock; }
    void write_secureapprotect_lock(std::uint32_t value) { m_secureapprotect_lock |= value & 1; }

    variant m_variant;
    std::uint32_t m_eraseprotect_lock = 0, m_eraseprotect_disable = 0;
    std::uint32_t m_approtect_lock = 0, m_approtect_disable = 0;
    std::uint32_t m_secureapprotect_lock = 0, m_secureapprotect_disable = 0;
};

} // namespace nrf
