// Host ends of a simulated UART: a pseudo-terminal or a TCP server on
// 127.0.0.1 (one client at a time). No SystemC here: the simulator polls
// read() from a periodic event and calls write() for every byte sent.
//
// Everything is non-blocking. Bytes written while nobody is connected (no
// TCP client) or while the host does not keep up (the kernel buffer is
// full) are dropped and counted, as a real UART line would lose them.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace models {

class serial_backend {
public:
    virtual ~serial_backend() = default;

    // Where a user connects: "/dev/pts/N" or "tcp 127.0.0.1:PORT".
    virtual std::string describe() const = 0;
    // What the host sent since the last call, at most max_bytes.
    virtual std::vector<std::uint8_t> read(std::size_t max_bytes) = 0;
    virtual void write(std::uint8_t byte) = 0;

    std::uint64_t dropped() const { return m_dropped; }

protected:
    std::uint64_t m_dropped = 0;
};

// A new pseudo-terminal in raw mode (no echo, no line editing, no CR/LF
// translation). Throws std::runtime_error.
std::unique_ptr<serial_backend> open_pty();

// Listens on 127.0.0.1:port (0: a free port). Throws std::runtime_error.
std::unique_ptr<serial_backend> open_tcp_server(std::uint16_t port);

}  // namespace models
