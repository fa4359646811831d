// --uart: UARTEs of either core connected to the host (models/serial_backend.h).
// Every byte a connected UARTE transmits goes to the host as well as to its
// console; bytes from the host are polled every 100 us of simulated time
// and queued for the UARTE's receiver (nrf::uarte::receive).
//
// Host input arrives at whatever simulated time the poll runs, so a run
// with --uart is not reproducible; the bridge exists only when an
// attachment was asked for, so other runs keep no periodic event.
#pragma once

#include <memory>
#include <ostream>
#include <vector>

#include <systemc>

#include "models/serial_backend.h"
#include "peripherals/uarte.h"
#include "sim/soc/uart_attachment.h"

namespace sim {

class soc;

class uart_bridge : public sc_core::sc_module {
public:
    SC_HAS_PROCESS(uart_bridge);
    // Opens every attachment's backend and prints where each one is, as
    // "uart app0: /dev/pts/N" or "uart app0: tcp 127.0.0.1:PORT".
    // Throws std::runtime_error if a backend cannot be opened.
    uart_bridge(sc_core::sc_module_name name, soc& chip, const std::vector<uart_attachment>& attachments,
                std::ostream& out);

    static constexpr unsigned poll_period_us = 100;

private:
    struct link {
        nrf::uarte* uart;
        std::unique_ptr<models::serial_backend> backend;
    };

    void poll();

    std::vector<link> m_links;
    sc_core::sc_event m_poll_event;
};

}  // namespace sim
