#include "peripherals/uarte.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "tests/support/tlm_initiator.h"

namespace {

using sc_core::sc_time;
using sc_core::SC_US;

// Offsets from the nRF5340 PS UARTE chapter, written down independently.
constexpr std::uint32_t TASKS_STARTRX = 0x000, TASKS_STOPRX = 0x004, TASKS_STARTTX = 0x008,
                        TASKS_STOPTX = 0x00C, EVENTS_RXDRDY = 0x108, EVENTS_ENDRX = 0x110,
                        EVENTS_TXDRDY = 0x11C, EVENTS_ENDTX = 0x120, EVENTS_RXTO = 0x144,
                        EVENTS_RXSTARTED = 0x14C, EVENTS_TXSTARTED = 0x150,
                        EVENTS_TXSTOPPED = 0x158, PUBLISH_ENDTX = 0x1A0, SUBSCRIBE_STOPTX = 0x08C,
                        SHORTS = 0x200, INTENSET = 0x304, ERRORSRC = 0x480, ENABLE = 0x500,
                        PSEL_TXD = 0x50C, BAUDRATE = 0x524, RXD_PTR = 0x534, RXD_MAXCNT = 0x538,
                        RXD_AMOUNT = 0x53C, TXD_PTR = 0x544, TXD_MAXCNT = 0x548,
                        TXD_AMOUNT = 0x54C;
constexpr std::uint32_t BAUD_115200 = 0x01D60000, BAUD_1M = 0x10000000;
constexpr std::uint32_t ram_base = 0x20000000;

struct fake_ram : models::dma_port {
    std::vector<std::uint8_t> bytes = std::vector<std::uint8_t>(0x1000, 0);
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

struct uarte_test : ::testing::Test {
    fake_ram ram;
    nrf::uarte uarte{"uarte", ram};
    test::tlm_initiator bus{"bus"};
    std::string sent;

