// The debug interface the GDB stub drives: halting at breakpoints and
// watchpoints with the simulation paused, stepping, and resuming.
#include "tests/cores/core_rig.h"

using namespace test;
using sc_core::sc_time;

namespace {

struct debug_rig : core_rig {
    std::vector<armv8m::debug_stop> stops;
    debug_rig() : core_rig("app", app_config()) {
        core.on_debug_stop = [this](armv8m::debug_stop why) {
            stops.push_back(why);
            if (why != armv8m::debug_stop::step) sc_core::sc_pause();
        };
    }
};

} // namespace

TEST(debug, breakpoint_halts_then_step_and_resume_continue) {
    debug_rig rig;
    rig.load("core_svc");
    const std::uint32_t target = rig.symbols.at("svc_dispatch");
    rig.core.add_breakpoint(target);
    sc_core::sc_start(sc_time(10, sc_core::SC_MS));
    ASSERT_EQ(rig.stops, std::vector<armv8m::debug_stop>{armv8m::debug_stop::breakpoint});
    EXPECT_EQ(rig.core.read_register(UC_ARM_REG_PC), target);
    EXPECT_EQ(rig.core.state(), armv8m::run_state::halted);
    const sc_time frozen = sc_core::sc_time_stamp();

    rig.core.debug_step();  // svc_dispatch starts with a 16-bit push
    EXPECT_EQ(rig.core.read_register(UC_ARM_REG_PC), target + 2);
    EXPECT_EQ(rig.stops.back(), armv8m::debug_stop::step);
    EXPECT_EQ(sc_core::sc_time_stamp(), frozen);  // time stands still while halted
    rig.core.remove_breakpoint(target);
    rig.core.debug_resume();
    sc_core::sc_start(sc_time(10, sc_core::SC_MS));
    EXPECT_EQ(rig.device.exit_code, 0u);
    EXPECT_EQ(rig.result(0), 1u);  // the SVC completed
}

TEST(debug, write_watchpoint_reports_the_address_and_the_storing_instruction) {
    debug_rig rig;
    rig.load("core_svc");
    const std::uint32_t counter = rig.symbols.at("svc_count");
    rig.core.add_watchpoint(counter, 4, armv8m::cortex_m33::watch_kind::write);
    sc_core::sc_start(sc_time(10, sc_core::SC_MS));
    // First hit: the start-up code zeroing .bss.
    ASSERT_EQ(rig.stops, std::vector<armv8m::debug_stop>{armv8m::debug_stop::watchpoint});
    EXPECT_GE(rig.core.last_watch().pc, rig.symbols.at("Reset_Handler"));
    EXPECT_LT(rig.core.last_watch().pc, rig.symbols.at("Reset_Handler") + 64);
    rig.core.debug_resume();
    sc_core::sc_start(sc_time(10, sc_core::SC_MS));
    ASSERT_EQ(rig.stops.size(), 2u);
    EXPECT_EQ(rig.core.last_watch().address, counter);
    EXPECT_TRUE(rig.core.last_watch().write);
    const std::uint32_t store_pc = rig.core.last_watch().pc;
    EXPECT_GE(store_pc, rig.symbols.at("svc_dispatch"));
    EXPECT_LT(store_pc, rig.symbols.at("SVC_Handler"));

    rig.core.remove_watchpoint(counter, 4, armv8m::cortex_m33::watch_kind::write);
    rig.core.debug_step();  // gdb steps once after every watchpoint stop
    rig.core.debug_resume();
    sc_core::sc_start(sc_time(10, sc_core::SC_MS));
    EXPECT_EQ(rig.device.exit_code, 0u);
}

TEST(debug, an_entry_probe_reports_each_entry_without_stopping_the_core) {
    debug_rig rig;
    rig.load("core_svc");
    const std::uint32_t target = rig.symbols.at("svc_dispatch");
    std::vector<std::uint32_t> entries;
    rig.core.on_entry = [&](std::uint32_t address) { entries.push_back(address); };
    rig.core.add_entry_probe(target | 1u);  // a Thumb address names the same entry
    sc_core::sc_start(sc_time(10, sc_core::SC_MS));
    EXPECT_TRUE(rig.stops.empty());
    EXPECT_EQ(rig.device.exit_code, 0u);
    EXPECT_EQ(rig.result(0), 1u);  // the SVC completed: the core went on
    EXPECT_EQ(entries, std::vector<std::uint32_t>{target});
}
