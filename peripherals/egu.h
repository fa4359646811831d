// nRF5340 EGU (event generator unit): software/DPPI-triggered events.
// https://docs.nordicsemi.com/bundle/ps_nrf5340/page/egu.html
//
// TASKS_TRIGGER[n] sets EVENTS_TRIGGERED[n] (IRQ and PUBLISH as usual).
//
// Not modeled: nothing known.
// Deviates from HW: none known.
#pragma once

#include "models/peripheral.h"

namespace nrf {

class egu : public models::peripheral {
public:
    static constexpr unsigned channel_count = 16;

    explicit egu(sc_core::sc_module_name name);

private:
    void task_trigger(unsigned n);
};

} // namespace nrf
