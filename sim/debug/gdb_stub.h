// The GDB remote serial protocol for one core of the nRF5340: packet letter
// -> handle_* (a table in gdb_stub.cpp), the target description gdb-multiarch
// needs (m-profile, m-system, secext and vfp on the application core), and
// the stop replies. It knows nothing of sockets (sim/debug/gdb_server.h frames the
// packets) and nothing of the other core beyond what `host` offers.
//
// Register numbers follow the XML order (GDB's gdb/features/arm/
// arm-m-profile.xml, arm-m-system.xml, arm-secext.xml, arm-vfpv2.xml):
// r0-r12, sp, lr, pc = 0-15, xpsr 16, msp 17, psp 18; application core:
// msp_ns, psp_ns, msp_s, psp_s 19-22 (the firmware is secure-only: the _s
// pair is msp/psp, the _ns pair reads 0),
// d0-d15 23-38, fpscr 39, then primask, basepri, faultmask, control 40-43;
// network core: primask, basepri, faultmask, control 19-22.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "cores/cortex_m33.h"
#include "sim/soc/core_id.h"

namespace sim {

class soc;

class gdb_stub {
public:
    // What a stub needs from the debugger of the whole SoC (sim/debug/gdb_server.h).
    class host {
    public:
        virtual ~host() = default;
        virtual void halt_all() = 0;     // Ctrl-C, monitor halt: freeze the SoC now
        virtual void kill_run() = 0;     // k: end the simulation
        virtual std::string time_report() = 0;  // monitor time
        // Runs `step` (one instruction of this stub's core) with the SoC paused.
        virtual void step_core(core_id which) = 0;
        // Lets a halted core run again when the simulation next runs.
        virtual void resume_core(core_id which) = 0;
    };

    enum class state { detached, stopped, running };

    gdb_stub(soc& chip, core_id which, host& owner);

    // One packet's payload (framing and escapes removed). The reply to send
    // now, or nothing when the answer is a later stop reply (c, s of a
    // running SoC) or none at all (k).
    std::optional<std::string> handle(const std::string& packet);

    // The debugger connected (the SoC stops for it) or went away (its
    // breakpoints and watchpoints are removed, its core resumes).
    void attach();
    void detach();

    state current() const { return m_state; }
    // The SoC stopped: the reply for this stub's debugger. `own` is this
    // core's reason when it stopped itself, else the other core did (T02).
    std::string stop(std::optional<armv8m::debug_stop> own);

    std::string target_xml() const;

private:
    using handler = std::optional<std::string> (gdb_stub::*)(const std::string&);
    struct handler_entry {
        char letter;
        handler handle;
    };
    static const handler_entry handlers[];

    std::optional<std::string> handle_query(const std::string& p);
    std::optional<std::string> handle_set(const std::string& p);
    std::optional<std::string> handle_v(const std::string& p);
    std::optional<std::string> handle_status(const std::string& p);
    std::optional<std::string> handle_read_registers(const std::string& p);
    std::optional<std::string> handle_write_registers(const std::string& p);
    std::optional<std::string> handle_read_register(const std::string& p);
    std::optional<std::string> handle_write_register(const std::string& p);
    std::optional<std::string> handle_read_memory(const std::string& p);
    std::optional<std::string> handle_write_memory(const std::string& p);
    std::optional<std::string> handle_write_binary(const std::string& p);
    std::optional<std::string> handle_insert_point(const std::string& p);
    std::optional<std::string> handle_remove_point(const std::string& p);
    std::optional<std::string> handle_continue(const std::string& p);
    std::optional<std::string> handle_step(const std::string& p);
    std::optional<std::string> handle_detach(const std::string& p);
    std::optional<std::string> handle_kill(const std::string& p);
    std::optional<std::string> handle_thread_alive(const std::string& p);

    std::optional<std::string> monitor(const std::string& command);
    std::optional<std::string> resume();
    std::string step_once();

    // Register access by gdb number (see the top of this file).
    unsigned register_count() const;
    unsigned register_size(unsigned number) const;
    std::uint64_t read_gdb_register(unsigned number);
    bool write_gdb_register(unsigned number, std::uint64_t value);

    bool insert_point(char type, std::uint32_t address, std::uint32_t length);
    void remove_point(char type, std::uint32_t address, std::uint32_t length);

    armv8m::cortex_m33& core();

    soc& m_soc;
    core_id m_which;
    host& m_host;
    bool m_fpu, m_secext;
    std::uint32_t m_reset_vtor;
    state m_state = state::detached;
    std::optional<armv8m::debug_stop> m_last_stop;
    // What this debugger inserted, removed when it goes away.
    std::multiset<std::uint32_t> m_breakpoints;
    std::vector<std::tuple<char, std::uint32_t, std::uint32_t>> m_watchpoints;
};

}  // namespace sim
