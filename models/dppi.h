// The DPPI channel bus of one core: PUBLISH_x registers trigger a channel,
// and every SUBSCRIBE_y register listening on that channel fires its task.
// A channel carries triggers only while its CHEN bit is set (the core's
// DPPIC owns CHEN and sets it here).
//
// Delivery is synchronous (same time, same delta). A channel re-triggered
// while it is still being delivered (a loop such as EGU TRIGGERED0 ->
// channel 0 -> TASKS_TRIGGER0) is delivered again one DPPI hop later, so a
// loop runs at hardware speed instead of recursing without end.
#pragma once

#include <cstdint>
#include <vector>

#include <systemc>

namespace models {

class dppi_bus : public sc_core::sc_module {
public:
    static constexpr unsigned channel_count = 32;

    class subscriber {
    public:
        virtual ~subscriber() = default;
        // `delay` is the time of the trigger relative to sc_time_stamp().
        virtual void dppi_triggered(unsigned channel, const sc_core::sc_time& delay) = 0;
    };

    explicit dppi_bus(sc_core::sc_module_name name);

    void connect(subscriber& s) { m_subscribers.push_back(&s); }
    // Channels outside 0..31 and disabled channels are ignored.
    void publish(unsigned channel, const sc_core::sc_time& delay = sc_core::SC_ZERO_TIME);

    void set_channel_enables(std::uint32_t mask) { m_enabled = mask; }
    std::uint32_t channel_enables() const { return m_enabled; }

    // Time for one re-triggered delivery (one 16 MHz PCLK cycle).
    static sc_core::sc_time hop_delay() { return sc_core::sc_time(62500, sc_core::SC_PS); }

private:
    void deliver(unsigned channel, const sc_core::sc_time& delay);
    void deliver_deferred();

    std::vector<subscriber*> m_subscribers;
    std::uint32_t m_enabled = 0;
    std::uint32_t m_active = 0;    // channels being delivered right now
    std::uint32_t m_deferred = 0;  // channels to deliver at m_deferred_event
    sc_core::sc_event m_deferred_event;
};

} // namespace models