    uarte_test() {
        bus.out.bind(uarte.socket);
        uarte.set_tx_sink([this](std::uint8_t b) { sent.push_back(char(b)); });
        bus.write(ENABLE, 8);
    }
    void send(const std::string& text) {
        std::memcpy(ram.bytes.data(), text.data(), text.size());
        bus.write(TXD_PTR, ram_base);
        bus.write(TXD_MAXCNT, std::uint32_t(text.size()));
        bus.write(TASKS_STARTTX, 1);
    }
};

TEST_F(uarte_test, reset_values) {
    nrf::uarte fresh{"fresh", ram};
    test::tlm_initiator b{"b"};
    b.out.bind(fresh.socket);
    EXPECT_EQ(b.read(ENABLE), 0u);
    EXPECT_EQ(b.read(BAUDRATE), 0x04000000u);
    EXPECT_EQ(b.read(PSEL_TXD), 0xFFFFFFFFu);
}

TEST_F(uarte_test, zero_length_starttx_raises_endtx_and_stoptx_raises_txstopped) {
    bus.write(TXD_PTR, ram_base);
    bus.write(TXD_MAXCNT, 0);
    bus.write(TASKS_STARTTX, 1);
    EXPECT_EQ(bus.read(EVENTS_TXSTARTED), 1u);
    EXPECT_EQ(bus.read(EVENTS_ENDTX), 1u);
    EXPECT_EQ(bus.read(TXD_AMOUNT), 0u);
    bus.write(EVENTS_ENDTX, 0);
    bus.write(TASKS_STOPTX, 1);
    EXPECT_EQ(bus.read(EVENTS_TXSTOPPED), 1u);
    EXPECT_TRUE(sent.empty());
}

TEST_F(uarte_test, transmits_at_the_baud_rate) {
    bus.write(BAUDRATE, BAUD_115200);
    send("hello");
    // 10 bits at ~115200 baud is ~86.8 us per byte.
    sc_core::sc_start(86, SC_US);
    EXPECT_EQ(sent, "");
    sc_core::sc_start(2, SC_US);
    EXPECT_EQ(sent, "h");
    EXPECT_EQ(bus.read(EVENTS_TXDRDY), 1u);
    EXPECT_EQ(bus.read(EVENTS_ENDTX), 0u);
    sc_core::sc_start(4 * 88, SC_US);
    EXPECT_EQ(sent, "hello");
    EXPECT_EQ(bus.read(EVENTS_ENDTX), 1u);
    EXPECT_EQ(bus.read(TXD_AMOUNT), 5u);
}

TEST_F(uarte_test, stoptx_mid_buffer_ends_after_the_current_byte) {
    bus.write(BAUDRATE, BAUD_1M);
    send("abcdef");
    sc_core::sc_start(15, SC_US);  // 'a' done, 'b' on the line
    bus.write(TASKS_STOPTX, 1);
    EXPECT_EQ(bus.read(EVENTS_TXSTOPPED), 0u);
    sc_core::sc_start(100, SC_US);
    EXPECT_EQ(sent, "ab");
    EXPECT_EQ(bus.read(EVENTS_ENDTX), 1u);
    EXPECT_EQ(bus.read(EVENTS_TXSTOPPED), 1u);
    EXPECT_EQ(bus.read(TXD_AMOUNT), 2u);
}

TEST_F(uarte_test, endtx_interrupt_when_enabled) {
    bus.write(INTENSET, 1u << 8);
    bus.write(BAUDRATE, BAUD_1M);
    send("x");
    EXPECT_FALSE(uarte.irq.level());
    sc_core::sc_start(20, SC_US);
    EXPECT_TRUE(uarte.irq.level());
    bus.write(EVENTS_ENDTX, 0);
    EXPECT_FALSE(uarte.irq.level());
}

TEST_F(uarte_test, disabled_uarte_ignores_starttx) {
    bus.write(ENABLE, 0);
    send("x");
    sc_core::sc_start(1000, SC_US);
    EXPECT_EQ(bus.read(EVENTS_TXSTARTED), 0u);
    EXPECT_TRUE(sent.empty());
}

TEST_F(uarte_test, receives_into_rxd_buffer_until_maxcnt) {
    bus.write(BAUDRATE, BAUD_1M);
    bus.write(RXD_PTR, ram_base + 0x100);
    bus.write(RXD_MAXCNT, 3);
    uarte.receive({'1', '2', '3', '4'});
    sc_core::sc_start(100, SC_US);
    EXPECT_EQ(bus.read(EVENTS_RXDRDY), 0u) << "waits for STARTRX";
    bus.write(TASKS_STARTRX, 1);
    EXPECT_EQ(bus.read(EVENTS_RXSTARTED), 1u);
    sc_core::sc_start(100, SC_US);
    EXPECT_EQ(bus.read(EVENTS_ENDRX), 1u);
    EXPECT_EQ(bus.read(RXD_AMOUNT), 3u);
    EXPECT_EQ(std::string(ram.bytes.begin() + 0x100, ram.bytes.begin() + 0x104),
              std::string("123\0", 4));
    EXPECT_EQ(uarte.pending_rx(), 1u);
}

TEST_F(uarte_test, short_endrx_startrx_continues_into_the_next_buffer) {
    bus.write(BAUDRATE, BAUD_1M);
    bus.write(SHORTS, 1u << 5);
    bus.write(RXD_PTR, ram_base);
    bus.write(RXD_MAXCNT, 1);
    bus.write(TASKS_STARTRX, 1);
    uarte.receive({'a', 'b'});
    sc_core::sc_start(15, SC_US);
    EXPECT_EQ(ram.bytes[0], 'a');
    bus.write(RXD_PTR, ram_base + 8);
    sc_core::sc_start(15, SC_US);
    EXPECT_EQ(ram.bytes[8], 'b');
}

TEST_F(uarte_test, short_endrx_stoprx_raises_rxto) {
    bus.write(BAUDRATE, BAUD_1M);
    bus.write(SHORTS, 1u << 6);
    bus.write(RXD_PTR, ram_base);
    bus.write(RXD_MAXCNT, 1);
    bus.write(TASKS_STARTRX, 1);
    uarte.receive({'a', 'b'});
    sc_core::sc_start(50, SC_US);
    EXPECT_EQ(bus.read(EVENTS_RXTO), 1u);
    EXPECT_EQ(uarte.pending_rx(), 1u);
}

TEST_F(uarte_test, stoprx_ends_a_partial_buffer) {
    bus.write(BAUDRATE, BAUD_1M);
    bus.write(RXD_PTR, ram_base);
    bus.write(RXD_MAXCNT, 10);
    bus.write(TASKS_STARTRX, 1);
    uarte.receive({'a', 'b'});
    sc_core::sc_start(50, SC_US);
    EXPECT_EQ(bus.read(EVENTS_ENDRX), 0u);
    bus.write(TASKS_STOPRX, 1);
    EXPECT_EQ(bus.read(EVENTS_ENDRX), 1u);
    EXPECT_EQ(bus.read(EVENTS_RXTO), 1u);
    EXPECT_EQ(bus.read(RXD_AMOUNT), 2u);
}

TEST_F(uarte_test, errorsrc_is_write_one_to_clear) {
    EXPECT_EQ(bus.read(ERRORSRC), 0u);
    bus.write(ERRORSRC, 0xF);
    EXPECT_EQ(bus.read(ERRORSRC), 0u);
}

TEST_F(uarte_test, endtx_published_to_dppi_triggers_subscribed_stoptx) {
    models::dppi_bus dppi{"dppi"};
    dppi.set_channel_enables(1u << 3);
    uarte.connect_dppi(dppi);
    bus.write(PUBLISH_ENDTX, (1u << 31) | 3);
    bus.write(SUBSCRIBE_STOPTX, (1u << 31) | 3);
    bus.write(BAUDRATE, BAUD_1M);
    send("z");
    sc_core::sc_start(20, SC_US);
    EXPECT_EQ(sent, "z");
    EXPECT_EQ(bus.read(EVENTS_TXSTOPPED), 1u);
}

} // namespace
