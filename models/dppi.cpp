#include "models/dppi.h"

namespace models {

dppi_bus::dppi_bus(sc_core::sc_module_name name) : sc_module(name) {
    SC_HAS_PROCESS(dppi_bus);
    SC_METHOD(deliver_deferred);
    sensitive << m_deferred_event;
    dont_initialize();
}

void dppi_bus::publish(unsigned channel, const sc_core::sc_time& delay) {
    if (channel >= channel_count || !(m_enabled & (1u << channel))) return;
    const std::uint32_t bit = 1u << channel;
    if (m_active & bit) {
        m_deferred |= bit;
        m_deferred_event.notify(delay + hop_delay());
        return;
    }
    deliver(channel, delay);
}

void dppi_bus::deliver(unsigned channel, const sc_core::sc_time& delay) {
    const std::uint32_t bit = 1u << channel;
    m_active |= bit;
    for (subscriber* s : m_subscribers) s->dppi_triggered(channel, delay);
    m_active &= ~bit;
}

void dppi_bus::deliver_deferred() {
    const std::uint32_t channels = m_deferred;
    m_deferred = 0;
    for (unsigned c = 0; c < channel_count; ++c) {
        if (channels & (1u << c)) publish(c);
    }
}

} // namespace models
