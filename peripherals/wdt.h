// nRF5340 WDT (app WDT0/1, net WDT): a 32768 Hz down-counter from CRV.
// https://docs.nordicsemi.com/bundle/ps_nrf5340/page/wdt.html
//
// TASKS_START starts it; it times out (CRV + 1) / 32768 s after the last
// reload. A reload happens when every enabled RR[n] (RREN) has been written
// 0x6E524635; REQSTATUS shows the ones still missing. On timeout
// EVENTS_TIMEOUT is set and, two LFCLK cycles later, on_timeout() asks the
// SoC for the watchdog reset. CRV, RREN and CONFIG are locked once running.
// TASKS_STOP stops it when CONFIG.STOPEN (bit 6) was set at TASKS_START and
// TSEN holds 0x6E524635; EVENTS_STOPPED follows (Zephyr's net-core RTC
// pretick idle hook and nrfx_wdt_stop trigger STOP). Register map: nrfx
// MDK NRF_WDT_Type and its _bitfields.h; nrfx drivers/src/nrfx_wdt.c.
//
// Not modeled: CONFIG.SLEEP/HALT pausing (it always runs), the NMI itself
//   (NMIENSET/NMIENCLR are stored, the IRQ line is used), the undocumented
//   CONFIG bit 4 that Zephyr's net RTC pretick init writes (masked off).
// Deviates from HW: EVENTS_STOPPED is immediate, with no LFCLK delay; a
//   STOP without the TSEN key is ignored, so the pretick's STOP (no TSEN
//   write) leaves the WDT running (CRV's reset value: ~36 h to a timeout).
// Deviates from HW: the counter starts on the access, not on an LFCLK edge.
#pragma once

#include <cstdint>
#include <functional>

#include "models/peripheral.h"

namespace nrf {

class wdt : public models::peripheral {
public:
    static constexpr std::uint32_t reload_value = 0x6E524635;

    explicit wdt(sc_core::sc_module_name name);
    void reset() override;

    // The SoC performs the watchdog reset (RESETREAS DOG0/DOG1/LDOG).
    std::function<void()> on_timeout;

private:
    void task_start();
    void task_stop();
    void write_nmienset(std::uint32_t value);
    void write_nmienclr(std::uint32_t value);
    void write_rr(unsigned n, std::uint32_t value);
    void write_locked(unsigned, std::uint32_t);
    std::uint32_t read_runstatus() { return m_running ? 1 : 0; }
    std::uint32_t read_reqstatus() { return m_requested_missing; }

    void reload();
    void on_deadline();

    bool m_running = false;
    bool m_timed_out = false;     // EVENTS_TIMEOUT given; the reset is next
    std::uint32_t m_requested_missing = 1;
    std::uint32_t m_nmien = 0;
    std::uint32_t m_locked[3] = {};  // CRV, RREN, CONFIG as at TASKS_START
    sc_core::sc_event m_deadline;
};

} // namespace nrf
