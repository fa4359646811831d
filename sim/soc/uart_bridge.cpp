#include "sim/soc/uart_bridge.h"

#include <string>

#include "sim/soc/soc.h"

namespace sim {

namespace {

// At 1 Mbaud 100 us carries 10 bytes; more only waits in the UARTE's queue.
constexpr std::size_t max_bytes_per_poll = 256;

std::string name_of(const uart_attachment& a) { return to_string(a.core) + std::to_string(a.instance); }

std::unique_ptr<models::serial_backend> open_backend(const uart_attachment& a) {
    if (a.kind == uart_attachment::backend::pty) return models::open_pty();
    return models::open_tcp_server(a.tcp_port);
}

}  // namespace

uart_bridge::uart_bridge(sc_core::sc_module_name name, soc& chip, const std::vector<uart_attachment>& attachments,
                         std::ostream& out)
    : sc_module(name) {
    for (const uart_attachment& a : attachments) {
        link l{&chip.uart(a.core, a.instance), nullptr};
        try {
            l.backend = open_backend(a);
        } catch (const std::runtime_error& e) {
            throw std::runtime_error("--uart " + name_of(a) + ": " + e.what());
        }
        out << "uart " << name_of(a) << ": " << l.backend->describe() << std::endl;
        // The UARTE has one sink, the console the SoC gave it; keep feeding it.
        console* capture = &chip.uart_console(a.core, a.instance);
        models::serial_backend* host = l.backend.get();
        l.uart->set_tx_sink([capture, host](std::uint8_t byte) {
            capture->put(byte);
            host->write(byte);
        });
        m_links.push_back(std::move(l));
    }
    SC_METHOD(poll);
    sensitive << m_poll_event;
}

void uart_bridge::poll() {
    for (link& l : m_links) {
        const std::vector<std::uint8_t> bytes = l.backend->read(max_bytes_per_poll);
        if (!bytes.empty()) l.uart->receive(bytes);
    }
    m_poll_event.notify(sc_core::sc_time(poll_period_us, sc_core::SC_US));
}

}  // namespace sim
