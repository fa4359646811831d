// IPC: two instances (app, net) on one backbone; offsets from the PS/MDK.
#include <gtest/gtest.h>

#include "peripherals/egu.h"
#include "peripherals/ipc.h"
#include "peripherals/rtc.h"
#include "tests/support/tlm_initiator.h"

namespace {

constexpr std::uint32_t TASKS_SEND0 = 0x000, SUBSCRIBE_SEND0 = 0x080, EVENTS_RECEIVE0 = 0x100,
                        PUBLISH_RECEIVE0 = 0x180, INTEN = 0x300, INTENSET = 0x304, INTENCLR = 0x308,
                        INTPEND = 0x30C, SEND_CNF0 = 0x510, RECEIVE_CNF0 = 0x590, GPMEM0 = 0x610,
                        GPMEM1 = 0x614;
// RTC offsets for the DPPI wiring test.
constexpr std::uint32_t RTC_TASKS_START = 0x000, RTC_PUBLISH_COMPARE0 = 0x1C0, RTC_EVTENSET = 0x344,
                        RTC_CC0 = 0x540;

struct level_probe : models::irq_sink {
    bool level = false;
    void set_irq(unsigned, bool l) override { level = l; }
};

struct ipc_test : ::testing::Test {
    nrf::ipc_backbone backbone;
    nrf::ipc app{"app_ipc", backbone};
    nrf::ipc net{"net_ipc", backbone};
    test::tlm_initiator app_cpu{"app_cpu"};
    test::tlm_initiator net_cpu{"net_cpu"};
    level_probe app_nvic, net_nvic;
    ipc_test() {
        app_cpu.out.bind(app.socket);
        net_cpu.out.bind(net.socket);
        app.irq.connect(app_nvic, 42);
        net.irq.connect(net_nvic, 18);
    }
};

TEST_F(ipc_test, reset_values) {
    const std::pair<std::uint32_t, std::uint32_t> table[] = {
        {TASKS_SEND0, 0}, {SUBSCRIBE_SEND0, 0}, {EVENTS_RECEIVE0, 0}, {PUBLISH_RECEIVE0, 0}, {INTEN, 0},
        {INTPEND, 0}, {SEND_CNF0, 0}, {SEND_CNF0 + 60, 0}, {RECEIVE_CNF0 + 60, 0}, {GPMEM0, 0}, {GPMEM1, 0},
    };
    for (auto [offset, reset] : table) EXPECT_EQ(app_cpu.read(offset), reset) << std::hex << offset;
}

TEST_F(ipc_test, send_reaches_the_other_core_through_the_channel_maps) {
    // Zephyr's identity mapping: app sends on channel 0, net receives channel 0 in slot 0;
    // net sends on channel 1, app receives it in slot 1.
    app_cpu.write(SEND_CNF0, 1u << 0);
    net_cpu.write(RECEIVE_CNF0, 1u << 0);
    net_cpu.write(SEND_CNF0 + 4, 1u << 1);
    app_cpu.write(RECEIVE_CNF0 + 4, 1u << 1);
    net_cpu.write(INTENSET, 1u << 0);
    app_cpu.write(INTENSET, 1u << 1);
    EXPECT_EQ(net_cpu.read(INTEN), 1u);

    app_cpu.write(TASKS_SEND0, 1);
    EXPECT_EQ(net_cpu.read(EVENTS_RECEIVE0), 1u);
    EXPECT_EQ(net_cpu.read(INTPEND), 1u);
    EXPECT_TRUE(net_nvic.level);
    EXPECT_EQ(app_cpu.read(EVENTS_RECEIVE0), 0u);  // the sender's slot 0 listens to nothing
    EXPECT_FALSE(app_nvic.level);

    net_cpu.write(EVENTS_RECEIVE0, 0);
    EXPECT_FALSE(net_nvic.level);
    net_cpu.write(TASKS_SEND0 + 4, 1);
    EXPECT_EQ(app_cpu.read(EVENTS_RECEIVE0 + 4), 1u);
    EXPECT_TRUE(app_nvic.level);
    app_cpu.write(INTENCLR, 1u << 1);
    EXPECT_FALSE(app_nvic.level);
    EXPECT_EQ(app_cpu.read(INTPEND), 0u);
}

TEST_F(ipc_test, one_send_can_raise_several_slots_including_the_senders) {
    app_cpu.write(SEND_CNF0 + 12, (1u << 3) | (1u << 5));
    net_cpu.write(RECEIVE_CNF0 + 8, 1u << 5);
    net_cpu.write(RECEIVE_CNF0 + 28, 1u << 3);
    app_cpu.write(RECEIVE_CNF0 + 20, 1u << 3);
    app_cpu.write(TASKS_SEND0 + 12, 1);
    EXPECT_EQ(net_cpu.read(EVENTS_RECEIVE0 + 8), 1u);
    EXPECT_EQ(net_cpu.read(EVENTS_RECEIVE0 + 28), 1u);
    EXPECT_EQ(app_cpu.read(EVENTS_RECEIVE0 + 20), 1u);
    EXPECT_EQ(net_cpu.read(EVENTS_RECEIVE0), 0u);
}

TEST_F(ipc_test, gpmem_is_plain_storage_per_instance) {
    app_cpu.write(GPMEM1, 0xDEADBEEF);
    EXPECT_EQ(app_cpu.read(GPMEM1), 0xDEADBEEFu);
    EXPECT_EQ(net_cpu.read(GPMEM1), 0u);
}

TEST_F(ipc_test, rtc_compare_sends_through_dppi_and_receive_is_published) {
    // The RTC pretick wiring: net RTC0 COMPARE0 -> channel 10 -> IPC SEND[10].
    models::dppi_bus net_dppi{"net_dppi"};
    models::dppi_bus app_dppi{"app_dppi"};
    nrf::rtc rtc{"net_rtc0"};
    nrf::egu app_egu{"app_egu0"};
    test::tlm_initiator rtc_cpu{"rtc_cpu"};
    rtc_cpu.out.bind(rtc.socket);
    rtc.connect_dppi(net_dppi);
    net.connect_dppi(net_dppi);
    app.connect_dppi(app_dppi);
    app_egu.connect_dppi(app_dppi);
    net_dppi.set_channel_enables(1u << 10);
    app_dppi.set_channel_enables(1u << 2);

    rtc_cpu.write(RTC_CC0, 4);
    rtc_cpu.write(RTC_EVTENSET, 1u << 16);
    rtc_cpu.write(RTC_PUBLISH_COMPARE0, (1u << 31) | 10);
    net_cpu.write(SUBSCRIBE_SEND0 + 40, (1u << 31) | 10);
    net_cpu.write(SEND_CNF0 + 40, 1u << 10);
    app_cpu.write(RECEIVE_CNF0 + 40, 1u << 10);
    // On the app side, RECEIVE[10] is published on channel 2 to EGU0 TRIGGER[0].
    app_cpu.write(PUBLISH_RECEIVE0 + 40, (1u << 31) | 2);
    test::tlm_initiator egu_cpu{"egu_cpu"};
    egu_cpu.out.bind(app_egu.socket);
    egu_cpu.write(0x080, (1u << 31) | 2);  // EGU SUBSCRIBE_TRIGGER[0]

    rtc_cpu.write(RTC_TASKS_START, 1);
    const sc_core::sc_time compare_time = sc_core::sc_time(4.0 / 32768, sc_core::SC_SEC);
    sc_core::sc_start(compare_time - sc_core::sc_time(1, sc_core::SC_NS));
    EXPECT_EQ(app_cpu.read(EVENTS_RECEIVE0 + 40), 0u);
    sc_core::sc_start(sc_core::sc_time(2, sc_core::SC_NS));
    EXPECT_EQ(app_cpu.read(EVENTS_RECEIVE0 + 40), 1u);
    EXPECT_EQ(egu_cpu.read(0x100), 1u);  // EGU EVENTS_TRIGGERED[0]
}

TEST_F(ipc_test, table_names_match_the_datasheet_offsets) {
    const std::pair<const char*, std::uint32_t> names[] = {
        {"TASKS_SEND", 0x03C}, {"SUBSCRIBE_SEND", 0x0BC}, {"EVENTS_RECEIVE", 0x13C},
        {"PUBLISH_RECEIVE", 0x1BC}, {"INTPEND", 0x30C}, {"SEND_CNF", 0x54C}, {"RECEIVE_CNF", 0x5CC},
        {"GPMEM", 0x614},
    };
    for (auto [name, offset] : names) {
        const models::reg_def* reg = app.bank().find(offset);
        ASSERT_NE(reg, nullptr) << name;
        EXPECT_EQ(reg->name, name) << std::hex << offset;
    }
}

} // namespace
