// OSCILLATORS/REGULATORS (app) and VREQCTRL (net): offsets from the
// nRF5340 PS/MDK, the errata words SystemInit writes, SYSTEMOFF.
#include <gtest/gtest.h>

#include "peripherals/oscillators.h"
#include "tests/support/tlm_initiator.h"

namespace {

constexpr std::uint32_t MAINREGSTATUS = 0x428, SYSTEMOFF = 0x500, POFCON = 0x510, XOSC32MCAPS = 0x5C4,
                        XOSC32KI_BYPASS = 0x6C0, XOSC32KI_INTCAP = 0x6D0, VREGMAIN_DCDCEN = 0x704,
                        VREGRADIO_DCDCEN = 0x904, VREGH_DCDCEN = 0xB00, VREGH_EXTSILENTEN = 0xB40;
constexpr std::uint32_t NET_VREQH = 0x500, NET_VREQHREADY = 0x508;
// Undocumented words from the MDK's SystemInit (errata 64, 69, 97, 160), relative to 0x50004000.
constexpr std::uint32_t ERRATA_WORDS[] = {0x70C, 0x73C, 0x91C, 0x93C, 0xA20};

struct oscillators_test : ::testing::Test {
    nrf::oscillators app{"oscillators", nrf::oscillators::variant::app};
    nrf::oscillators net{"vreqctrl", nrf::oscillators::variant::net};
    test::tlm_initiator app_cpu{"app_cpu"};
    test::tlm_initiator net_cpu{"net_cpu"};
    oscillators_test() {
        app_cpu.out.bind(app.socket);
        net_cpu.out.bind(net.socket);
    }
};

TEST_F(oscillators_test, reset_values) {
    const std::uint32_t zeros[] = {MAINREGSTATUS, SYSTEMOFF, POFCON, XOSC32MCAPS, XOSC32KI_BYPASS,
                                   XOSC32KI_INTCAP, VREGMAIN_DCDCEN, VREGRADIO_DCDCEN, VREGH_DCDCEN};
    for (std::uint32_t offset : zeros) EXPECT_EQ(app_cpu.read(offset), 0u) << std::hex << offset;
    for (std::uint32_t offset : ERRATA_WORDS) EXPECT_EQ(app_cpu.read(offset), 0u) << std::hex << offset;
    EXPECT_EQ(app_cpu.read(VREGH_EXTSILENTEN), 1u);  // silent mode enabled at reset
    EXPECT_EQ(net_cpu.read(NET_VREQH), 0u);
    EXPECT_EQ(net_cpu.read(NET_VREQHREADY), 0u);
}

TEST_F(oscillators_test, table_names_match_the_datasheet_offsets) {
    const std::pair<const char*, std::uint32_t> names[] = {
        {"MAINREGSTATUS", 0x428}, {"SYSTEMOFF", 0x500}, {"POFCON", 0x510}, {"XOSC32MCAPS", 0x5C4},
        {"XOSC32KI.BYPASS", 0x6C0}, {"XOSC32KI.INTCAP", 0x6D0}, {"VREGMAIN.DCDCEN", 0x704},
        {"VREGRADIO.DCDCEN", 0x904}, {"VREGH.DCDCEN", 0xB00}, {"VREGH.EXTSILENTEN", 0xB40},
    };
    for (auto [name, offset] : names) {
        const models::reg_def* reg = app.bank().find(offset);
        ASSERT_NE(reg, nullptr) << name;
        EXPECT_EQ(reg->name, name) << std::hex << offset;
    }
    EXPECT_EQ(net.bank().find(NET_VREQHREADY)->name, "VREGRADIO.VREQHREADY");
    EXPECT_EQ(net.bank().find(XOSC32MCAPS), nullptr);
}

TEST_F(oscillators_test, errata_97_sequence_reads_back) {
    // if (*(0x50004A20) == 0) { 0x50004A20 = 0xD; 0x5000491C = 1; 0x5000491C = 0; }
    ASSERT_EQ(app_cpu.read(0xA20), 0u);
    app_cpu.write(0xA20, 0xD);
    app_cpu.write(0x91C, 1);
    app_cpu.write(0x91C, 0);
    EXPECT_EQ(app_cpu.read(0xA20), 0xDu);
    app_cpu.write(0x70C, 0x7E);  // errata 160
    EXPECT_EQ(app_cpu.read(0x70C), 0x7Eu);
}

TEST_F(oscillators_test, zephyr_capacitance_and_dcdc_settings_are_stored) {
    app_cpu.write(XOSC32MCAPS, (1u << 8) | 0x0C);
    app_cpu.write(XOSC32KI_INTCAP, 0x17);
    app_cpu.write(VREGMAIN_DCDCEN, 1);
    app_cpu.write(VREGRADIO_DCDCEN, 1);
    EXPECT_EQ(app_cpu.read(XOSC32MCAPS), 0x10Cu);
    EXPECT_EQ(app_cpu.read(XOSC32KI_INTCAP), 0x17u);
    EXPECT_EQ(app_cpu.read(VREGMAIN_DCDCEN), 1u);
    EXPECT_EQ(app_cpu.read(VREGRADIO_DCDCEN), 1u);
    EXPECT_EQ(app_cpu.read(VREGH_DCDCEN), 0u);
}

TEST_F(oscillators_test, systemoff_calls_back) {
    unsigned calls = 0;
    app.on_system_off = [&] { ++calls; };
    app_cpu.write(SYSTEMOFF, 0);
    EXPECT_EQ(calls, 0u);
    app_cpu.write(SYSTEMOFF, 1);
    EXPECT_EQ(calls, 1u);
}

TEST_F(oscillators_test, vreqhready_follows_vreqh) {
    net_cpu.write(NET_VREQH, 1);
    EXPECT_EQ(net_cpu.read(NET_VREQHREADY), 1u);
    net_cpu.write(NET_VREQH, 0);
    EXPECT_EQ(net_cpu.read(NET_VREQHREADY), 0u);
}

} // namespace
