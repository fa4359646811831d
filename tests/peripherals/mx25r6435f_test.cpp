#include "peripherals/mx25r6435f.h"

#include <gtest/gtest.h>

#include <vector>

namespace {

using bytes = std::vector<std::uint8_t>;
using nrf::mx25r6435f;
using sc_core::sc_time;
using sc_core::SC_MS;
using sc_core::SC_US;

// Opcodes from the MX25R6435F datasheet, written down independently of the model.
constexpr std::uint8_t READ = 0x03, FAST_READ = 0x0B, QREAD = 0x6B, READ4 = 0xEB, PP = 0x02,
                       PP4 = 0x38, SE = 0x20, BE32 = 0x52, BE = 0xD8, CE = 0xC7, WREN = 0x06,
                       WRDI = 0x04, RDSR = 0x05, WRSR = 0x01, RDCR = 0x15, RDID = 0x9F,
                       RES = 0xAB, DP = 0xB9, RDSFDP = 0x5A, RSTEN = 0x66, RST = 0x99;

struct mx25r6435f_test : ::testing::Test {
    mx25r6435f flash;
    sc_time now = sc_core::SC_ZERO_TIME;

    bytes cmd(std::uint8_t op, std::size_t rx = 0) { return flash.transfer(op, {}, {}, rx, now); }
    bytes read(std::uint8_t op, std::uint32_t address, std::size_t n) {
        return flash.transfer(op, address, {}, n, now);
    }
    void program(std::uint32_t address, const bytes& data) {
        cmd(WREN);
        flash.transfer(PP, address, data, 0, now);
    }
    std::uint8_t status() { return cmd(RDSR, 1)[0]; }
    void wait_idle() { now = flash.busy_until(); }
};

TEST_F(mx25r6435f_test, reads_jedec_id_and_electronic_id) {
    EXPECT_EQ(cmd(RDID, 3), (bytes{0xC2, 0x28, 0x17}));
    EXPECT_EQ(cmd(RES, 1), (bytes{0x17}));
}

TEST_F(mx25r6435f_test, write_enable_latch_follows_wren_and_wrdi) {
    EXPECT_EQ(status() & 0x02, 0);
    cmd(WREN);
    EXPECT_EQ(status() & 0x02, 0x02);
    cmd(WRDI);
    EXPECT_EQ(status() & 0x02, 0);
}

TEST_F(mx25r6435f_test, page_program_needs_wel_and_ands_into_the_array) {
    flash.transfer(PP, 0x100, {0x00}, 0, now);
    EXPECT_EQ(read(READ, 0x100, 1), (bytes{0xFF})) << "no WREN: ignored";

    program(0x100, {0xF0, 0x0F});
    EXPECT_EQ(status() & 0x03, 0x03) << "WIP and WEL while programming";
    wait_idle();
    EXPECT_EQ(status() & 0x03, 0) << "WEL clears when the program completes";
    program(0x100, {0x3C, 0xFF});
    wait_idle();
    EXPECT_EQ(read(FAST_READ, 0x100, 3), (bytes{0x30, 0x0F, 0xFF}));
}

TEST_F(mx25r6435f_test, page_program_wraps_within_the_page) {
    program(0x1FE, {1, 2, 3, 4});
    wait_idle();
    EXPECT_EQ(read(READ, 0x1FE, 2), (bytes{1, 2}));
    EXPECT_EQ(read(READ, 0x100, 2), (bytes{3, 4}));
    EXPECT_EQ(read(READ, 0x200, 1), (bytes{0xFF})) << "next page untouched";
}

TEST_F(mx25r6435f_test, page_program_takes_time_and_busy_chip_ignores_commands_but_rdsr) {
    program(0, {0x00});
    EXPECT_GT(flash.busy_until(), now);
    EXPECT_EQ(cmd(RDID, 3), (bytes{0xFF, 0xFF, 0xFF}));
    EXPECT_EQ(status() & 0x01, 0x01);
    now = flash.busy_until() - sc_time(1, SC_US);
    EXPECT_EQ(status() & 0x01, 0x01);
    wait_idle();
    EXPECT_EQ(status() & 0x01, 0);
    EXPECT_EQ(cmd(RDID, 3), (bytes{0xC2, 0x28, 0x17}));
}

TEST_F(mx25r6435f_test, erases_sector_and_blocks_at_their_alignment) {
    std::vector<std::uint8_t> zeros(256, 0);
    for (std::uint32_t a = 0; a < 0x30000; a += 0x1000) {
        program(a + 0xF00, zeros);
        wait_idle();
    }
    cmd(WREN);
    flash.transfer(SE, 0x1234, {}, 0, now);
    const sc_time started = now;
    wait_idle();
    EXPECT_EQ(now - started, sc_time(40, SC_MS));
    EXPECT_EQ(read(READ, 0x1F00, 1)[0], 0xFF);
    EXPECT_EQ(read(READ, 0x0F00, 1)[0], 0x00);
    EXPECT_EQ(read(READ, 0x2F00, 1)[0], 0x00);

    cmd(WREN);
    flash.transfer(BE32, 0x8123, {}, 0, now);
    wait_idle();
    EXPECT_EQ(read(READ, 0x8F00, 1)[0], 0xFF);
    EXPECT_EQ(read(READ, 0xFF00, 1)[0], 0xFF);
    EXPECT_EQ(read(READ, 0x10F00, 1)[0], 0x00);

    cmd(WREN);
    flash.transfer(BE, 0x1FFFF, {}, 0, now);
    wait_idle();
    EXPECT_EQ(read(READ, 0x10F00, 1)[0], 0xFF);
    EXPECT_EQ(read(READ, 0x1FF00, 1)[0], 0xFF);
    EXPECT_EQ(read(READ, 0x20F00, 1)[0], 0x00);

    cmd(WREN);
    cmd(CE);
    EXPECT_EQ(status() & 0x01, 0x01);
    wait_idle();
    EXPECT_EQ(read(READ, 0x20F00, 1)[0], 0xFF);
    EXPECT_EQ(read(READ, 0x0F00, 1)[0], 0xFF);
}

TEST_F(mx25r6435f_test, quad_commands_need_the_qe_bit) {
    program(0x40, {0x5A});
    wait_idle();
    EXPECT_EQ(read(READ4, 0x40, 1)[0], 0xFF);
    EXPECT_EQ(read(QREAD, 0x40, 1)[0], 0xFF);

    cmd(WREN);
    flash.transfer(WRSR, {}, {0x40}, 0, now);
    EXPECT_EQ(status() & 0x41, 0x41) << "QE written, WIP set";
    wait_idle();
    EXPECT_EQ(status(), 0x40);
    EXPECT_EQ(read(READ4, 0x40, 1)[0], 0x5A);
    EXPECT_EQ(read(QREAD, 0x40, 1)[0], 0x5A);
    cmd(WREN);
    flash.transfer(PP4, 0x41, {0x00}, 0, now);
    wait_idle();
    EXPECT_EQ(read(READ, 0x41, 1)[0], 0x00);
}

TEST_F(mx25r6435f_test, write_status_sets_configuration_registers) {
    cmd(WREN);
    flash.transfer(WRSR, {}, {0x00, 0x08, 0x02}, 0, now);
    wait_idle();
    EXPECT_EQ(cmd(RDCR, 2), (bytes{0x08, 0x02}));
    flash.transfer(WRSR, {}, {0x00, 0x00, 0x00}, 0, now);
    EXPECT_EQ(cmd(RDCR, 2), (bytes{0x08, 0x02})) << "no WREN: ignored";
}

TEST_F(mx25r6435f_test, deep_power_down_ignores_all_but_release) {
    cmd(DP);
    now += sc_time(10, SC_US);
    EXPECT_TRUE(flash.deep_power_down());
    EXPECT_EQ(cmd(RDID, 3), (bytes{0xFF, 0xFF, 0xFF}));
    EXPECT_EQ(status(), 0xFF);
    cmd(RES);
    EXPECT_FALSE(flash.deep_power_down());
    now += sc_time(34, SC_US);
    EXPECT_EQ(cmd(RDID, 1), (bytes{0xFF})) << "still waking up (tRES1 35 us)";
    now += sc_time(1, SC_US);
    EXPECT_EQ(cmd(RDID, 3), (bytes{0xC2, 0x28, 0x17}));
}

TEST_F(mx25r6435f_test, reset_needs_reset_enable_first_and_clears_wel) {
    cmd(WREN);
    cmd(RST);
    EXPECT_EQ(status() & 0x02, 0x02);
    cmd(RSTEN);
    cmd(RST);
    EXPECT_EQ(status() & 0x02, 0);
}

TEST_F(mx25r6435f_test, sfdp_has_signature_and_basic_parameter_table) {
    EXPECT_EQ(read(RDSFDP, 0, 4), (bytes{'S', 'F', 'D', 'P'}));
    const bytes header = read(RDSFDP, 8, 8);
    EXPECT_EQ(header[0], 0x00) << "BFPT id";
    const std::uint32_t pointer = header[4] | header[5] << 8 | header[6] << 16;
    const bytes dw2 = read(RDSFDP, pointer + 4, 4);
    EXPECT_EQ(dw2, (bytes{0xFF, 0xFF, 0xFF, 0x03})) << "density 64 Mbit";
    EXPECT_EQ(read(RDSFDP, pointer + 0x1C, 4), (bytes{0x0C, 0x20, 0x0F, 0x52}));
}

TEST_F(mx25r6435f_test, counts_persistent_operations) {
    program(0, {0});
    wait_idle();
    cmd(WREN);
    flash.transfer(SE, 0, {}, 0, now);
    EXPECT_EQ(flash.array().operation_count(), 2u);
}

TEST_F(mx25r6435f_test, byte_level_frames_shift_full_duplex) {
    program(0x10, {0xAA, 0xBB});
    wait_idle();
    flash.select(READ, now);
    const std::uint8_t address[3] = {0x00, 0x00, 0x10};
    flash.exchange(address, nullptr, 3);
    std::uint8_t rx[2];
    flash.exchange(nullptr, rx, 1);
    flash.exchange(nullptr, rx + 1, 1);
    flash.deselect(now);
    EXPECT_EQ(rx[0], 0xAA);
    EXPECT_EQ(rx[1], 0xBB);
}

} // namespace

TEST_F(mx25r6435f_test, power_on_abandons_an_interrupted_erase) {
    cmd(WREN);
    flash.transfer(SE, 0x1000, {}, 0, now);
    ASSERT_EQ(status() & 0x01, 0x01) << "erasing";
    now += sc_time(1, SC_MS);  // far from done: a sector erase takes tens of ms
    cmd(WREN);
    flash.power_on();
    EXPECT_EQ(status() & 0x03, 0) << "neither WIP nor WEL survives the power cut";
    program(0x2000, {0x12});
    wait_idle();
    EXPECT_EQ(read(READ, 0x2000, 1), (bytes{0x12})) << "the chip takes commands at once";
}
