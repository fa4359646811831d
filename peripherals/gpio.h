// nRF5340 GPIO port: P0 (32 pins, app 0x50842500 / NS 0x40842500) and P1
// (16 pins, 0x50842800 / 0x40842800). One instance serves both cores: the
// net core reaches the same port at 0x418C0500 / 0x418C0800.
// PS: https://docs.nordicsemi.com/bundle/ps_nrf5340/page/gpio.html
// Facts used: nrfx MDK (bsp/stable/mdk/nrf5340_application.h, nrf5340_network.h and their _bitfields.h)
// (GPIO P0/P1 base addresses and registers).
//
// A pin's level: driven by the chip when DIR = 1 (level OUT) or while a
// GPIOTE task channel owns it (its level); else the host's input level
// (set_input); else the pull resistor; else 0. IN shows the levels of pins
// whose input buffer is connected (PIN_CNF.INPUT = 0). PIN_CNF.DIR and DIR
// are the same bit. SENSE (High/Low) sets LATCH while the condition holds
// (clearing a bit whose condition still holds sets it again); DETECT is
// the OR of the sense conditions (DETECTMODE = Default) or of LATCH
// (LDETECT), and its rising edge goes to the detect listeners (GPIOTE
// EVENTS_PORT).
//
// MCUSEL (PIN_CNF bits 30:28: AppMCU 0, NetworkMCU 1, Peripheral 3) picks
// the core that owns a pin. Writes to OUT/DIR/LATCH (and their SET/CLR
// views) and to PIN_CNF only change the pins the writing core owns (the
// core comes from the access's bus_master; none means the app core); only
// the app core can change MCUSEL, and a PIN_CNF write then applies its
// other fields if the app owns the pin under the new MCUSEL.
//
// Not modeled: drive strength (DRIVE stored only), the secure/non-secure
//   split of LATCH and DETECT (DETECTMODE_SEC stored; one DETECT signal),
//   SPU.GPIOPORT pin security, pins owned by a peripheral (MCUSEL = 3/7:
//   neither core can change them), analog functions.
// Deviates from HW: the real part has one register set per core and MCUSEL
//   selects whose registers drive the pin (BabbleSim models four ports);
//   here both cores read the same OUT/DIR/PIN_CNF. A floating input reads 0.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "models/peripheral.h"

namespace nrf {

class gpio : public models::peripheral {
public:
    static constexpr unsigned max_pins = 32;
    enum mcusel : std::uint32_t { app_mcu = 0, network_mcu = 1, peripheral_mcu = 3, tnd = 7 };

    // A pin's level changed; `delay` is the time of the change relative to
    // sc_time_stamp().
    using level_listener = std::function<void(unsigned pin, bool level, const sc_core::sc_time& delay)>;
    using detect_listener = std::function<void(const sc_core::sc_time& delay)>;

    gpio(sc_core::sc_module_name name, unsigned pin_count);
    void reset() override;

    unsigned pin_count() const { return m_pin_count; }

    // The host drives `pin` to `level` (an external signal), or stops driving it.
    void set_input(unsigned pin, bool level, const sc_core::sc_time& delay = sc_core::SC_ZERO_TIME);
    void release_input(unsigned pin, const sc_core::sc_time& delay = sc_core::SC_ZERO_TIME);
    bool level(unsigned pin) const { return (m_levels >> pin) & 1; }
    bool driven_by_chip(unsigned pin) const { return (driven_mask() >> pin) & 1; }
    mcusel owner(unsigned pin) const { return static_cast<mcusel>((m_pin_cnf[pin] >> 28) & 7); }

    // Called when the level of a pin the chip drives changes (the host's view).
    std::function<void(unsigned pin, bool level)> on_output_change;
    // GPIOTE hooks: every level change, and rising edges of DETECT.
    void add_level_listener(level_listener listener) { m_level_listeners.push_back(std::move(listener)); }
    void add_detect_listener(detect_listener listener) { m_detect_listeners.push_back(std::move(listener)); }
    // A GPIOTE task channel takes (`active`) or releases the pin.
    void set_task_output(unsigned pin, bool active, bool level, const sc_core::sc_time& delay);

private:
    std::uint32_t read_out() { return m_out; }
    void write_out(std::uint32_t value) { set_owned(m_out, value); }
    void write_outset(std::uint32_t value) { set_owned(m_out, m_out | value); }
    void write_outclr(std::uint32_t value) { set_owned(m_out, m_out & ~value); }
    std::uint32_t read_in() { return m_levels & ~input_disconnected_mask(); }
    std::uint32_t read_dir() { return m_dir; }
    void write_dir(std::uint32_t value) { set_owned(m_dir, value); }
    void write_dirset(std::uint32_t value) { set_owned(m_dir, m_dir | value); }
    void write_dirclr(std::uint32_t value) { set_owned(m_dir, m_dir & ~value); }
    std::uint32_t read_latch() { return m_latch; }
    void write_latch(std::uint32_t value);
    void write_detectmode(std::uint32_t) { update(); }
    std::uint32_t read_pin_cnf(unsigned n) { return m_pin_cnf[n] | ((m_dir >> n) & 1); }
    void write_pin_cnf(unsigned n, std::uint32_t value);

    unsigned writer_core() const;
    std::uint32_t owned_mask(unsigned core) const;
    void set_owned(std::uint32_t& reg, std::uint32_t value);
    std::uint32_t driven_mask() const;
    std::uint32_t input_disconnected_mask() const;
    std::uint32_t sense_mask() const;
    std::uint32_t compute_levels() const;
    void update();

    unsigned m_pin_count;
    std::uint32_t m_pin_mask;
    std::uint32_t m_out = 0, m_dir = 0, m_latch = 0;
    std::array<std::uint32_t, max_pins> m_pin_cnf{};  // without the DIR bit (kept in m_dir)
    std::uint32_t m_input_driven = 0, m_input_level = 0;  // host drivers
    std::uint32_t m_task_active = 0, m_task_level = 0;    // GPIOTE task channels
    std::uint32_t m_levels = 0;
    bool m_detect = false;
    std::vector<level_listener> m_level_listeners;
    std::vector<detect_listener> m_detect_listeners;
};

} // namespace nrf
