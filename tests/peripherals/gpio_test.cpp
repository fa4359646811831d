// GPIO: offsets from the nRF5340 PS/MDK (relative to the P0/P1 base),
// pin levels seen by the host and by IN, SENSE/LATCH, MCUSEL ownership.
#include <gtest/gtest.h>

#include <vector>

#include "peripherals/gpio.h"
#include "tests/support/tlm_initiator.h"

namespace {

constexpr std::uint32_t OUT = 0x004, OUTSET = 0x008, OUTCLR = 0x00C, IN = 0x010, DIR = 0x014, DIRSET = 0x018,
                        DIRCLR = 0x01C, LATCH = 0x020, DETECTMODE = 0x024, DETECTMODE_SEC = 0x028,
                        PIN_CNF0 = 0x200;
constexpr std::uint32_t CNF_OUTPUT = 1u << 0, CNF_DISCONNECT = 1u << 1, CNF_PULLDOWN = 1u << 2,
                        CNF_PULLUP = 3u << 2, CNF_SENSE_HIGH = 2u << 16, CNF_SENSE_LOW = 3u << 16,
                        CNF_MCUSEL_NET = 1u << 28, CNF_MCUSEL_PERIPHERAL = 3u << 28;

std::uint32_t pin_cnf(unsigned n) { return PIN_CNF0 + 4 * n; }

struct gpio_test : ::testing::Test {
    nrf::gpio p0{"p0", 32};
    nrf::gpio p1{"p1", 16};
    test::tlm_initiator app{"app"};
    test::tlm_initiator app_p1{"app_p1"};
    std::vector<std::pair<unsigned, bool>> outputs;
    models::bus_master net_master;
    gpio_test() {
        app.out.bind(p0.socket);
        app_p1.out.bind(p1.socket);
        p0.on_output_change = [this](unsigned pin, bool level) { outputs.emplace_back(pin, level); };
        net_master.core = 1;
        net_master.secure = false;
    }
    void net_write(std::uint32_t offset, std::uint32_t value) {
        EXPECT_EQ(app.access(tlm::TLM_WRITE_COMMAND, offset, value, 4, &net_master), tlm::TLM_OK_RESPONSE);
    }
};

TEST_F(gpio_test, reset_values) {
    const std::pair<std::uint32_t, std::uint32_t> table[] = {
        {OUT, 0}, {OUTSET, 0}, {OUTCLR, 0}, {IN, 0}, {DIR, 0}, {DIRSET, 0}, {DIRCLR, 0}, {LATCH, 0},
        {DETECTMODE, 0}, {DETECTMODE_SEC, 0}, {pin_cnf(0), 0x2}, {pin_cnf(31), 0x2},
    };
    for (auto [offset, reset] : table) EXPECT_EQ(app.read(offset), reset) << std::hex << offset;
    EXPECT_EQ(app_p1.read(pin_cnf(15)), 0x2u);
    EXPECT_EQ(p1.bank().find(pin_cnf(16)), nullptr);  // P1 has 16 pins
}

TEST_F(gpio_test, table_names_match_the_datasheet_offsets) {
    const std::pair<const char*, std::uint32_t> names[] = {
        {"OUT", 0x004}, {"OUTCLR", 0x00C}, {"IN", 0x010}, {"DIRCLR", 0x01C}, {"LATCH", 0x020},
        {"DETECTMODE_SEC", 0x028}, {"PIN_CNF", 0x27C},
    };
    for (auto [name, offset] : names) {
        const models::reg_def* reg = p0.bank().find(offset);
        ASSERT_NE(reg, nullptr) << name;
        EXPECT_EQ(reg->name, name) << std::hex << offset;
    }
    EXPECT_EQ(p0.bank().find(0x000), nullptr);
}

TEST_F(gpio_test, outputs_reach_the_host_and_in) {
    app.write(pin_cnf(20), CNF_OUTPUT);  // connect input too, so IN shows the pin
    EXPECT_EQ(app.read(DIR), 1u << 20);
    app.write(OUTSET, 1u << 20);
    EXPECT_TRUE(p0.level(20));
    EXPECT_EQ(app.read(IN), 1u << 20);
    app.write(OUTCLR, 1u << 20);
    EXPECT_FALSE(p0.level(20));
    app.write(OUT, 1u << 21);  // pin 21 is an input: no output change
    ASSERT_EQ(outputs.size(), 2u);
    EXPECT_EQ(outputs[0], std::make_pair(20u, true));
    EXPECT_EQ(outputs[1], std::make_pair(20u, false));
    app.write(DIRSET, 1u << 21);
    EXPECT_EQ(app.read(pin_cnf(21)), CNF_DISCONNECT | CNF_OUTPUT);
    EXPECT_EQ(outputs.back(), std::make_pair(21u, true));
    app.write(DIRCLR, 1u << 21);
    EXPECT_EQ(app.read(DIR), 1u << 20);
}

TEST_F(gpio_test, inputs_follow_the_host_pull_and_input_buffer) {
    p0.set_input(3, true);
    EXPECT_EQ(app.read(IN), 0u);  // input buffer disconnected at reset
    app.write(pin_cnf(3), 0);
    EXPECT_EQ(app.read(IN), 1u << 3);
    p0.set_input(3, false);
    EXPECT_EQ(app.read(IN), 0u);
    p0.release_input(3);
    app.write(pin_cnf(3), CNF_PULLUP);
    EXPECT_EQ(app.read(IN), 1u << 3);
    app.write(pin_cnf(3), CNF_PULLDOWN);
    EXPECT_EQ(app.read(IN), 0u);
    EXPECT_TRUE(outputs.empty());
    EXPECT_EQ(app_p1.read(IN), 0u);
}

TEST_F(gpio_test, sense_sets_latch_and_latch_clears_only_when_the_condition_is_gone) {
    unsigned detects = 0;
    p0.add_detect_listener([&](const sc_core::sc_time&) { ++detects; });
    app.write(pin_cnf(5), CNF_SENSE_LOW | CNF_PULLUP);
    app.write(pin_cnf(6), CNF_SENSE_HIGH);
    EXPECT_EQ(app.read(LATCH), 0u);
    p0.set_input(5, false);
    EXPECT_EQ(app.read(LATCH), 1u << 5);
    EXPECT_EQ(detects, 1u);
    app.write(LATCH, 1u << 5);
    EXPECT_EQ(app.read(LATCH), 1u << 5);  // still low
    p0.set_input(5, true);
    app.write(LATCH, 1u << 5);
    EXPECT_EQ(app.read(LATCH), 0u);
    p0.set_input(6, true);
    EXPECT_EQ(app.read(LATCH), 1u << 6);
    EXPECT_EQ(detects, 2u);
}

TEST_F(gpio_test, ldetect_mode_holds_detect_until_latch_is_cleared) {
    unsigned detects = 0;
    p0.add_detect_listener([&](const sc_core::sc_time&) { ++detects; });
    app.write(DETECTMODE, 1);
    app.write(pin_cnf(7), CNF_SENSE_HIGH);
    app.write(pin_cnf(8), CNF_SENSE_HIGH);
    p0.set_input(7, true);
    p0.set_input(7, false);
    p0.set_input(8, true);  // LATCH still holds pin 7: DETECT stays high, no new edge
    EXPECT_EQ(detects, 1u);
    p0.set_input(8, false);
    app.write(LATCH, (1u << 7) | (1u << 8));
    p0.set_input(8, true);
    EXPECT_EQ(detects, 2u);
}

TEST_F(gpio_test, a_pin_given_to_the_net_core_ignores_app_writes) {
    app.write(pin_cnf(10), CNF_MCUSEL_NET);
    EXPECT_EQ(p0.owner(10), nrf::gpio::network_mcu);
    app.write(DIRSET, 1u << 10);
    app.write(OUTSET, 1u << 10);
    EXPECT_EQ(app.read(DIR), 0u);
    net_write(DIRSET, 1u << 10);
    net_write(OUTSET, (1u << 10) | (1u << 11));  // pin 11 belongs to the app
    EXPECT_TRUE(p0.level(10));
    EXPECT_EQ(app.read(OUT), 1u << 10);
    net_write(pin_cnf(11), CNF_OUTPUT);
    EXPECT_EQ(app.read(pin_cnf(11)), 0x2u);
    net_write(pin_cnf(10), CNF_OUTPUT);  // the net core cannot give the pin back
    EXPECT_EQ(app.read(pin_cnf(10)), CNF_MCUSEL_NET | CNF_OUTPUT);
    app.write(pin_cnf(10), 0x2);  // the app takes it back
    EXPECT_EQ(p0.owner(10), nrf::gpio::app_mcu);
    EXPECT_EQ(app.read(pin_cnf(10)), 0x2u);
}

TEST_F(gpio_test, a_peripheral_pin_is_changed_by_neither_core) {
    app.write(pin_cnf(0), CNF_MCUSEL_PERIPHERAL | CNF_OUTPUT);  // LFXO pins, as Zephyr sets them
    EXPECT_EQ(app.read(DIR), 0u);
    app.write(OUTSET, 1);
    net_write(OUTSET, 1);
    EXPECT_EQ(app.read(OUT), 0u);
}

TEST_F(gpio_test, task_output_overrides_out) {
    app.write(pin_cnf(12), 0);
    p0.set_task_output(12, true, true, sc_core::SC_ZERO_TIME);
    EXPECT_TRUE(p0.level(12));
    EXPECT_TRUE(p0.driven_by_chip(12));
    EXPECT_EQ(app.read(IN), 1u << 12);
    p0.set_task_output(12, false, false, sc_core::SC_ZERO_TIME);
    EXPECT_FALSE(p0.level(12));
    ASSERT_EQ(outputs.size(), 1u);  // the release makes it an undriven input
}

TEST_F(gpio_test, reset_keeps_host_inputs) {
    p0.set_input(2, true);
    app.write(pin_cnf(2), 0);
    app.write(OUTSET, 0xFF);
    p0.reset();
    EXPECT_EQ(app.read(OUT), 0u);
    app.write(pin_cnf(2), 0);
    EXPECT_EQ(app.read(IN), 1u << 2);
}

} // namespace
