// How `--gdb` and a scenario's `gdb: true` set up remote debugging
// (sim/debug/gdb_server.h).
#pragma once

#include <cstdint>
#include <string>

namespace sim {

// A GDB server per core on port and port + 1 (0: two free ports); `wait`
// holds the simulation until the named cores' debuggers have attached.
struct gdb_options {
    enum class wait_for { none, app, net, both };
    bool enabled = false;
    std::string host = "127.0.0.1";
    std::uint16_t port = 3333;
    wait_for wait = wait_for::none;
};

}  // namespace sim
