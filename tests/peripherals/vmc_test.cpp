// VMC: RAM[n].POWER/POWERSET/POWERCLR offsets from the nRF5340 PS/MDK.
#include <gtest/gtest.h>

#include <vector>

#include "peripherals/vmc.h"
#include "tests/support/tlm_initiator.h"

namespace {

constexpr std::uint32_t RAM0_POWER = 0x600, RAM0_POWERSET = 0x604, RAM0_POWERCLR = 0x608, RAM_STRIDE = 0x10;

struct vmc_test : ::testing::Test {
    nrf::vmc app{"app_vmc", 8, 16};
    nrf::vmc net{"net_vmc", 4, 4};
    test::tlm_initiator app_cpu{"app_cpu"};
    test::tlm_initiator net_cpu{"net_cpu"};
    vmc_test() {
        app_cpu.out.bind(app.socket);
        net_cpu.out.bind(net.socket);
    }
};

TEST_F(vmc_test, reset_values_and_block_counts) {
    for (unsigned n = 0; n < 8; ++n) {
        EXPECT_EQ(app_cpu.read(RAM0_POWER + n * RAM_STRIDE), 0x0000FFFFu) << n;
        EXPECT_EQ(app_cpu.read(RAM0_POWERSET + n * RAM_STRIDE), 0x0000FFFFu) << n;
        EXPECT_EQ(app_cpu.read(RAM0_POWERCLR + n * RAM_STRIDE), 0x0000FFFFu) << n;
    }
    EXPECT_EQ(net_cpu.read(RAM0_POWER + 3 * RAM_STRIDE), 0x0000FFFFu);
    EXPECT_EQ(app.bank().find(RAM0_POWER + 8 * RAM_STRIDE), nullptr);
    EXPECT_EQ(net.bank().find(RAM0_POWER + 4 * RAM_STRIDE), nullptr);
    EXPECT_EQ(app.bank().find(RAM0_POWER + 0xC), nullptr);  // the reserved word of each block
    EXPECT_TRUE(app.section_powered(7, 15));
    EXPECT_TRUE(net.section_powered(3, 3));
    EXPECT_FALSE(net.section_powered(3, 4));  // the net blocks have 4 sections
}

TEST_F(vmc_test, table_names_match_the_datasheet_offsets) {
    const std::pair<const char*, std::uint32_t> names[] = {
        {"RAM.POWER", 0x670}, {"RAM.POWERSET", 0x674}, {"RAM.POWERCLR", 0x678},
    };
    for (auto [name, offset] : names) {
        const models::reg_def* reg = app.bank().find(offset);
        ASSERT_NE(reg, nullptr) << name;
        EXPECT_EQ(reg->name, name) << std::hex << offset;
    }
}

TEST_F(vmc_test, set_and_clear_views_change_the_powered_sections) {
    std::vector<std::pair<unsigned, std::uint32_t>> changes;
    app.on_power_change = [&](unsigned block, std::uint32_t power) { changes.emplace_back(block, power); };
    app_cpu.write(RAM0_POWERCLR + 2 * RAM_STRIDE, 0x000000F0);
    EXPECT_EQ(app_cpu.read(RAM0_POWER + 2 * RAM_STRIDE), 0x0000FF0Fu);
    EXPECT_FALSE(app.section_powered(2, 4));
    EXPECT_TRUE(app.section_powered(2, 3));
    app_cpu.write(RAM0_POWERSET + 2 * RAM_STRIDE, 0x00100010);  // section 4 on, and retained
    EXPECT_EQ(app_cpu.read(RAM0_POWER + 2 * RAM_STRIDE), 0x0010FF1Fu);
    app_cpu.write(RAM0_POWER + 2 * RAM_STRIDE, 0x0010FF1F);  // no change, no callback
    app_cpu.write(RAM0_POWER, 0);
    EXPECT_FALSE(app.section_powered(0, 0));
    ASSERT_EQ(changes.size(), 3u);
    EXPECT_EQ(changes[2], std::make_pair(0u, 0u));
    app.reset();
    EXPECT_TRUE(app.section_powered(0, 0));
    EXPECT_EQ(changes.back(), std::make_pair(2u, 0x0000FFFFu));
}

} // namespace
