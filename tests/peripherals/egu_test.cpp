// EGU: offsets from the nRF5340 PS.
#include <gtest/gtest.h>

#include "peripherals/egu.h"
#include "tests/support/tlm_initiator.h"

namespace {

constexpr std::uint32_t TASKS_TRIGGER0 = 0x000, SUBSCRIBE_TRIGGER0 = 0x080, EVENTS_TRIGGERED0 = 0x100,
                        PUBLISH_TRIGGERED0 = 0x180, INTEN = 0x300, INTENSET = 0x304, INTENCLR = 0x308;

struct level_probe : models::irq_sink {
    bool level = false;
    void set_irq(unsigned, bool l) override { level = l; }
};

struct egu_test : ::testing::Test {
    nrf::egu dut{"egu0"};
    test::tlm_initiator cpu{"cpu"};
    level_probe nvic;
    egu_test() {
        cpu.out.bind(dut.socket);
        dut.irq.connect(nvic, 27);
    }
};

TEST_F(egu_test, reset_values) {
    const std::pair<std::uint32_t, std::uint32_t> table[] = {
        {TASKS_TRIGGER0, 0}, {SUBSCRIBE_TRIGGER0 + 60, 0}, {EVENTS_TRIGGERED0 + 60, 0},
        {PUBLISH_TRIGGERED0, 0}, {INTEN, 0},
    };
    for (auto [offset, reset] : table) EXPECT_EQ(cpu.read(offset), reset) << std::hex << offset;
}

TEST_F(egu_test, trigger_sets_its_event_and_interrupt) {
    cpu.write(INTENSET, 1u << 15);
    cpu.write(TASKS_TRIGGER0 + 14 * 4, 1);
    EXPECT_EQ(cpu.read(EVENTS_TRIGGERED0 + 14 * 4), 1u);
    EXPECT_FALSE(nvic.level);
    cpu.write(TASKS_TRIGGER0 + 15 * 4, 1);
    EXPECT_EQ(cpu.read(EVENTS_TRIGGERED0 + 15 * 4), 1u);
    EXPECT_TRUE(nvic.level);
    cpu.write(INTENCLR, 1u << 15);
    EXPECT_FALSE(nvic.level);
}

TEST_F(egu_test, chained_through_dppi) {
    models::dppi_bus dppi{"dppi"};
    dut.connect_dppi(dppi);
    dppi.set_channel_enables(1u << 1);
    cpu.write(PUBLISH_TRIGGERED0, (1u << 31) | 1);
    cpu.write(SUBSCRIBE_TRIGGER0 + 4, (1u << 31) | 1);
    cpu.write(TASKS_TRIGGER0, 1);
    EXPECT_EQ(cpu.read(EVENTS_TRIGGERED0 + 4), 1u);
}

} // namespace
