// Remote debugging of the nRF5340 with gdb: one GDB remote-serial-protocol
// server per core on a TCP port (app on PORT, net on PORT+1; PORT 0 picks
// two free ports), one debugger per core at a time. The runner calls
// serve() between simulation slices (no threads: the sockets are polled).
//
// All-stop across the SoC: the simulation runs only while every attached
// debugger has let its core run (c, s, vCont, or detached). When a core
// stops (breakpoint, watchpoint, lockup) or a debugger interrupts (Ctrl-C,
// monitor halt), simulated time freezes for both cores; the debugger of the
// core that stopped gets its reason (T05 swbreak / watch:ADDR, T0b for a
// lockup) and the other core's debugger gets T02 (SIGINT) and sees its core
// frozen where it was. A debugger that attaches stops the SoC for itself
// without interrupting the other debugger; an abrupt disconnect counts as a
// detach (its breakpoints and watchpoints go, its core runs on).
//
// Watchpoints: the core stops at the start of the translated block after
// the access; gdb (which treats Arm watchpoints as non-steppable) then steps
// one instruction before it reports, so the PC shown is after the accessing
// instruction. `monitor watch` names the accessing instruction.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "cores/cortex_m33.h"
#include "sim/common/duration.h"
#include "sim/debug/gdb_stub.h"
#include "sim/debug/gdb_options.h"
#include "sim/soc/core_id.h"

namespace sim {

class soc;

// RSP framing on one listening TCP socket with at most one debugger: acks,
// checksums, escapes, Ctrl-C. Never blocks longer than the poll asked for,
// except to finish sending a reply (bounded).
class rsp_connection {
public:
    // Listens on host:port (0: a free port); throws std::runtime_error.
    rsp_connection(const std::string& host, std::uint16_t port);
    ~rsp_connection();
    rsp_connection(const rsp_connection&) = delete;
    rsp_connection& operator=(const rsp_connection&) = delete;

    std::uint16_t port() const { return m_port; }
    bool connected() const { return m_client >= 0; }
    int poll_fd() const { return m_client >= 0 ? m_client : m_listener; }

    struct events {
        bool connected = false, disconnected = false, interrupt = false;
        std::vector<std::string> packets;  // payloads, escapes removed
        unsigned malformed = 0;            // overlong packets, answered E01 by the caller
    };
    // Accepts a waiting debugger or reads what it sent (non-blocking).
    events service();
    void send(const std::string& payload);
    void disable_acks() { m_acks = false; }

private:
    void drop_client();
    void parse(events& out);

    int m_listener = -1, m_client = -1;
    std::uint16_t m_port = 0;
    bool m_acks = true;
    std::string m_input, m_last_sent;
};

class gdb_server : private gdb_stub::host {
public:
    // Opens both servers and prints "gdb: app core on HOST:PORT, net core on
    // HOST:PORT" to `out`; throws std::runtime_error if a port is taken.
    gdb_server(soc& chip, const gdb_options& options, std::ostream& out);
    ~gdb_server() override;

    // Called before every simulation slice: serves the debuggers, waiting
    // while the SoC is stopped for one of them. False: a debugger killed
    // the run (k).
    bool serve();

    // Freezes the SoC for the debuggers now, as Ctrl-C would (a power cut).
    void interrupt() { halt_all(); }

    // The longest simulated slice between two polls for Ctrl-C.
    static constexpr picoseconds poll_slice = ps_per_ms;

private:
    struct link {
        core_id core;
        std::unique_ptr<rsp_connection> connection;
        std::unique_ptr<gdb_stub> stub;
        std::optional<armv8m::debug_stop> stop;  // this core stopped itself
        bool ever_attached = false;
    };

    void on_core_stop(link& l, armv8m::debug_stop why);
    void poll_links(int timeout_ms);
    void handle_events(link& l, const rsp_connection::events& e);
    void deliver_stops();
    bool may_run() const;

    void halt_all() override;
    void kill_run() override;
    std::string time_report() override;
    void step_core(core_id which) override;
    void resume_core(core_id which) override;

    soc& m_soc;
    gdb_options::wait_for m_wait;
    std::array<link, 2> m_links;
    bool m_stop_pending = false, m_kill = false, m_stepping = false;
};

}  // namespace sim
