// WDT: offsets from the nRF5340 PS, timing in simulated time.
#include <gtest/gtest.h>

#include "peripherals/wdt.h"
#include "tests/support/tlm_initiator.h"

namespace {

using sc_core::sc_time;

constexpr std::uint32_t TASKS_START = 0x000, EVENTS_TIMEOUT = 0x100, INTENSET = 0x304, RUNSTATUS = 0x400,
                        REQSTATUS = 0x404, CRV = 0x504, RREN = 0x508, CONFIG = 0x50C, RR0 = 0x600;
constexpr std::uint32_t RELOAD = 0x6E524635;

// ceil(cycles * 10^12 / 32768) ps
sc_time lfclk(std::uint64_t cycles) { return sc_time::from_value((cycles * 244140625 + 7) / 8); }

struct level_probe : models::irq_sink {
    bool level = false;
    void set_irq(unsigned, bool l) override { level = l; }
};

struct wdt_test : ::testing::Test {
    nrf::wdt dut{"wdt0"};
    test::tlm_initiator cpu{"cpu"};
    level_probe nvic;
    int resets = 0;
    wdt_test() {
        cpu.out.bind(dut.socket);
        dut.irq.connect(nvic, 24);
        dut.on_timeout = [this] { ++resets; };
    }
    void run_for(const sc_time& t) {
        sc_core::sc_start(t);
        sc_core::sc_start(sc_core::SC_ZERO_TIME);
    }
};

TEST_F(wdt_test, reset_values) {
    const std::pair<std::uint32_t, std::uint32_t> table[] = {
        {EVENTS_TIMEOUT, 0}, {INTENSET, 0}, {RUNSTATUS, 0}, {REQSTATUS, 1}, {CRV, 0xFFFFFFFF},
        {RREN, 1}, {CONFIG, 1}, {RR0, 0},
    };
    for (auto [offset, reset] : table) EXPECT_EQ(cpu.read(offset), reset) << std::hex << offset;
}

TEST_F(wdt_test, times_out_after_crv_plus_one_cycles_then_resets) {
    cpu.write(CRV, 99);
    cpu.write(INTENSET, 1);
    cpu.write(TASKS_START, 1);
    EXPECT_EQ(cpu.read(RUNSTATUS), 1u);
    run_for(lfclk(100) - sc_time(1, sc_core::SC_NS));
    EXPECT_EQ(cpu.read(EVENTS_TIMEOUT), 0u);
    run_for(sc_time(1, sc_core::SC_NS));
    EXPECT_EQ(cpu.read(EVENTS_TIMEOUT), 1u);
    EXPECT_TRUE(nvic.level);
    EXPECT_EQ(resets, 0);
    run_for(lfclk(2));
    EXPECT_EQ(resets, 1);
}

TEST_F(wdt_test, reload_needs_every_enabled_request) {
    cpu.write(CRV, 99);
    cpu.write(RREN, 0x5);  // RR0 and RR2
    EXPECT_EQ(cpu.read(REQSTATUS), 0x5u);
    cpu.write(TASKS_START, 1);
    run_for(lfclk(80));
    cpu.write(RR0, RELOAD);
    cpu.write(RR0 + 4, RELOAD);  // not enabled: no effect
    EXPECT_EQ(cpu.read(REQSTATUS), 0x4u);
    run_for(lfclk(10));
    cpu.write(RR0 + 8, 0x12345678);  // wrong value
    EXPECT_EQ(cpu.read(REQSTATUS), 0x4u);
    cpu.write(RR0 + 8, RELOAD);  // reloads at 90 cycles
    EXPECT_EQ(cpu.read(REQSTATUS), 0x5u);
    run_for(lfclk(99));
    EXPECT_EQ(cpu.read(EVENTS_TIMEOUT), 0u);
    run_for(lfclk(2));
    EXPECT_EQ(cpu.read(EVENTS_TIMEOUT), 1u);
}

TEST_F(wdt_test, configuration_is_locked_while_running) {
    cpu.write(CRV, 1000);
    cpu.write(TASKS_START, 1);
    cpu.write(CRV, 5);
    cpu.write(RREN, 0xFF);
    EXPECT_EQ(cpu.read(CRV), 1000u);
    EXPECT_EQ(cpu.read(RREN), 1u);
    run_for(lfclk(100));
    EXPECT_EQ(cpu.read(EVENTS_TIMEOUT), 0u);
}

} // namespace
