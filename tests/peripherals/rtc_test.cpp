// RTC: offsets from the nRF5340 PS, timing checked in simulated time.
#include <gtest/gtest.h>

#include <vector>

#include "peripherals/rtc.h"
#include "tests/support/tlm_initiator.h"

namespace {

using sc_core::SC_PS;
using sc_core::sc_time;

constexpr std::uint32_t TASKS_START = 0x000, TASKS_STOP = 0x004, TASKS_CLEAR = 0x008,
                        TASKS_TRIGOVRFLW = 0x00C, TASKS_CAPTURE0 = 0x040, SUBSCRIBE_START = 0x080,
                        EVENTS_TICK = 0x100, EVENTS_OVRFLW = 0x104, EVENTS_COMPARE0 = 0x140,
                        EVENTS_COMPARE1 = 0x144, PUBLISH_COMPARE0 = 0x1C0, SHORTS = 0x200,
                        INTENSET = 0x304, INTENCLR = 0x308, EVTEN = 0x340, EVTENSET = 0x344,
                        EVTENCLR = 0x348, COUNTER = 0x504, PRESCALER = 0x508, CC0 = 0x540,
                        CC1 = 0x544, CC3 = 0x54C;
constexpr std::uint32_t COMPARE0_BIT = 1u << 16, COMPARE1_BIT = 1u << 17, OVRFLW_BIT = 1u << 1,
                        TICK_BIT = 1u << 0;

// ceil(ticks * 10^12 / 32768) ps: the exact time of a 32768 Hz edge.
std::uint64_t tick_ps(std::uint64_t ticks) { return (ticks * 244140625 + 7) / 8; }

struct timed_irq : models::irq_sink {
    std::vector<std::pair<bool, std::uint64_t>> edges;  // level, time in ps
    void set_irq(unsigned, bool level) override {
        edges.emplace_back(level, sc_core::sc_time_stamp().value());
    }
};

struct recording_subscriber : models::dppi_bus::subscriber {
    std::vector<std::uint64_t> times;
    void dppi_triggered(unsigned, const sc_time&) override { times.push_back(sc_core::sc_time_stamp().value()); }
};

struct rtc_test : ::testing::Test {
    nrf::rtc dut{"rtc0"};
    test::tlm_initiator cpu{"cpu"};
    timed_irq nvic;
    rtc_test() {
        cpu.out.bind(dut.socket);
        dut.irq.connect(nvic, 20);
        nvic.edges.clear();
    }
    // Runs up to and including the events at `ps`.
    void run_until_ps(std::uint64_t ps) {
        sc_core::sc_start(sc_time(double(ps), SC_PS) - sc_core::sc_time_stamp());
        sc_core::sc_start(sc_core::SC_ZERO_TIME);
    }
};

TEST_F(rtc_test, reset_values) {
    const std::pair<std::uint32_t, std::uint32_t> table[] = {
        {TASKS_START, 0}, {EVENTS_TICK, 0}, {EVENTS_OVRFLW, 0}, {EVENTS_COMPARE0, 0}, {PUBLISH_COMPARE0, 0},
        {SHORTS, 0}, {INTENSET, 0}, {INTENCLR, 0}, {EVTEN, 0}, {COUNTER, 0}, {PRESCALER, 0}, {CC0, 0}, {CC3, 0},
    };
    for (auto [offset, reset] : table) EXPECT_EQ(cpu.read(offset), reset) << std::hex << offset;
}

TEST_F(rtc_test, compare_fires_at_exactly_cc_over_32768_seconds) {
    cpu.write(CC0, 3);
    cpu.write(INTENSET, COMPARE0_BIT);
    cpu.write(TASKS_START, 1);
    run_until_ps(tick_ps(3) - 1);
    EXPECT_EQ(cpu.read(EVENTS_COMPARE0), 0u);
    EXPECT_EQ(cpu.read(COUNTER), 2u);
    run_until_ps(tick_ps(3));
    EXPECT_EQ(cpu.read(EVENTS_COMPARE0), 1u);
    ASSERT_EQ(nvic.edges.size(), 1u);
    EXPECT_EQ(nvic.edges[0], std::make_pair(true, tick_ps(3)));
    cpu.write(EVENTS_COMPARE0, 0);
    EXPECT_FALSE(dut.irq.level());
}

TEST_F(rtc_test, counter_follows_the_prescaler_without_drift) {
    cpu.write(PRESCALER, 327);  // 32768 / 328 = 99.9 Hz
    cpu.write(TASKS_START, 1);
    run_until_ps(1000000000000ull * 100);  // 100 s
    EXPECT_EQ(cpu.read(COUNTER), 32768u * 100 / 328);
    cpu.write(CC1, 10000);
    cpu.write(EVTENSET, COMPARE1_BIT);
    EXPECT_EQ(cpu.read(EVTEN), COMPARE1_BIT);
    run_until_ps(tick_ps(10000ull * 328) - 1);
    EXPECT_EQ(cpu.read(EVENTS_COMPARE1), 0u);
    run_until_ps(tick_ps(10000ull * 328));
    EXPECT_EQ(cpu.read(EVENTS_COMPARE1), 1u);
}

TEST_F(rtc_test, stop_clear_and_capture) {
    cpu.write(TASKS_START, 1);
    run_until_ps(tick_ps(100));
    cpu.write(TASKS_STOP, 1);
    run_until_ps(tick_ps(200));
    EXPECT_EQ(cpu.read(COUNTER), 100u);
    cpu.write(TASKS_CAPTURE0 + 4, 1);
    EXPECT_EQ(cpu.read(CC1), 100u);
    cpu.write(TASKS_CLEAR, 1);
    EXPECT_EQ(cpu.read(COUNTER), 0u);
    cpu.write(TASKS_START, 1);
    run_until_ps(tick_ps(250));
    EXPECT_EQ(cpu.read(COUNTER), 50u);
}

TEST_F(rtc_test, trigovrflw_then_overflow_event) {
    cpu.write(INTENSET, OVRFLW_BIT);
    cpu.write(TASKS_TRIGOVRFLW, 1);
    EXPECT_EQ(cpu.read(COUNTER), 0xFFFFF0u);
    cpu.write(TASKS_START, 1);
    run_until_ps(tick_ps(15));
    EXPECT_EQ(cpu.read(EVENTS_OVRFLW), 0u);
    run_until_ps(tick_ps(16));
    EXPECT_EQ(cpu.read(EVENTS_OVRFLW), 1u);
    EXPECT_EQ(cpu.read(COUNTER), 0u);
    EXPECT_TRUE(dut.irq.level());
}

TEST_F(rtc_test, tick_event_only_while_enabled) {
    cpu.write(TASKS_START, 1);
    run_until_ps(tick_ps(5));
    EXPECT_EQ(cpu.read(EVENTS_TICK), 0u);
    cpu.write(INTENSET, TICK_BIT);
    run_until_ps(tick_ps(6));
    EXPECT_EQ(cpu.read(EVENTS_TICK), 1u);
    cpu.write(INTENCLR, TICK_BIT);
    cpu.write(EVENTS_TICK, 0);
    run_until_ps(tick_ps(10));
    EXPECT_EQ(cpu.read(EVENTS_TICK), 0u);
}

TEST_F(rtc_test, compare_clear_short_makes_a_periodic_compare) {
    cpu.write(CC0, 10);
    cpu.write(SHORTS, 1);  // COMPARE0_CLEAR
    cpu.write(TASKS_START, 1);
    run_until_ps(tick_ps(10));
    EXPECT_EQ(cpu.read(EVENTS_COMPARE0), 1u);
    cpu.write(EVENTS_COMPARE0, 0);
    EXPECT_EQ(cpu.read(COUNTER), 0u);
    run_until_ps(tick_ps(20) - 1);
    EXPECT_EQ(cpu.read(EVENTS_COMPARE0), 0u);
    run_until_ps(tick_ps(20));
    EXPECT_EQ(cpu.read(EVENTS_COMPARE0), 1u);
}

TEST_F(rtc_test, compare_is_published_only_with_evten) {
    models::dppi_bus dppi{"dppi"};
    recording_subscriber probe;
    dut.connect_dppi(dppi);
    dppi.connect(probe);
    dppi.set_channel_enables(1u << 4);
    cpu.write(PUBLISH_COMPARE0, (1u << 31) | 4);
    cpu.write(CC0, 2);
    cpu.write(TASKS_START, 1);
    run_until_ps(tick_ps(2));
    EXPECT_TRUE(probe.times.empty());
    cpu.write(EVTENSET, COMPARE0_BIT);
    cpu.write(EVTENCLR, 0);
    cpu.write(CC0, 5);
    run_until_ps(tick_ps(6));
    ASSERT_EQ(probe.times.size(), 1u);
    EXPECT_EQ(probe.times[0], tick_ps(5));
}

TEST_F(rtc_test, start_can_be_subscribed) {
    models::dppi_bus dppi{"dppi"};
    dut.connect_dppi(dppi);
    dppi.set_channel_enables(1u << 7);
    cpu.write(SUBSCRIBE_START, (1u << 31) | 7);
    dppi.publish(7);
    run_until_ps(tick_ps(3));
    EXPECT_EQ(cpu.read(COUNTER), 3u);
}

TEST_F(rtc_test, table_names_match_the_datasheet_offsets) {
    const std::pair<const char*, std::uint32_t> names[] = {
        {"TASKS_START", 0x000}, {"TASKS_TRIGOVRFLW", 0x00C}, {"TASKS_CAPTURE", 0x04C},
        {"SUBSCRIBE_CAPTURE", 0x0C0}, {"EVENTS_OVRFLW", 0x104}, {"EVENTS_COMPARE", 0x14C},
        {"PUBLISH_COMPARE", 0x1CC}, {"SHORTS", 0x200}, {"INTENSET", 0x304}, {"EVTENCLR", 0x348},
        {"COUNTER", 0x504}, {"PRESCALER", 0x508}, {"CC", 0x54C},
    };
    for (auto [name, offset] : names) {
        const models::reg_def* reg = dut.bank().find(offset);
        ASSERT_NE(reg, nullptr) << name;
        EXPECT_EQ(reg->name, name) << std::hex << offset;
    }
    EXPECT_EQ(dut.bank().find(0x300), nullptr);  // RTC has no INTEN
    EXPECT_EQ(dut.bank().find(0x550), nullptr);  // no CC[4]
}

} // namespace
