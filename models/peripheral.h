// Base class of every nRF peripheral model: a TLM target whose registers
// live in a register_bank declared from a table (see register_bank.h).
//
// b_transport dispatches 1/2/4-byte accesses to the bank (narrow writes
// merge into the stored word), then re-evaluates the interrupt line. It
// never waits: handlers that need the access time use now(), which is
// sc_time_stamp() plus the initiator's annotated delay.
//
// An access to an offset with no register is logged once per (peripheral,
// offset) with the core and PC; in strict mode it also fails with
// TLM_ADDRESS_ERROR_RESPONSE (the core turns that into a bus fault). A
// write to a read-only register is ignored (logged; an error when strict).
#pragma once

#include <cstdint>
#include <set>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "models/dppi.h"
#include "models/irq.h"
#include "models/register_bank.h"
#include "models/router.h"

namespace models {

// Integer picoseconds <-> sc_time (the kernel resolution must be 1 ps or finer).
inline std::uint64_t units_per_ps() { return sc_core::sc_time(1, sc_core::SC_PS).value(); }
inline std::uint64_t to_ps(const sc_core::sc_time& t) { return t.value() / units_per_ps(); }
inline sc_core::sc_time from_ps(std::uint64_t ps) { return sc_core::sc_time::from_value(ps * units_per_ps()); }

class peripheral : public sc_core::sc_module, public dppi_bus::subscriber {
public:
    tlm_utils::simple_target_socket<peripheral> socket;
    irq_line irq;

    explicit peripheral(sc_core::sc_module_name name);

    // Puts every register back to its reset value. Models with private state
    // override it, call peripheral::reset() first, then clear their state.
    virtual void reset();

    // Subscribes this peripheral to `bus` and publishes its events there.
    void connect_dppi(dppi_bus& bus);

    const register_bank& bank() const { return m_bank; }

    // Strict mode (all peripherals): unknown offsets and writes to
    // read-only registers answer a TLM error instead of a warning.
    static void set_strict(bool strict);
    static bool strict();

    // Latency annotated on every access (default 0).
    void set_access_latency(const sc_core::sc_time& latency) { m_access_latency = latency; }

    void dppi_triggered(unsigned channel, const sc_core::sc_time& delay) override;

protected:
    template <class P, std::size_t N>
    void declare_registers(P& self, const reg_row<P> (&rows)[N]) {
        for (const reg_row<P>& row : rows) m_bank.add(row.bind(self));
    }

    // Sets the event at `event_offset`, re-evaluates the IRQ and publishes
    // the event to DPPI when its PUBLISH register is enabled and
    // event_routed() allows it.
    void signal_event(std::uint32_t event_offset);
    void update_irq() { irq.set(m_bank.pending() != 0); }

    // The effective time of the access (or DPPI trigger) being handled.
    sc_core::sc_time now() const { return sc_core::sc_time_stamp() + m_delay; }
    // now() relative to sc_time_stamp(): add it to a latency to notify an event.
    const sc_core::sc_time& local_delay() const { return m_delay; }
    // Who made the bus access being handled (nullptr outside an access, or
    // when the initiator attached no bus_master, e.g. a DPPI trigger).
    const bus_master* current_master() const { return m_master; }

    // Runs `action` as if at sc_time_stamp() + delay: for calls that come
    // from another model (IPC backbone, SoC) during that model's access.
    template <class F>
    void at_delay(const sc_core::sc_time& delay, F action) {
        const sc_core::sc_time saved = m_delay;
        m_delay = delay;
        action();
        m_delay = saved;
    }

    // Hook for peripherals that gate DPPI routing per event (RTC EVTEN).
    virtual bool event_routed(std::uint32_t /*event_offset*/) const { return true; }

    register_bank m_bank;

private:
    void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    unsigned transport_dbg(tlm::tlm_generic_payload& trans);
    void report_bad_access(const tlm::tlm_generic_payload& trans, std::uint32_t offset,
                           const char* what);

    dppi_bus* m_dppi = nullptr;
    const bus_master* m_master = nullptr;
    sc_core::sc_time m_delay = sc_core::SC_ZERO_TIME;
    sc_core::sc_time m_access_latency = sc_core::SC_ZERO_TIME;
    std::set<std::uint32_t> m_warned_offsets;
};

} // namespace models
