// TIMER: offsets from the nRF5340 PS, timing in simulated time.
#include <gtest/gtest.h>

#include "peripherals/timer.h"
#include "tests/support/tlm_initiator.h"

namespace {

using sc_core::SC_NS;
using sc_core::SC_US;
using sc_core::sc_time;

constexpr std::uint32_t TASKS_START = 0x000, TASKS_STOP = 0x004, TASKS_COUNT = 0x008, TASKS_CLEAR = 0x00C,
                        TASKS_CAPTURE0 = 0x040, SUBSCRIBE_START = 0x080, EVENTS_COMPARE0 = 0x140,
                        PUBLISH_COMPARE0 = 0x1C0, SHORTS = 0x200, INTEN = 0x300, INTENSET = 0x304,
                        MODE = 0x504, BITMODE = 0x508, PRESCALER = 0x510, CC0 = 0x540;

struct level_probe : models::irq_sink {
    bool level = false;
    void set_irq(unsigned, bool l) override { level = l; }
};

struct timer_test : ::testing::Test {
    test::tlm_initiator cpu{"cpu"};
    void run_for(const sc_time& t) {
        sc_core::sc_start(t);
        sc_core::sc_start(sc_core::SC_ZERO_TIME);
    }
};

TEST_F(timer_test, reset_values_and_cc_count) {
    nrf::timer dut("timer0", nrf::timer::app_cc_count);
    cpu.out.bind(dut.socket);
    const std::pair<std::uint32_t, std::uint32_t> table[] = {
        {TASKS_START, 0}, {EVENTS_COMPARE0, 0}, {SHORTS, 0}, {INTEN, 0}, {MODE, 0}, {BITMODE, 0},
        {PRESCALER, 4}, {CC0, 0}, {CC0 + 20, 0},
    };
    for (auto [offset, reset] : table) EXPECT_EQ(cpu.read(offset), reset) << std::hex << offset;
    models::peripheral::set_strict(true);
    std::uint32_t value = 0;
    EXPECT_EQ(cpu.access(tlm::TLM_READ_COMMAND, CC0 + 24, value), tlm::TLM_ADDRESS_ERROR_RESPONSE);  // no CC[6]
    models::peripheral::set_strict(false);
}

TEST_F(timer_test, net_timer_has_eight_cc) {
    nrf::timer dut("timer0", nrf::timer::net_cc_count);
    cpu.out.bind(dut.socket);
    cpu.write(CC0 + 28, 0x1234);
    EXPECT_EQ(cpu.read(CC0 + 28), 0x1234u);
    cpu.write(TASKS_START, 1);
    cpu.write(TASKS_CAPTURE0 + 28, 1);
    EXPECT_EQ(cpu.read(CC0 + 28), 0u);
}

TEST_F(timer_test, compare_at_16mhz_over_prescaler) {
    nrf::timer dut("timer0", nrf::timer::app_cc_count);
    cpu.out.bind(dut.socket);
    level_probe nvic;
    dut.irq.connect(nvic, 15);
    cpu.write(PRESCALER, 4);  // 1 MHz
    cpu.write(BITMODE, 3);    // 32 bit
    cpu.write(CC0 + 4, 1000);
    cpu.write(INTENSET, 1u << 17);
    cpu.write(TASKS_START, 1);
    run_for(sc_time(999, SC_US));
    EXPECT_EQ(cpu.read(EVENTS_COMPARE0 + 4), 0u);
    cpu.write(TASKS_CAPTURE0, 1);
    EXPECT_EQ(cpu.read(CC0), 999u);
    run_for(sc_time(1, SC_US));
    EXPECT_EQ(cpu.read(EVENTS_COMPARE0 + 4), 1u);
    EXPECT_TRUE(nvic.level);
}

TEST_F(timer_test, prescaler_zero_ticks_every_62_5_ns) {
    nrf::timer dut("timer0", nrf::timer::app_cc_count);
    cpu.out.bind(dut.socket);
    cpu.write(PRESCALER, 0);
    cpu.write(TASKS_START, 1);
    run_for(sc_time(625, SC_NS));
    cpu.write(TASKS_CAPTURE0, 1);
    EXPECT_EQ(cpu.read(CC0), 10u);
}

TEST_F(timer_test, bitmode_wraps_the_counter) {
    nrf::timer dut("timer0", nrf::timer::app_cc_count);
    cpu.out.bind(dut.socket);
    cpu.write(BITMODE, 1);  // 8 bit
    cpu.write(TASKS_START, 1);
    run_for(sc_time(300, SC_US));  // 300 ticks at 1 MHz
    cpu.write(TASKS_CAPTURE0, 1);
    EXPECT_EQ(cpu.read(CC0), 300u % 256);
}

TEST_F(timer_test, clear_and_stop_shorts) {
    nrf::timer dut("timer0", nrf::timer::app_cc_count);
    cpu.out.bind(dut.socket);
    cpu.write(CC0, 100);
    cpu.write(CC0 + 4, 250);
    cpu.write(SHORTS, (1u << 0) | (1u << (1 + 8)));  // COMPARE0_CLEAR, COMPARE1_STOP
    cpu.write(TASKS_START, 1);
    run_for(sc_time(100, SC_US));
    EXPECT_EQ(cpu.read(EVENTS_COMPARE0), 1u);
    cpu.write(EVENTS_COMPARE0, 0);
    run_for(sc_time(100, SC_US));
    EXPECT_EQ(cpu.read(EVENTS_COMPARE0), 1u);  // periodic
    EXPECT_EQ(cpu.read(EVENTS_COMPARE0 + 4), 0u);
    cpu.write(SHORTS, 1u << (1 + 8));
    cpu.write(TASKS_CLEAR, 1);
    run_for(sc_time(250, SC_US));
    EXPECT_EQ(cpu.read(EVENTS_COMPARE0 + 4), 1u);
    run_for(sc_time(50, SC_US));
    cpu.write(TASKS_CAPTURE0 + 8, 1);
    EXPECT_EQ(cpu.read(CC0 + 8), 250u);  // stopped at the compare
}

TEST_F(timer_test, counter_mode_counts_tasks) {
    nrf::timer dut("timer0", nrf::timer::app_cc_count);
    cpu.out.bind(dut.socket);
    cpu.write(MODE, 1);
    cpu.write(CC0, 3);
    cpu.write(TASKS_COUNT, 1);  // not started: ignored
    cpu.write(TASKS_START, 1);
    for (int i = 0; i < 3; ++i) cpu.write(TASKS_COUNT, 1);
    EXPECT_EQ(cpu.read(EVENTS_COMPARE0), 1u);
    run_for(sc_time(1, SC_US));
    cpu.write(TASKS_CAPTURE0 + 4, 1);
    EXPECT_EQ(cpu.read(CC0 + 4), 3u);
    cpu.write(TASKS_STOP, 1);
}

TEST_F(timer_test, compare_is_published_and_start_subscribed) {
    nrf::timer a("timer0", nrf::timer::app_cc_count);
    nrf::timer b("timer1", nrf::timer::app_cc_count);
    test::tlm_initiator cpu_b{"cpu_b"};
    cpu.out.bind(a.socket);
    cpu_b.out.bind(b.socket);
    models::dppi_bus dppi("dppi");
    a.connect_dppi(dppi);
    b.connect_dppi(dppi);
    dppi.set_channel_enables(1u << 3);
    cpu.write(CC0, 10);
    cpu.write(PUBLISH_COMPARE0, (1u << 31) | 3);
    cpu_b.write(SUBSCRIBE_START, (1u << 31) | 3);
    cpu_b.write(CC0, 5);
    cpu.write(TASKS_START, 1);
    run_for(sc_time(14, SC_US));
    EXPECT_EQ(cpu_b.read(EVENTS_COMPARE0), 0u);
    run_for(sc_time(1, SC_US));
    EXPECT_EQ(cpu_b.read(EVENTS_COMPARE0), 1u);  // b started at 10 us, compared at 15 us
}

} // namespace
