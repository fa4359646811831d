#include "peripherals/qspi.h"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "tests/support/tlm_initiator.h"

namespace {

using sc_core::sc_time;
using sc_core::SC_MS;
using sc_core::SC_US;

// Offsets from the nRF5340 PS QSPI register list, written down independently.
constexpr std::uint32_t TASKS_ACTIVATE = 0x000, TASKS_READSTART = 0x004, TASKS_WRITESTART = 0x008,
                        TASKS_ERASESTART = 0x00C, EVENTS_READY = 0x100, INTENSET = 0x304,
                        ENABLE = 0x500, READ_SRC = 0x504, READ_DST = 0x508, READ_CNT = 0x50C,
                        WRITE_DST = 0x510, WRITE_SRC = 0x514, WRITE_CNT = 0x518,
                        ERASE_PTR = 0x51C, ERASE_LEN = 0x520, PSEL_SCK = 0x524, PSEL_CSN = 0x528,
                        XIPOFFSET = 0x540, IFCONFIG0 = 0x544, XIPEN = 0x54C, IFCONFIG1 = 0x600,
                        STATUS = 0x604, DPMDUR = 0x614, ADDRCONF = 0x624, CINSTRCONF = 0x634,
                        CINSTRDAT0 = 0x638, CINSTRDAT1 = 0x63C, IFTIMING = 0x640;
constexpr std::uint32_t ram_base = 0x20000000;

struct fake_ram : models::dma_port {
    std::vector<std::uint8_t> bytes = std::vector<std::uint8_t>(0x4000, 0);
    bool inside(std::uint32_t a, std::size_t n) const {
        return a >= ram_base && a - ram_base + n <= bytes.size();
    }
    bool dma_read(std::uint32_t a, void* d, std::size_t n) override {
        if (!inside(a, n)) return false;
        std::memcpy(d, &bytes[a - ram_base], n);
        return true;
    }
    bool dma_write(std::uint32_t a, const void* d, std::size_t n) override {
        if (!inside(a, n)) return false;
        std::memcpy(&bytes[a - ram_base], d, n);
        return true;
    }
};

struct qspi_test : ::testing::Test {
    nrf::mx25r6435f flash;
    fake_ram ram;
    nrf::qspi qspi{"qspi", flash, ram};
    test::tlm_initiator bus{"bus"};
    test::tlm_initiator xip{"xip"};

    qspi_test() {
        bus.out.bind(qspi.socket);
        xip.out.bind(qspi.xip);
    }

