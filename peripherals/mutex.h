// nRF5340 MUTEX: 16 hardware mutexes shared by both cores (the net core
// reaches the app instance at the app addresses).
// https://docs.nordicsemi.com/bundle/ps_nrf5340/page/mutex.html
//
// Reading MUTEX[n] returns 0 and takes the mutex if it was free, or returns
// 1 if it is taken; writing 0 frees it. A debugger read takes nothing.
//
// Not modeled: nothing known.
// Deviates from HW: writing 1 takes the mutex (the PS only defines 0).
#pragma once

#include "models/peripheral.h"

namespace nrf {

class mutex : public models::peripheral {
public:
    static constexpr unsigned mutex_count = 16;

    explicit mutex(sc_core::sc_module_name name);

private:
    std::uint32_t read_mutex(unsigned n);
};

} // namespace nrf
