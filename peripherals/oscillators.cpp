#include "peripherals/oscillators.h"

namespace nrf {
namespace {

constexpr std::uint32_t VREGRADIO_VREQH = 0x500;

} // namespace

oscillators::oscillators(sc_core::sc_module_name name, variant which) : peripheral(name) {
    using R = models::regs<oscillators>;
    static constexpr R::row app_rows[] = {
        R::ro("MAINREGSTATUS", 0x428),
        R::task("SYSTEMOFF", 0x500).on_task(&oscillators::task_systemoff),
        R::rw("POFCON", 0x510).mask(0xF1F),
        R::rw("XOSC32MCAPS", 0x5C4).mask(0x11F),
        R::rw("XOSC32KI.BYPASS", 0x6C0).mask(1),
        R::rw("XOSC32KI.INTCAP", 0x6D0).mask(0x1F),
        R::rw("VREGMAIN.DCDCEN", 0x704).mask(1),
        R::rw("VREGRADIO.DCDCEN", 0x904).mask(1),
        R::rw("VREGH.DCDCEN", 0xB00).mask(1),
        R::rw("VREGH.EXTSILENTEN", 0xB40).reset(1).mask(1),
        // Undocumented, written by the MDK's SystemInit errata workarounds.
        R::rw("ERRATA_70C", 0x70C),
        R::rw("ERRATA_73C", 0x73C),
        R::rw("ERRATA_91C", 0x91C),
        R::rw("ERRATA_93C", 0x93C),
        R::rw("ERRATA_A20", 0xA20),
    };
    static constexpr R::row net_rows[] = {
        R::rw("VREGRADIO.VREQH", VREGRADIO_VREQH).mask(1),
        R::ro("VREGRADIO.VREQHREADY", 0x508).on_read(&oscillators::read_vreqhready),
    };
    if (which == variant::app) {
        declare_registers(*this, app_rows);
    } else {
        declare_registers(*this, net_rows);
    }
    reset();
}

void oscillators::task_systemoff() {
    if (on_system_off) on_system_off();
}

std::uint32_t oscillators::read_vreqhready() { return m_bank.stored(VREGRADIO_VREQH); }

} // namespace nrf