    // Waits (in simulated time) for EVENTS_READY, then clears it.
    sc_time wait_ready() {
        const sc_time start = sc_core::sc_time_stamp();
        for (int i = 0; i < 100000 && !bus.read(EVENTS_READY); ++i) sc_core::sc_start(1, SC_US);
        EXPECT_EQ(bus.read(EVENTS_READY), 1u) << "no READY";
        bus.write(EVENTS_READY, 0);
        return sc_core::sc_time_stamp() - start;
    }
    void cinstr(std::uint32_t conf) {
        bus.write(CINSTRCONF, conf);
        wait_ready();
    }
    std::uint8_t read_status_register() {
        cinstr(0x00003205);  // RDSR, length 2
        return bus.read(CINSTRDAT0) & 0xFF;
    }
    void enable_and_activate() {
        bus.write(ENABLE, 1);
        bus.write(TASKS_ACTIVATE, 1);
        wait_ready();
    }
    void set_quad_enable() {
        bus.write(CINSTRDAT0, 0x40);
        cinstr(0x0000B201);  // WRSR with WREN first
        while (read_status_register() & 0x01) {}
    }
};

TEST_F(qspi_test, registers_reset_to_datasheet_values) {
    const std::pair<std::uint32_t, std::uint32_t> resets[] = {
        {ENABLE, 0},       {PSEL_SCK, 0xFFFFFFFF}, {PSEL_CSN, 0xFFFFFFFF},
        {XIPEN, 1},        {IFCONFIG0, 0},         {IFCONFIG1, 0x00040480},
        {DPMDUR, 0xFFFFFFFF}, {ADDRCONF, 0xB7},    {CINSTRCONF, 0x2000},
        {IFTIMING, 0x600}, {STATUS, 0x08},
    };
    for (auto [offset, value] : resets) EXPECT_EQ(bus.read(offset), value) << std::hex << offset;
}

TEST_F(qspi_test, activate_raises_ready_even_when_disabled_with_pins_disconnected) {
    bus.write(INTENSET, 1);
    bus.write(TASKS_ACTIVATE, 1);
    EXPECT_EQ(bus.read(STATUS) & 0x08, 0u) << "busy while activating";
    sc_core::sc_start(100, SC_US);
    EXPECT_EQ(bus.read(EVENTS_READY), 1u);
    EXPECT_TRUE(qspi.irq.level());
    bus.write(EVENTS_READY, 0);
    EXPECT_FALSE(qspi.irq.level());
}

TEST_F(qspi_test, custom_instruction_reads_jedec_id) {
    enable_and_activate();
    cinstr(0x0000349F);
    EXPECT_EQ(bus.read(CINSTRDAT0) & 0xFFFFFF, 0x1728C2u);
}

TEST_F(qspi_test, instructions_need_enable) {
    bus.write(CINSTRCONF, 0x0000349F);
    sc_core::sc_start(100, SC_US);
    EXPECT_EQ(bus.read(EVENTS_READY), 0u);
}

TEST_F(qspi_test, status_write_with_wren_sets_qe_and_status_shows_sreg) {
    enable_and_activate();
    set_quad_enable();
    EXPECT_EQ(read_status_register(), 0x40);
    EXPECT_EQ(bus.read(STATUS) >> 24, 0x40u);
}

TEST_F(qspi_test, write_and_read_through_easydma_in_quad_mode) {
    enable_and_activate();
    set_quad_enable();
    bus.write(IFCONFIG0, 0x1C);  // READ4IO, PP4IO
    for (int i = 0; i < 600; ++i) ram.bytes[i] = std::uint8_t(i * 7);
    bus.write(WRITE_DST, 0x1F0);  // crosses two page boundaries
    bus.write(WRITE_SRC, ram_base);
    bus.write(WRITE_CNT, 600);
    bus.write(TASKS_WRITESTART, 1);
    const sc_time write_time = wait_ready();
    EXPECT_GE(write_time, sc_time(3, SC_MS)) << "three page programs, READY after the last";
    EXPECT_EQ(flash.status(sc_core::sc_time_stamp()) & 0x01, 0) << "program finished at READY";
    EXPECT_EQ(flash.array().storage().data()[0x1F0 + 599], std::uint8_t(599 * 7));

    bus.write(READ_SRC, 0x1F0);
    bus.write(READ_DST, ram_base + 0x1000);
    bus.write(READ_CNT, 600);
    bus.write(TASKS_READSTART, 1);
    wait_ready();
    EXPECT_EQ(std::memcmp(&ram.bytes[0x1000], &ram.bytes[0], 600), 0);
}

TEST_F(qspi_test, erase_ready_comes_at_start_and_wip_stays_set) {
    enable_and_activate();
    const std::uint8_t zero[4] = {};
    flash.array().program(0x2000, zero, 4);
    bus.write(ERASE_PTR, 0x2000);
    bus.write(ERASE_LEN, 0);  // 4 KB
    bus.write(TASKS_ERASESTART, 1);
    const sc_time ready = wait_ready();
    EXPECT_LT(ready, sc_time(1, SC_MS));
    EXPECT_EQ(read_status_register() & 0x01, 0x01);
    EXPECT_EQ(flash.array().storage().read32(0x2000), 0xFFFFFFFFu);
    sc_core::sc_start(40, SC_MS);
    EXPECT_EQ(read_status_register() & 0x01, 0);
}

TEST_F(qspi_test, long_frame_reads_sfdp_in_chunks) {
    enable_and_activate();
    cinstr(0x0001315A);            // RDSFDP opcode, long frame
    bus.write(CINSTRDAT0, 0x00000000);  // address 0, dummy
    cinstr(0x00010500);            // 4 bytes
    cinstr(0x00010900);            // 8 bytes
    EXPECT_EQ(bus.read(CINSTRDAT0), 0x50444653u) << "'SFDP'";
    EXPECT_EQ(bus.read(CINSTRDAT1) & 0xFFFF, 0x0100u) << "revision 1.0";
    EXPECT_EQ(bus.read(CINSTRCONF), 0x00010900u) << "reads back the last write";
    cinstr(0x00030500);            // last 4 bytes, LFSTOP
    EXPECT_EQ(bus.read(CINSTRDAT0) & 0xFF, 0x00u) << "parameter header id";
    cinstr(0x0000349F);
    EXPECT_EQ(bus.read(CINSTRDAT0) & 0xFFFFFF, 0x1728C2u) << "chip select was released";
}

TEST_F(qspi_test, task_while_busy_is_ignored) {
    enable_and_activate();
    bus.write(READ_SRC, 0);
    bus.write(READ_DST, ram_base);
    bus.write(READ_CNT, 0x1000);
    bus.write(TASKS_READSTART, 1);
    bus.write(CINSTRCONF, 0x0000349F);
    wait_ready();
    sc_core::sc_start(1, SC_MS);
    EXPECT_EQ(bus.read(EVENTS_READY), 0u) << "only one READY";
    EXPECT_NE(bus.read(CINSTRDAT0) & 0xFFFFFF, 0x1728C2u);
}

TEST_F(qspi_test, activate_with_pins_connected_waits_for_wip) {
    enable_and_activate();
    bus.write(ERASE_PTR, 0);
    bus.write(ERASE_LEN, 0);
    bus.write(TASKS_ERASESTART, 1);
    wait_ready();
    bus.write(PSEL_SCK, 17);
    bus.write(PSEL_CSN, 18);
    bus.write(TASKS_ACTIVATE, 1);
    EXPECT_GE(wait_ready(), sc_time(39, SC_MS));
}

TEST_F(qspi_test, xip_reads_flash_at_xipoffset_and_refuses_writes) {
    const std::uint8_t data[4] = {0x11, 0x22, 0x33, 0x44};
    flash.array().program(0x10004, data, 4);
    bus.write(XIPOFFSET, 0x10000);
    EXPECT_EQ(xip.read(4), 0x44332211u);
    std::uint32_t value = 0;
    EXPECT_EQ(xip.access(tlm::TLM_WRITE_COMMAND, 4, value), tlm::TLM_ADDRESS_ERROR_RESPONSE);
    bus.write(XIPEN, 0);
    EXPECT_EQ(xip.access(tlm::TLM_READ_COMMAND, 4, value), tlm::TLM_ADDRESS_ERROR_RESPONSE);
}

TEST_F(qspi_test, sck_frequency_sets_transfer_time) {
    enable_and_activate();
    bus.write(READ_SRC, 0);
    bus.write(READ_DST, ram_base);
    bus.write(READ_CNT, 1000);
    bus.write(IFCONFIG1, 0xB0040400);  // SCKFREQ 11: 8 MHz
    bus.write(TASKS_READSTART, 1);
    const sc_time slow = wait_ready();
    bus.write(IFCONFIG1, 0x00040400);  // SCKFREQ 0: 96 MHz
    bus.write(TASKS_READSTART, 1);
    const sc_time fast = wait_ready();
    // 1000 bytes on one line at 8 MHz take 1 ms.
    EXPECT_GE(slow, sc_time(1, SC_MS));
    EXPECT_LT(fast, sc_time(100, SC_US));
}

} // namespace
