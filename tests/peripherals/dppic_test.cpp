// DPPIC: channel enables and groups; offsets from the nRF5340 PS.
#include <gtest/gtest.h>

#include "peripherals/dppic.h"
#include "peripherals/egu.h"
#include "tests/support/tlm_initiator.h"

namespace {

constexpr std::uint32_t TASKS_CHG0_EN = 0x000, TASKS_CHG0_DIS = 0x004, SUBSCRIBE_CHG0_EN = 0x080,
                        SUBSCRIBE_CHG0_DIS = 0x084, CHEN = 0x500, CHENSET = 0x504, CHENCLR = 0x508,
                        CHG0 = 0x800;
constexpr std::uint32_t EGU_TASKS_TRIGGER0 = 0x000, EGU_SUBSCRIBE_TRIGGER0 = 0x080,
                        EGU_EVENTS_TRIGGERED0 = 0x100, EGU_PUBLISH_TRIGGERED0 = 0x180;

struct dppic_test : ::testing::Test {
    models::dppi_bus bus{"dppi"};
    nrf::dppic dut{"dppic", bus};
    test::tlm_initiator cpu{"cpu"};
    dppic_test() { cpu.out.bind(dut.socket); }
};

TEST_F(dppic_test, reset_values) {
    const std::pair<std::uint32_t, std::uint32_t> table[] = {
        {TASKS_CHG0_EN, 0}, {SUBSCRIBE_CHG0_EN, 0}, {SUBSCRIBE_CHG0_DIS + 40, 0}, {CHEN, 0},
        {CHENSET, 0}, {CHENCLR, 0}, {CHG0, 0}, {CHG0 + 20, 0},
    };
    for (auto [offset, reset] : table) EXPECT_EQ(cpu.read(offset), reset) << std::hex << offset;
}

TEST_F(dppic_test, chenset_and_chenclr_drive_the_bus) {
    cpu.write(CHENSET, 0x5);
    cpu.write(CHENSET, 0x80000000);
    EXPECT_EQ(cpu.read(CHEN), 0x80000005u);
    EXPECT_EQ(bus.channel_enables(), 0x80000005u);
    cpu.write(CHENCLR, 0x1);
    EXPECT_EQ(cpu.read(CHENSET), 0x80000004u);
    cpu.write(CHEN, 0x10);
    EXPECT_EQ(bus.channel_enables(), 0x10u);
}

TEST_F(dppic_test, channel_groups_enable_and_disable_together) {
    cpu.write(CHG0 + 8, 0x0F00);  // group 2
    cpu.write(CHENSET, 0x1);
    cpu.write(TASKS_CHG0_EN + 2 * 8, 1);
    EXPECT_EQ(cpu.read(CHEN), 0x0F01u);
    cpu.write(TASKS_CHG0_DIS + 2 * 8, 1);
    EXPECT_EQ(cpu.read(CHEN), 0x1u);
}

TEST_F(dppic_test, only_enabled_channels_carry_events) {
    nrf::egu egu{"egu"};
    test::tlm_initiator egu_cpu{"egu_cpu"};
    egu_cpu.out.bind(egu.socket);
    egu.connect_dppi(bus);
    egu_cpu.write(EGU_PUBLISH_TRIGGERED0, (1u << 31) | 6);
    egu_cpu.write(EGU_SUBSCRIBE_TRIGGER0 + 4, (1u << 31) | 6);
    egu_cpu.write(EGU_TASKS_TRIGGER0, 1);
    EXPECT_EQ(egu_cpu.read(EGU_EVENTS_TRIGGERED0 + 4), 0u);
    cpu.write(CHENSET, 1u << 6);
    egu_cpu.write(EGU_TASKS_TRIGGER0, 1);
    EXPECT_EQ(egu_cpu.read(EGU_EVENTS_TRIGGERED0 + 4), 1u);
}

TEST_F(dppic_test, a_group_can_be_enabled_through_dppi) {
    nrf::egu egu{"egu"};
    test::tlm_initiator egu_cpu{"egu_cpu"};
    egu_cpu.out.bind(egu.socket);
    egu.connect_dppi(bus);
    cpu.write(CHENSET, 1u << 0);
    cpu.write(CHG0 + 4, 1u << 20);                          // group 1 = channel 20
    cpu.write(SUBSCRIBE_CHG0_EN + 8, (1u << 31) | 0);         // CHG[1].EN on channel 0
    egu_cpu.write(EGU_PUBLISH_TRIGGERED0, (1u << 31) | 0);
    egu_cpu.write(EGU_TASKS_TRIGGER0, 1);
    EXPECT_EQ(cpu.read(CHEN), (1u << 20) | 1u);
}

} // namespace
