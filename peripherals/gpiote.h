// nRF5340 GPIOTE (GPIO tasks and events): app GPIOTE0 (secure 0x5000D000,
// IRQ 13) and GPIOTE1 (non-secure 0x4002F000, IRQ 47); net GPIOTE
// (0x4100A000, IRQ 10). 8 channels, connected to the GPIO ports.
// PS: https://docs.nordicsemi.com/bundle/ps_nrf5340/page/gpiote.html
//
// CONFIG[n]: MODE 1:0 (Disabled 0, Event 1, Task 3), PSEL 12:8 (pin),
// PORT 13, POLARITY 17:16 (None 0, LoToHi 1, HiToLo 2, Toggle 3),
// OUTINIT 20. Event mode raises EVENTS_IN[n] on the pin's edges that match
// POLARITY. Task mode drives the pin (from OUTINIT, over the port's OUT):
// TASKS_OUT[n] acts per POLARITY, TASKS_SET[n] / TASKS_CLR[n] drive 1 / 0.
// A rising edge of a port's DETECT raises EVENTS_PORT. INTENSET/INTENCLR
// bit n = IN[n], bit 31 = PORT. All tasks can be subscribed, all events
// published.
//
// Not modeled: the secure/non-secure split of the pins between GPIOTE0 and
//   GPIOTE1 (SPU.GPIOPORT; both instances see every pin and DETECT), the
//   PORT event's latency and low-power behaviour, two channels configured
//   for one pin (the later CONFIG wins on the pin's level).
// Deviates from HW: none known beyond the above.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "models/peripheral.h"
#include "peripherals/gpio.h"

namespace nrf {

class gpiote : public models::peripheral {
public:
    static constexpr unsigned channel_count = 8;

    // `ports[i]` is GPIO port i (CONFIG.PORT); nullptr for an absent port.
    gpiote(sc_core::sc_module_name name, std::vector<gpio*> ports);
    void reset() override;

private:
    void task_out(unsigned n);
    void task_set(unsigned n) { drive(n, true); }
    void task_clr(unsigned n) { drive(n, false); }
    void write_config(unsigned n, std::uint32_t value);

    void pin_changed(unsigned port, unsigned pin, bool level, const sc_core::sc_time& delay);
    void port_detected(const sc_core::sc_time& delay);
    void drive(unsigned n, bool level);
    void release(unsigned n);
    gpio* port_of(std::uint32_t config) const;

    std::vector<gpio*> m_ports;
    std::array<std::uint32_t, channel_count> m_config{};  // the CONFIG in effect on the pin
    std::array<bool, channel_count> m_task_level{};
};

} // namespace nrf
