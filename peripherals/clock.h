// nRF5340 CLOCK / POWER / RESET: one register block (app 0x50005000,
// net 0x41005000) whose three parts share IRQ 5 and one INTEN register.
// https://docs.nordicsemi.com/bundle/ps_nrf5340/page/clock.html
// https://docs.nordicsemi.com/bundle/ps_nrf5340/page/power.html
// https://docs.nordicsemi.com/bundle/ps_nrf5340/page/reset.html
//
// Register map and reset values: nrfx MDK nrf5340_application.h /
// nrf5340_network.h (NRF_CLOCK_Type) and their .svd and _bitfields.h.
//
// CLOCK: the start tasks raise their STARTED events after a fixed start-up
// time, then HFCLKSTAT / LFCLKSTAT (app also HFCLKAUDIOSTAT, HFCLK192MSTAT)
// report STATE (bit 16), SRC, and ALWAYSRUNNING (bit 4) while the clock
// runs with its *ALWAYSRUN register set; the *RUN registers show that the
// start task was triggered. The app variant's HFCLKCTRL reports the new
// core clock through on_hclk_change; HFCLK192MSRC (nrfx_clock_enable
// writes it) selects the SRC that HFCLK192MSTAT reports. The net variant's
// HFCLKCTRL is storage: the net core runs at a fixed 64 MHz.
// POWER: events, GPREGRET[2] (kept by reset_with_reason). RESET: RESETREAS
// (write 1 to clear) and, on the app variant, NETWORK.FORCEOFF.
//
// Not modeled: clock sources' real behaviour (accuracy, HFINT/HFXO
//   switching; HFCLKAUDIO.FREQUENCY and HFCLK192MCTRL are storage; an
//   ALWAYSRUN setting does not keep a stopped clock running), calibration
//   (TASKS_CAL just ends with EVENTS_DONE), POWER's CONSTLAT/LOWPWR (no
//   effect), POFWARN.
// Deviates from HW: start-up times are fixed typical values, the same for
//   every source; HFCLKSTAT is 0 while HFXO is off (HW shows HFINT running).
#pragma once

#include <cstdint>
#include <functional>

#include "models/peripheral.h"

namespace nrf {

// RESETREAS bits. The net core has the low bits plus the L* and MFORCEOFF ones.
namespace resetreas {
constexpr std::uint32_t RESETPIN = 1u << 0, DOG0 = 1u << 1, CTRLAP = 1u << 2, SREQ = 1u << 3,
                        LOCKUP = 1u << 4, OFF = 1u << 5, LPCOMP = 1u << 6, DIF = 1u << 7,
                        LSREQ = 1u << 16, LLOCKUP = 1u << 17, LDOG = 1u << 18, MFORCEOFF = 1u << 23,
                        NFC = 1u << 24, DOG1 = 1u << 25, VBUS = 1u << 26, LCTRLAP = 1u << 27;
}

class clock : public models::peripheral {
public:
    enum class variant { app, net };

    // Typical start-up times (nRF5340 PS electrical specification, rounded).
    static sc_core::sc_time hfxo_startup() { return sc_core::sc_time(250, sc_core::SC_US); }
    static sc_core::sc_time lfclk_startup() { return sc_core::sc_time(600, sc_core::SC_US); }
    static sc_core::sc_time calibration_time() { return sc_core::sc_time(1, sc_core::SC_MS); }

    clock(sc_core::sc_module_name name, variant which);

    // Power-on reset: everything to its reset value, RESETREAS = 0.
    void reset() override;
    // Any other reset: like reset() but GPREGRET and RESETREAS are kept, and
    // RESETREAS gains `reasons` (resetreas:: bits).
    void reset_with_reason(std::uint32_t reasons);

    // POWER events the core raises around WFI/WFE.
    void sleep_enter();
    void sleep_exit();

    std::uint64_t hclk_hz() const;
    bool network_held() const { return m_forceoff; }

    std::function<void(std::uint64_t hz)> on_hclk_change;    // app HFCLKCTRL
    std::function<void(bool hold)> on_network_forceoff;       // app NETWORK.FORCEOFF

private:
    enum job { hf_start, lf_start, cal, hfaudio_start, hf192m_start, job_count };

    void task_hfclkstart();
    void task_hfclkstop();
    void task_lfclkstart();
    void task_lfclkstop();
    void task_cal() { schedule(cal, calibration_time()); }
    void task_hfclkaudiostart();
    void task_hfclkaudiostop();
    void task_hfclk192mstart();
    void task_hfclk192mstop();
    std::uint32_t stat_with_alwaysrun(std::uint32_t stat, std::uint32_t alwaysrun) const;
    std::uint32_t read_hfclkstat();
    std::uint32_t read_lfclkstat();
    std::uint32_t read_hfclkaudiostat();
    std::uint32_t read_hfclk192mstat();
    std::uint32_t read_resetreas() { return m_resetreas; }
    void write_resetreas(std::uint32_t value) { m_resetreas &= ~value; }
    void write_hfclkctrl(std::uint32_t value);
    void write_forceoff(std::uint32_t value);

    void schedule(job j, const sc_core::sc_time& after);
    void complete(job j);
    void arm();
    void on_deadline();
    void reset_registers();

    variant m_variant;
    std::uint32_t m_resetreas = 0;
    bool m_forceoff = true;
    std::uint64_t m_hclk_hz = 64000000;
    std::uint64_t m_due[job_count] = {};  // completion time in ps, 0 = none
    sc_core::sc_event m_deadline;
};

} // namespace nrf
