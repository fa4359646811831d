// --uart app0=pty | app0=tcp:PORT: a UART connected to the host both ways
// besides the scenario's own capture (sim/soc/uart_bridge.h).
#pragma once

#include <cstdint>

#include "sim/soc/core_id.h"

namespace sim {

struct uart_attachment {
    enum class backend { pty, tcp };
    core_id core = core_id::app;
    unsigned instance = 0;
    backend kind = backend::pty;
    std::uint16_t tcp_port = 0;  // backend::tcp only
};

}  // namespace sim
