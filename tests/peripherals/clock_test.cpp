// CLOCK/POWER/RESET block: offsets from the nRF5340 PS / MDK, written here
// independently of the model's table.
#include <gtest/gtest.h>

#include <vector>

#include "peripherals/clock.h"
#include "tests/support/tlm_initiator.h"

namespace {

constexpr std::uint32_t TASKS_HFCLKSTART = 0x000, TASKS_HFCLKSTOP = 0x004, TASKS_LFCLKSTART = 0x008,
                        TASKS_CAL = 0x010, SUBSCRIBE_HFCLKSTART = 0x080, EVENTS_HFCLKSTARTED = 0x100,
                        EVENTS_LFCLKSTARTED = 0x104, EVENTS_SLEEPENTER = 0x114, EVENTS_DONE = 0x11C,
                        PUBLISH_LFCLKSTARTED = 0x184, INTEN = 0x300, INTENSET = 0x304, INTPEND = 0x30C,
                        RESETREAS = 0x400, HFCLKRUN = 0x408, HFCLKSTAT = 0x40C, LFCLKRUN = 0x414,
                        LFCLKSTAT = 0x418, LFCLKSRCCOPY = 0x41C, HFCLKSRC = 0x514, LFCLKSRC = 0x518,
                        GPREGRET0 = 0x51C, GPREGRET1 = 0x520, HFCLKCTRL = 0x558, FORCEOFF = 0x614;
// App-only audio and 192 MHz clocks and the ALWAYSRUN controls (MDK NRF_CLOCK_Type).
constexpr std::uint32_t TASKS_HFCLKAUDIOSTART = 0x018, TASKS_HFCLKAUDIOSTOP = 0x01C,
                        TASKS_HFCLK192MSTART = 0x020, TASKS_HFCLK192MSTOP = 0x024,
                        EVENTS_HFCLKAUDIOSTARTED = 0x120, EVENTS_HFCLK192MSTARTED = 0x124,
                        HFCLKAUDIORUN = 0x450, HFCLKAUDIOSTAT = 0x454, HFCLK192MRUN = 0x458,
                        HFCLK192MSTAT = 0x45C, HFCLKAUDIO_FREQUENCY = 0x55C, HFCLKALWAYSRUN = 0x570,
                        LFCLKALWAYSRUN = 0x574, HFCLKAUDIOALWAYSRUN = 0x57C, HFCLK192MSRC = 0x580,
                        HFCLK192MALWAYSRUN = 0x584, HFCLK192MCTRL = 0x5B8;

struct level_probe : models::irq_sink {
    bool level = false;
    void set_irq(unsigned, bool l) override { level = l; }
};

struct clock_test : ::testing::Test {
    test::tlm_initiator cpu{"cpu"};
    void run_for(const sc_core::sc_time& t) {
        sc_core::sc_start(t);
        sc_core::sc_start(sc_core::SC_ZERO_TIME);
    }
};

TEST_F(clock_test, app_reset_values) {
    nrf::clock dut("clock", nrf::clock::variant::app);
    cpu.out.bind(dut.socket);
    const std::pair<std::uint32_t, std::uint32_t> table[] = {
        {EVENTS_HFCLKSTARTED, 0}, {INTEN, 0}, {RESETREAS, 0}, {HFCLKRUN, 0}, {HFCLKSTAT, 0},
        {LFCLKSTAT, 0}, {LFCLKSRCCOPY, 1}, {HFCLKSRC, 1}, {LFCLKSRC, 1}, {GPREGRET0, 0},
        {GPREGRET1, 0}, {HFCLKCTRL, 1}, {FORCEOFF, 1}, {HFCLKAUDIORUN, 0}, {HFCLKAUDIOSTAT, 0},
        {HFCLK192MRUN, 0}, {HFCLK192MSTAT, 0}, {HFCLKAUDIO_FREQUENCY, 0x9BAE}, {HFCLKALWAYSRUN, 0},
        {LFCLKALWAYSRUN, 0}, {HFCLKAUDIOALWAYSRUN, 0}, {HFCLK192MSRC, 1}, {HFCLK192MALWAYSRUN, 0},
        {HFCLK192MCTRL, 2},
    };
    for (auto [offset, reset] : table) EXPECT_EQ(cpu.read(offset), reset) << std::hex << offset;
    EXPECT_EQ(dut.hclk_hz(), 64000000u);
}

TEST_F(clock_test, net_variant_has_no_forceoff_nor_192m_clock) {
    nrf::clock dut("clock", nrf::clock::variant::net);
    cpu.out.bind(dut.socket);
    models::peripheral::set_strict(true);
    std::uint32_t value = 0;
    EXPECT_EQ(cpu.access(tlm::TLM_READ_COMMAND, FORCEOFF, value), tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(cpu.access(tlm::TLM_READ_COMMAND, HFCLK192MSRC, value), tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(cpu.access(tlm::TLM_READ_COMMAND, LFCLKSRC, value), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(cpu.access(tlm::TLM_READ_COMMAND, LFCLKALWAYSRUN, value), tlm::TLM_OK_RESPONSE);
    models::peripheral::set_strict(false);
}

TEST_F(clock_test, net_hfclkctrl_is_storage_with_reset_div1) {
    nrf::clock dut("clock", nrf::clock::variant::net);
    cpu.out.bind(dut.socket);
    unsigned changes = 0;
    dut.on_hclk_change = [&](std::uint64_t) { ++changes; };
    EXPECT_EQ(cpu.read(HFCLKCTRL), 0u);
    cpu.write(HFCLKCTRL, 1);
    EXPECT_EQ(cpu.read(HFCLKCTRL), 1u);
    EXPECT_EQ(changes, 0u);
    EXPECT_EQ(dut.hclk_hz(), 64000000u);
}

TEST_F(clock_test, hfclk192m_start_reports_the_selected_source) {
    nrf::clock dut("clock", nrf::clock::variant::app);
    cpu.out.bind(dut.socket);
    cpu.write(HFCLK192MSRC, 0);  // HFINT, as nrfx_clock_enable may select
    EXPECT_EQ(cpu.read(HFCLK192MSRC), 0u);
    cpu.write(TASKS_HFCLK192MSTART, 1);
    EXPECT_EQ(cpu.read(HFCLK192MRUN), 1u);
    EXPECT_EQ(cpu.read(HFCLK192MSTAT), 0u);
    run_for(nrf::clock::hfxo_startup());
    EXPECT_EQ(cpu.read(EVENTS_HFCLK192MSTARTED), 1u);
    EXPECT_EQ(cpu.read(HFCLK192MSTAT), 1u << 16);
    cpu.write(HFCLK192MALWAYSRUN, 1);
    EXPECT_EQ(cpu.read(HFCLK192MSTAT), (1u << 16) | (1u << 4));
    cpu.write(TASKS_HFCLK192MSTOP, 1);
    EXPECT_EQ(cpu.read(HFCLK192MRUN), 0u);
    EXPECT_EQ(cpu.read(HFCLK192MSTAT), 0u);
}

TEST_F(clock_test, hfclkaudio_start_and_stop) {
    nrf::clock dut("clock", nrf::clock::variant::app);
    cpu.out.bind(dut.socket);
    cpu.write(HFCLKAUDIO_FREQUENCY, 0x1234);
    EXPECT_EQ(cpu.read(HFCLKAUDIO_FREQUENCY), 0x1234u);
    cpu.write(TASKS_HFCLKAUDIOSTART, 1);
    EXPECT_EQ(cpu.read(HFCLKAUDIORUN), 1u);
    run_for(nrf::clock::hfxo_startup());
    EXPECT_EQ(cpu.read(EVENTS_HFCLKAUDIOSTARTED), 1u);
    EXPECT_EQ(cpu.read(HFCLKAUDIOSTAT), 1u << 16);
    cpu.write(TASKS_HFCLKAUDIOSTOP, 1);
    EXPECT_EQ(cpu.read(HFCLKAUDIOSTAT), 0u);
    EXPECT_EQ(cpu.read(HFCLKAUDIORUN), 0u);
}

TEST_F(clock_test, lfclk_alwaysrun_shows_in_lfclkstat) {
    nrf::clock dut("clock", nrf::clock::variant::net);
    cpu.out.bind(dut.socket);
    cpu.write(LFCLKALWAYSRUN, 1);
    EXPECT_EQ(cpu.read(LFCLKSTAT), 0u);  // not running yet
    cpu.write(TASKS_LFCLKSTART, 1);
    run_for(nrf::clock::lfclk_startup());
    EXPECT_EQ(cpu.read(LFCLKSTAT), (1u << 16) | (1u << 4) | 1u);  // running, always, LFRC
    cpu.write(HFCLKALWAYSRUN, 1);
    EXPECT_EQ(cpu.read(HFCLKALWAYSRUN), 1u);
}

TEST_F(clock_test, hfclkstarted_after_the_startup_time) {
    nrf::clock dut("clock", nrf::clock::variant::app);
    cpu.out.bind(dut.socket);
    level_probe nvic;
    dut.irq.connect(nvic, 5);
    cpu.write(INTENSET, 1u << 0);
    cpu.write(TASKS_HFCLKSTART, 1);
    EXPECT_EQ(cpu.read(HFCLKRUN), 1u);
    run_for(nrf::clock::hfxo_startup() - sc_core::sc_time(1, sc_core::SC_NS));
    EXPECT_EQ(cpu.read(EVENTS_HFCLKSTARTED), 0u);
    EXPECT_FALSE(nvic.level);
    run_for(sc_core::sc_time(1, sc_core::SC_NS));
    EXPECT_EQ(cpu.read(EVENTS_HFCLKSTARTED), 1u);
    EXPECT_EQ(cpu.read(HFCLKSTAT), (1u << 16) | 1u);  // running, HFXO
    EXPECT_TRUE(nvic.level);
    EXPECT_EQ(cpu.read(INTPEND), 1u);
    cpu.write(TASKS_HFCLKSTOP, 1);
    EXPECT_EQ(cpu.read(HFCLKSTAT), 0u);
}

TEST_F(clock_test, lfclk_reports_the_selected_source) {
    nrf::clock dut("clock", nrf::clock::variant::net);
    cpu.out.bind(dut.socket);
    cpu.write(LFCLKSRC, 2);  // LFXO
    cpu.write(TASKS_LFCLKSTART, 1);
    EXPECT_EQ(cpu.read(LFCLKSRCCOPY), 2u);
    EXPECT_EQ(cpu.read(LFCLKRUN), 1u);
    EXPECT_EQ(cpu.read(LFCLKSTAT), 0u);
    run_for(nrf::clock::lfclk_startup());
    EXPECT_EQ(cpu.read(EVENTS_LFCLKSTARTED), 1u);
    EXPECT_EQ(cpu.read(LFCLKSTAT), (1u << 16) | 2u);
}

TEST_F(clock_test, calibration_ends_with_done) {
    nrf::clock dut("clock", nrf::clock::variant::app);
    cpu.out.bind(dut.socket);
    cpu.write(TASKS_CAL, 1);
    run_for(nrf::clock::calibration_time());
    EXPECT_EQ(cpu.read(EVENTS_DONE), 1u);
}

TEST_F(clock_test, hfclkctrl_changes_the_core_clock) {
    nrf::clock dut("clock", nrf::clock::variant::app);
    cpu.out.bind(dut.socket);
    std::vector<std::uint64_t> changes;
    dut.on_hclk_change = [&](std::uint64_t hz) { changes.push_back(hz); };
    cpu.write(HFCLKCTRL, 0);  // Div1
    cpu.write(HFCLKCTRL, 0);
    cpu.write(HFCLKCTRL, 1);  // Div2
    EXPECT_EQ(changes, (std::vector<std::uint64_t>{128000000, 64000000}));
}

TEST_F(clock_test, forceoff_release_and_hold) {
    nrf::clock dut("clock", nrf::clock::variant::app);
    cpu.out.bind(dut.socket);
    std::vector<bool> holds;
    dut.on_network_forceoff = [&](bool hold) { holds.push_back(hold); };
    EXPECT_TRUE(dut.network_held());
    cpu.write(FORCEOFF, 0);
    EXPECT_FALSE(dut.network_held());
    cpu.write(FORCEOFF, 1);
    cpu.write(FORCEOFF, 0);
    dut.reset_with_reason(nrf::resetreas::SREQ);  // app reset holds the net core again
    EXPECT_EQ(holds, (std::vector<bool>{false, true, false, true}));
    EXPECT_EQ(cpu.read(FORCEOFF), 1u);
}

TEST_F(clock_test, resetreas_accumulates_and_is_write_one_to_clear) {
    nrf::clock dut("clock", nrf::clock::variant::app);
    cpu.out.bind(dut.socket);
    cpu.write(GPREGRET0, 0xAB);
    dut.reset_with_reason(nrf::resetreas::RESETPIN);
    dut.reset_with_reason(nrf::resetreas::DOG0 | nrf::resetreas::LDOG);  // LDOG is net-only
    EXPECT_EQ(cpu.read(RESETREAS), 0x3u);
    EXPECT_EQ(cpu.read(GPREGRET0), 0xABu);  // retained
    cpu.write(RESETREAS, ~1u);              // the errata-55 idiom: clear all but RESETPIN
    EXPECT_EQ(cpu.read(RESETREAS), 0x1u);
    dut.reset();  // power-on
    EXPECT_EQ(cpu.read(RESETREAS), 0u);
    EXPECT_EQ(cpu.read(GPREGRET0), 0u);
}

TEST_F(clock_test, sleep_events_and_dppi) {
    nrf::clock dut("clock", nrf::clock::variant::net);
    cpu.out.bind(dut.socket);
    models::dppi_bus dppi("dppi");
    dut.connect_dppi(dppi);
    dppi.set_channel_enables(0xFFFFFFFF);
    dut.sleep_enter();
    EXPECT_EQ(cpu.read(EVENTS_SLEEPENTER), 1u);
    // LFCLKSTARTED (published on channel 9) starts HFCLK (subscribed to 9).
    cpu.write(PUBLISH_LFCLKSTARTED, (1u << 31) | 9);
    cpu.write(SUBSCRIBE_HFCLKSTART, (1u << 31) | 9);
    cpu.write(TASKS_LFCLKSTART, 1);
    run_for(nrf::clock::lfclk_startup());
    EXPECT_EQ(cpu.read(HFCLKRUN), 1u);
    run_for(nrf::clock::hfxo_startup());
    EXPECT_EQ(cpu.read(EVENTS_HFCLKSTARTED), 1u);
}

TEST_F(clock_test, table_names_match_the_datasheet_offsets) {
    nrf::clock dut("clock", nrf::clock::variant::app);
    const std::pair<const char*, std::uint32_t> names[] = {
        {"TASKS_LFCLKSTOP", 0x00C}, {"TASKS_HFCLK192MSTOP", 0x024}, {"TASKS_LOWPWR", 0x07C},
        {"EVENTS_DONE", 0x11C}, {"EVENTS_SLEEPEXIT", 0x118}, {"PUBLISH_HFCLK192MSTARTED", 0x1A4},
        {"INTPEND", 0x30C}, {"RESETREAS", 0x400}, {"LFCLKSRCCOPY", 0x41C}, {"GPREGRET", 0x520},
        {"HFCLKCTRL", 0x558}, {"HFCLK192MCTRL", 0x5B8}, {"NETWORK.FORCEOFF", 0x614},
        {"HFCLKAUDIORUN", 0x450}, {"HFCLKAUDIOSTAT", 0x454}, {"HFCLK192MRUN", 0x458},
        {"HFCLK192MSTAT", 0x45C}, {"HFCLKAUDIO.FREQUENCY", 0x55C}, {"HFCLKALWAYSRUN", 0x570},
        {"LFCLKALWAYSRUN", 0x574}, {"HFCLKAUDIOALWAYSRUN", 0x57C}, {"HFCLK192MSRC", 0x580},
        {"HFCLK192MALWAYSRUN", 0x584},
    };
    for (auto [name, offset] : names) {
        const models::reg_def* reg = dut.bank().find(offset);
        ASSERT_NE(reg, nullptr) << name;
        EXPECT_EQ(reg->name, name) << std::hex << offset;
    }
}

} // namespace
