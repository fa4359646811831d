// nRF5340 OSCILLATORS + REGULATORS (one app block, secure 0x50004000 / NS
// 0x40004000) and the net core's VREQCTRL (0x41004000): register storage
// for what SystemInit and Zephyr's early init write.
// PS: https://docs.nordicsemi.com/bundle/ps_nrf5340/page/oscillators.html
//     https://docs.nordicsemi.com/bundle/ps_nrf5340/page/regulators.html
//     https://docs.nordicsemi.com/bundle/ps_nrf5340/page/vreqctrl.html
// Facts used: nrfx MDK (bsp/stable/mdk/nrf5340_application.h, nrf5340_network.h and their _bitfields.h)
// (OSCILLATORS, REGULATORS, POWER); nrfx MDK system_nrf5340_application.c;
// Zephyr soc/nordic/nrf53/soc.c.
//
// App: XOSC32MCAPS 0x5C4, XOSC32KI.BYPASS 0x6C0 / .INTCAP 0x6D0,
// MAINREGSTATUS 0x428 (reads 0: normal voltage), SYSTEMOFF 0x500 (writing
// 1 calls on_system_off), POFCON 0x510, VREGMAIN.DCDCEN 0x704,
// VREGRADIO.DCDCEN 0x904, VREGH.DCDCEN 0xB00, VREGH.EXTSILENTEN 0xB40
// (reset 1, nrfx MDK .svd); plus the undocumented words
// SystemInit's errata 64/69/97/160 workarounds write (0x70C, 0x73C, 0x91C,
// 0x93C, 0xA20), kept as plain storage. Net: VREGRADIO.VREQH 0x500 and
// VREQHREADY 0x508, which follows VREQH at once.
//
// Not modeled: the oscillators and regulators themselves (load
//   capacitance, DC/DC vs LDO, power-fail comparator: POFCON never raises
//   POWER.EVENTS_POFWARN), what the errata words do on silicon.
// Deviates from HW: VREQHREADY has no settling time.
#pragma once

#include <cstdint>
#include <functional>

#include "models/peripheral.h"

namespace nrf {

class oscillators : public models::peripheral {
public:
    enum class variant { app, net };

    oscillators(sc_core::sc_module_name name, variant which);

    // App: software wrote 1 to REGULATORS.SYSTEMOFF.
    std::function<void()> on_system_off;

private:
    void task_systemoff();
    std::uint32_t read_vreqhready();
};

} // namespace nrf
