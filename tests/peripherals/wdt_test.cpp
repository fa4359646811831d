// WDT: offsets from the nRF5340 PS, timing in simulated time.
#include <gtest/gtest.h>

#include "peripherals/wdt.h"
#include "tests/support/tlm_initiator.h"

namespace {

using sc_core::sc_time;

constexpr std::uint32_t TASKS_START = 0x000, EVENTS_TIMEOUT = 0x100, INTENSET = 0x304, RUNSTATUS = 0x400,
                        REQSTATUS = 0x404, CRV = 0x504, RREN = 0x508, CONFIG = 0x50C, RR0 = 0x600;
constexpr std::uint32_t TASKS_STOP = 0x004, EVENTS_STOPPED = 0x104, NMIENSET = 0x324, NMIENCLR = 0x328,
                        TSEN = 0x520, CONFIG_STOPEN = 1u << 6;
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
        {RREN, 1}, {CONFIG, 1}, {RR0, 0}, {EVENTS_STOPPED, 0}, {NMIENSET, 0}, {TSEN, 0},
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

TEST_F(wdt_test, stop_needs_stopen_and_the_tsen_key) {
    cpu.write(CRV, 99);
    cpu.write(CONFIG, 1 | CONFIG_STOPEN);
    cpu.write(INTENSET, 1u << 1);  // STOPPED
    cpu.write(TASKS_START, 1);
    cpu.write(TASKS_STOP, 1);  // no TSEN key: keeps running
    EXPECT_EQ(cpu.read(RUNSTATUS), 1u);
    EXPECT_EQ(cpu.read(EVENTS_STOPPED), 0u);
    // nrfx_wdt_stop: TSEN = key, STOP, TSEN = 0, then EVENTS_STOPPED.
    cpu.write(TSEN, RELOAD);
    cpu.write(TASKS_STOP, 1);
    cpu.write(TSEN, 0);
    EXPECT_EQ(cpu.read(RUNSTATUS), 0u);
    EXPECT_EQ(cpu.read(EVENTS_STOPPED), 1u);
    EXPECT_TRUE(nvic.level);
    run_for(lfclk(200));  // no timeout once stopped
    EXPECT_EQ(cpu.read(EVENTS_TIMEOUT), 0u);
    EXPECT_EQ(resets, 0);
    cpu.write(CRV, 7);  // configuration unlocked again
    EXPECT_EQ(cpu.read(CRV), 7u);
}

TEST_F(wdt_test, stop_is_ignored_without_stopen) {
    cpu.write(CRV, 99);
    cpu.write(TASKS_START, 1);
    cpu.write(TSEN, RELOAD);
    cpu.write(TASKS_STOP, 1);
    EXPECT_EQ(cpu.read(RUNSTATUS), 1u);
    EXPECT_EQ(cpu.read(EVENTS_STOPPED), 0u);
    run_for(lfclk(100));
    EXPECT_EQ(cpu.read(EVENTS_TIMEOUT), 1u);
}

TEST_F(wdt_test, nmienset_and_nmienclr_share_one_mask) {
    cpu.write(NMIENSET, 0x3);
    cpu.write(NMIENCLR, 0x1);
    EXPECT_EQ(cpu.read(NMIENSET), 0x2u);
    EXPECT_EQ(cpu.read(NMIENCLR), 0x2u);
}

} // namespace
