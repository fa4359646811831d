// GPIOTE: offsets from the nRF5340 PS/MDK; event and task channels on a
// GPIO port, EVENTS_PORT from DETECT, DPPI.
#include <gtest/gtest.h>

#include <vector>

#include "peripherals/gpiote.h"
#include "tests/support/tlm_initiator.h"

namespace {

constexpr std::uint32_t TASKS_OUT0 = 0x000, TASKS_SET0 = 0x030, TASKS_CLR0 = 0x060, SUBSCRIBE_OUT0 = 0x080,
                        SUBSCRIBE_SET0 = 0x0B0, SUBSCRIBE_CLR0 = 0x0E0, EVENTS_IN0 = 0x100, EVENTS_PORT = 0x17C,
                        PUBLISH_IN0 = 0x180, PUBLISH_PORT = 0x1FC, INTENSET = 0x304, INTENCLR = 0x308,
                        CONFIG0 = 0x510;
constexpr std::uint32_t MODE_EVENT = 1, MODE_TASK = 3, PORT1 = 1u << 13, LOTOHI = 1u << 16, HITOLO = 2u << 16,
                        TOGGLE = 3u << 16, OUTINIT_HIGH = 1u << 20;
// GPIO offsets
constexpr std::uint32_t GPIO_OUTSET = 0x008, GPIO_PIN_CNF0 = 0x200;

std::uint32_t psel(unsigned pin) { return pin << 8; }

struct level_probe : models::irq_sink {
    bool level = false;
    void set_irq(unsigned, bool l) override { level = l; }
};

struct recording_subscriber : models::dppi_bus::subscriber {
    std::vector<unsigned> channels;
    void dppi_triggered(unsigned channel, const sc_core::sc_time&) override { channels.push_back(channel); }
};

struct gpiote_test : ::testing::Test {
    nrf::gpio p0{"p0", 32};
    nrf::gpio p1{"p1", 16};
    nrf::gpiote dut{"gpiote", {&p0, &p1}};
    test::tlm_initiator cpu{"cpu"};
    test::tlm_initiator gpio_cpu{"gpio_cpu"};
    level_probe nvic;
    gpiote_test() {
        cpu.out.bind(dut.socket);
        gpio_cpu.out.bind(p0.socket);
        dut.irq.connect(nvic, 13);
    }
};

TEST_F(gpiote_test, reset_values) {
    const std::pair<std::uint32_t, std::uint32_t> table[] = {
        {TASKS_OUT0, 0}, {TASKS_SET0 + 28, 0}, {TASKS_CLR0 + 28, 0}, {SUBSCRIBE_OUT0, 0}, {SUBSCRIBE_SET0, 0},
        {SUBSCRIBE_CLR0 + 28, 0}, {EVENTS_IN0, 0}, {EVENTS_IN0 + 28, 0}, {EVENTS_PORT, 0}, {PUBLISH_IN0, 0},
        {PUBLISH_PORT, 0}, {INTENSET, 0}, {INTENCLR, 0}, {CONFIG0, 0}, {CONFIG0 + 28, 0},
    };
    for (auto [offset, reset] : table) EXPECT_EQ(cpu.read(offset), reset) << std::hex << offset;
    EXPECT_EQ(dut.bank().find(0x300), nullptr);  // no INTEN
    EXPECT_EQ(dut.bank().find(CONFIG0 + 32), nullptr);
}

TEST_F(gpiote_test, table_names_match_the_datasheet_offsets) {
    const std::pair<const char*, std::uint32_t> names[] = {
        {"TASKS_OUT", 0x01C}, {"TASKS_SET", 0x030}, {"TASKS_CLR", 0x07C}, {"SUBSCRIBE_SET", 0x0CC},
        {"EVENTS_IN", 0x11C}, {"EVENTS_PORT", 0x17C}, {"PUBLISH_IN", 0x19C}, {"PUBLISH_PORT", 0x1FC},
        {"CONFIG", 0x52C},
    };
    for (auto [name, offset] : names) {
        const models::reg_def* reg = dut.bank().find(offset);
        ASSERT_NE(reg, nullptr) << name;
        EXPECT_EQ(reg->name, name) << std::hex << offset;
    }
}

TEST_F(gpiote_test, event_channel_fires_on_the_configured_edge) {
    cpu.write(CONFIG0 + 4, MODE_EVENT | psel(4) | HITOLO);  // channel 1: P0.04 falling (a button)
    cpu.write(INTENSET, 1u << 1);
    p0.set_input(4, true);
    EXPECT_EQ(cpu.read(EVENTS_IN0 + 4), 0u);
    p0.set_input(4, false);
    EXPECT_EQ(cpu.read(EVENTS_IN0 + 4), 1u);
    EXPECT_TRUE(nvic.level);
    cpu.write(EVENTS_IN0 + 4, 0);
    EXPECT_FALSE(nvic.level);
    p0.set_input(5, false);
    p0.set_input(5, true);
    EXPECT_EQ(cpu.read(EVENTS_IN0 + 4), 0u);
}

TEST_F(gpiote_test, toggle_polarity_and_port_select) {
    cpu.write(CONFIG0, MODE_EVENT | PORT1 | psel(2) | TOGGLE);
    p0.set_input(2, true);
    EXPECT_EQ(cpu.read(EVENTS_IN0), 0u);  // P0.02 is not P1.02
    p1.set_input(2, true);
    EXPECT_EQ(cpu.read(EVENTS_IN0), 1u);
    cpu.write(EVENTS_IN0, 0);
    p1.set_input(2, false);
    EXPECT_EQ(cpu.read(EVENTS_IN0), 1u);
}

TEST_F(gpiote_test, task_channel_drives_the_pin_from_outinit) {
    cpu.write(CONFIG0 + 8, MODE_TASK | psel(28) | TOGGLE | OUTINIT_HIGH);  // an LED
    EXPECT_TRUE(p0.level(28));
    EXPECT_TRUE(p0.driven_by_chip(28));
    cpu.write(TASKS_OUT0 + 8, 1);
    EXPECT_FALSE(p0.level(28));
    cpu.write(TASKS_OUT0 + 8, 1);
    EXPECT_TRUE(p0.level(28));
    cpu.write(TASKS_CLR0 + 8, 1);
    EXPECT_FALSE(p0.level(28));
    cpu.write(TASKS_SET0 + 8, 1);
    EXPECT_TRUE(p0.level(28));
    gpio_cpu.write(GPIO_PIN_CNF0 + 4 * 28, 1);  // OUT = 0 as an output: GPIOTE still wins
    EXPECT_TRUE(p0.level(28));
    cpu.write(CONFIG0 + 8, 0);  // released: the port's OUT/DIR take over
    EXPECT_FALSE(p0.level(28));
}

TEST_F(gpiote_test, lotohi_task_out_only_sets) {
    cpu.write(CONFIG0, MODE_TASK | psel(3) | LOTOHI);
    EXPECT_FALSE(p0.level(3));
    cpu.write(TASKS_OUT0, 1);
    cpu.write(TASKS_OUT0, 1);
    EXPECT_TRUE(p0.level(3));
    cpu.write(CONFIG0 + 4, MODE_TASK | psel(4) | HITOLO | OUTINIT_HIGH);
    cpu.write(TASKS_OUT0 + 4, 1);
    EXPECT_FALSE(p0.level(4));
}

TEST_F(gpiote_test, task_on_an_event_channel_does_nothing) {
    cpu.write(CONFIG0, MODE_EVENT | psel(6) | TOGGLE);
    cpu.write(TASKS_SET0, 1);
    EXPECT_FALSE(p0.driven_by_chip(6));
}

TEST_F(gpiote_test, detect_raises_events_port) {
    cpu.write(INTENSET, 1u << 31);
    gpio_cpu.write(GPIO_PIN_CNF0 + 4 * 9, 3u << 16);  // SENSE low
    EXPECT_TRUE(nvic.level);  // an undriven pin reads 0: sense met at once
    EXPECT_EQ(cpu.read(EVENTS_PORT), 1u);
    cpu.write(INTENCLR, 1u << 31);
    EXPECT_FALSE(nvic.level);
}

TEST_F(gpiote_test, dppi_subscribe_and_publish) {
    models::dppi_bus dppi{"dppi"};
    recording_subscriber probe;
    dut.connect_dppi(dppi);
    dppi.connect(probe);
    dppi.set_channel_enables(0xFF);
    cpu.write(CONFIG0, MODE_TASK | psel(17) | TOGGLE);
    cpu.write(CONFIG0 + 4, MODE_EVENT | psel(17) | LOTOHI);  // watch the same pin
    cpu.write(SUBSCRIBE_OUT0, (1u << 31) | 2);
    cpu.write(PUBLISH_IN0 + 4, (1u << 31) | 5);
    dppi.publish(2);
    EXPECT_TRUE(p0.level(17));
    EXPECT_EQ(cpu.read(EVENTS_IN0 + 4), 1u);
    // IN1 is published during channel 2's delivery, before the probe hears channel 2.
    EXPECT_EQ(probe.channels, (std::vector<unsigned>{5, 2}));
}

TEST_F(gpiote_test, reset_releases_task_pins) {
    cpu.write(CONFIG0, MODE_TASK | psel(1) | OUTINIT_HIGH);
    EXPECT_TRUE(p0.level(1));
    dut.reset();
    EXPECT_FALSE(p0.driven_by_chip(1));
    EXPECT_EQ(cpu.read(CONFIG0), 0u);
}

} // namespace
