// nRF5340 IPC (interprocessor communication), one instance per core, both
// attached to one ipc_backbone (the 16 IPC channels between the cores).
// https://docs.nordicsemi.com/bundle/ps_nrf5340/page/ipc.html
//
// TASKS_SEND[n] raises every channel in SEND_CNF[n] on the backbone; in
// every attached instance (the sender included) each RECEIVE_CNF[i] that
// holds a raised channel sets EVENTS_RECEIVE[i]. INTPEND = INTEN & events.
//
// Not modeled: nothing known.
// Deviates from HW: GPMEM is per instance (whether the cores share it is
//   not established); delivery to the other core is instantaneous.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "models/peripheral.h"

namespace nrf {

class ipc;

class ipc_backbone {
public:
    // Told of every TASKS_SEND that raises channels, at sc_time_stamp() +
    // delay (for timelines; observers must not change the model).
    using send_observer = std::function<void(const ipc& sender, std::uint32_t channels, const sc_core::sc_time& delay)>;

    void attach(ipc& instance) { m_instances.push_back(&instance); }
    void add_observer(send_observer observer) { m_observers.push_back(std::move(observer)); }
    void raise(const ipc& sender, std::uint32_t channels, const sc_core::sc_time& delay);

private:
    std::vector<ipc*> m_instances;
    std::vector<send_observer> m_observers;
};

class ipc : public models::peripheral {
public:
    static constexpr unsigned channel_count = 16;

    ipc(sc_core::sc_module_name name, ipc_backbone& backbone);

    // Called by the backbone: `channels` were raised (at sc_time_stamp() + delay).
    void receive(std::uint32_t channels, const sc_core::sc_time& delay);

private:
    void task_send(unsigned n);

    ipc_backbone& m_backbone;
};

} // namespace nrf
