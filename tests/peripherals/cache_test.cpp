// CACHE: offsets and reset values from the nRF5340 PS/MDK.
#include <gtest/gtest.h>

#include "peripherals/cache.h"
#include "tests/support/tlm_initiator.h"

namespace {

constexpr std::uint32_t PROFILING0_IHIT = 0x400, PROFILING1_DMISS = 0x42C, ENABLE = 0x500, INVALIDATE = 0x504,
                        ERASE = 0x508, PROFILINGENABLE = 0x50C, PROFILINGCLEAR = 0x510, MODE = 0x514,
                        DEBUGLOCK = 0x518, ERASESTATUS = 0x51C, WRITELOCK = 0x520;

struct cache_test : ::testing::Test {
    nrf::cache dut{"cache"};
    test::tlm_initiator cpu{"cpu"};
    cache_test() { cpu.out.bind(dut.socket); }
};

TEST_F(cache_test, reset_values) {
    const std::pair<std::uint32_t, std::uint32_t> table[] = {
        {PROFILING0_IHIT, 0}, {PROFILING1_DMISS, 0}, {ENABLE, 0}, {INVALIDATE, 0}, {ERASE, 0},
        {PROFILINGENABLE, 0}, {PROFILINGCLEAR, 0}, {MODE, 0}, {DEBUGLOCK, 0}, {ERASESTATUS, 0}, {WRITELOCK, 0},
    };
    for (auto [offset, reset] : table) EXPECT_EQ(cpu.read(offset), reset) << std::hex << offset;
    EXPECT_FALSE(dut.enabled());
}

TEST_F(cache_test, table_names_match_the_datasheet_offsets) {
    const std::pair<const char*, std::uint32_t> names[] = {
        {"PROFILING.IHIT", 0x420}, {"PROFILING.IMISS", 0x404}, {"PROFILING.DHIT", 0x428},
        {"PROFILING.DMISS", 0x40C}, {"ENABLE", 0x500}, {"MODE", 0x514}, {"WRITELOCK", 0x520},
    };
    for (auto [name, offset] : names) {
        const models::reg_def* reg = dut.bank().find(offset);
        ASSERT_NE(reg, nullptr) << name;
        EXPECT_EQ(reg->name, name) << std::hex << offset;
    }
    EXPECT_EQ(dut.bank().find(0x410), nullptr);  // PROFILING's reserved words
}

TEST_F(cache_test, enable_as_zephyr_does) {
    cpu.write(ENABLE, 1);
    EXPECT_TRUE(dut.enabled());
    EXPECT_EQ(cpu.read(ENABLE), 1u);
    cpu.write(MODE, 1);
    EXPECT_TRUE(dut.ram_mode());
}

TEST_F(cache_test, invalidate_and_erase_complete_at_once) {
    cpu.write(INVALIDATE, 1);
    EXPECT_EQ(cpu.read(INVALIDATE), 0u);
    EXPECT_EQ(dut.invalidations(), 1u);
    cpu.write(ERASE, 1);
    EXPECT_EQ(cpu.read(ERASE), 0u);
    EXPECT_EQ(cpu.read(ERASESTATUS), 1u);
    cpu.write(ERASESTATUS, 0);
    EXPECT_EQ(cpu.read(ERASESTATUS), 0u);
    cpu.write(PROFILINGENABLE, 1);
    cpu.write(PROFILINGCLEAR, 1);
    EXPECT_EQ(cpu.read(PROFILINGCLEAR), 0u);
    EXPECT_EQ(cpu.read(PROFILINGENABLE), 1u);
}

TEST_F(cache_test, enable_turns_the_tags_on_and_profiling_counts_the_flash) {
    EXPECT_FALSE(dut.tags().enabled());
    cpu.write(ENABLE, 1);
    EXPECT_TRUE(dut.tags().enabled());
    cpu.write(PROFILINGENABLE, 1);
    dut.tags().fetch_instruction_line(0x40);  // what the core does per line
    dut.tags().fetch_instruction_line(0x40);
    constexpr std::uint32_t PROFILING0_IMISS = 0x404, PROFILING1_IHIT = 0x420;
    EXPECT_EQ(cpu.read(PROFILING0_IHIT), 1u);
    EXPECT_EQ(cpu.read(PROFILING0_IMISS), 1u);
    EXPECT_EQ(cpu.read(PROFILING1_IHIT), 0u);  // XIP: not cached
    cpu.write(PROFILINGCLEAR, 1);
    EXPECT_EQ(cpu.read(PROFILING0_IHIT), 0u);
    cpu.write(INVALIDATE, 1);
    EXPECT_FALSE(dut.tags().holds(0x40));
    cpu.write(MODE, 1);  // RAM mode: no caching
    EXPECT_FALSE(dut.tags().enabled());
}

TEST_F(cache_test, locks_stick_until_reset) {
    cpu.write(DEBUGLOCK, 1);
    cpu.write(WRITELOCK, 1);
    cpu.write(DEBUGLOCK, 0);
    cpu.write(WRITELOCK, 0);
    EXPECT_EQ(cpu.read(DEBUGLOCK), 1u);
    EXPECT_EQ(cpu.read(WRITELOCK), 1u);
    dut.reset();
    EXPECT_EQ(cpu.read(DEBUGLOCK), 0u);
    EXPECT_EQ(cpu.read(WRITELOCK), 0u);
}

} // namespace
