// CTRLAP: offsets from the nRF5340 PS/MDK; what SystemInit writes, LOCK,
// and the mailbox.
#include <gtest/gtest.h>

#include "peripherals/ctrlap.h"
#include "tests/support/tlm_initiator.h"

namespace {

constexpr std::uint32_t MAILBOX_RXDATA = 0x400, MAILBOX_RXSTATUS = 0x404, MAILBOX_TXDATA = 0x480,
                        MAILBOX_TXSTATUS = 0x484, ERASEPROTECT_LOCK = 0x500, ERASEPROTECT_DISABLE = 0x504,
                        APPROTECT_LOCK = 0x540, APPROTECT_DISABLE = 0x544, SECUREAPPROTECT_LOCK = 0x548,
                        SECUREAPPROTECT_DISABLE = 0x54C, STATUS = 0x600;
constexpr std::uint32_t UNPROTECTED = 0x50FA50FA;

struct ctrlap_test : ::testing::Test {
    nrf::ctrlap app{"app_ctrlap", nrf::ctrlap::variant::app};
    nrf::ctrlap net{"net_ctrlap", nrf::ctrlap::variant::net};
    test::tlm_initiator app_cpu{"app_cpu"};
    test::tlm_initiator net_cpu{"net_cpu"};
    ctrlap_test() {
        app_cpu.out.bind(app.socket);
        net_cpu.out.bind(net.socket);
    }
};

TEST_F(ctrlap_test, reset_values) {
    const std::uint32_t zeros[] = {MAILBOX_RXDATA, MAILBOX_RXSTATUS, MAILBOX_TXDATA, MAILBOX_TXSTATUS,
                                   ERASEPROTECT_LOCK, ERASEPROTECT_DISABLE, APPROTECT_LOCK, APPROTECT_DISABLE,
                                   SECUREAPPROTECT_LOCK, SECUREAPPROTECT_DISABLE, STATUS};
    for (std::uint32_t offset : zeros) EXPECT_EQ(app_cpu.read(offset), 0u) << std::hex << offset;
    EXPECT_EQ(net_cpu.read(APPROTECT_DISABLE), 0u);
    EXPECT_EQ(net.bank().find(SECUREAPPROTECT_DISABLE), nullptr);  // the net core has no Secure AP
    EXPECT_FALSE(app.debug_allowed());
}

TEST_F(ctrlap_test, table_names_match_the_datasheet_offsets) {
    const std::pair<const char*, std::uint32_t> names[] = {
        {"MAILBOX.RXSTATUS", 0x404}, {"MAILBOX.TXDATA", 0x480}, {"ERASEPROTECT.DISABLE", 0x504},
        {"APPROTECT.LOCK", 0x540}, {"SECUREAPPROTECT.DISABLE", 0x54C}, {"STATUS", 0x600},
    };
    for (auto [name, offset] : names) {
        const models::reg_def* reg = app.bank().find(offset);
        ASSERT_NE(reg, nullptr) << name;
        EXPECT_EQ(reg->name, name) << std::hex << offset;
    }
}

TEST_F(ctrlap_test, systeminit_unprotects_and_lock_freezes) {
    app_cpu.write(APPROTECT_DISABLE, UNPROTECTED);  // copied from an erased-then-written UICR
    app_cpu.write(SECUREAPPROTECT_DISABLE, UNPROTECTED);
    net_cpu.write(APPROTECT_DISABLE, UNPROTECTED);
    EXPECT_TRUE(app.debug_allowed());
    EXPECT_TRUE(app.secure_debug_allowed());
    EXPECT_TRUE(net.debug_allowed());
    EXPECT_FALSE(net.secure_debug_allowed());
    app_cpu.write(APPROTECT_LOCK, 1);
    app_cpu.write(APPROTECT_DISABLE, 0);
    app_cpu.write(APPROTECT_LOCK, 0);
    EXPECT_EQ(app_cpu.read(APPROTECT_LOCK), 1u);
    EXPECT_EQ(app_cpu.read(APPROTECT_DISABLE), UNPROTECTED);
    app_cpu.write(SECUREAPPROTECT_DISABLE, 0);  // not locked
    EXPECT_FALSE(app.secure_debug_allowed());
    app_cpu.write(ERASEPROTECT_LOCK, 1);
    app_cpu.write(ERASEPROTECT_DISABLE, 0x1234);
    EXPECT_EQ(app_cpu.read(ERASEPROTECT_DISABLE), 0u);
    app.reset();
    EXPECT_EQ(app_cpu.read(APPROTECT_LOCK), 0u);
    EXPECT_FALSE(app.debug_allowed());
}

TEST_F(ctrlap_test, mailbox_in_both_directions) {
    app.debugger_send(0xCAFE);
    EXPECT_EQ(app_cpu.read(MAILBOX_RXSTATUS), 1u);
    EXPECT_EQ(app_cpu.read(MAILBOX_RXDATA), 0xCAFEu);
    EXPECT_EQ(app_cpu.read(MAILBOX_RXSTATUS), 0u);
    EXPECT_FALSE(app.debugger_receive().has_value());
    app_cpu.write(MAILBOX_TXDATA, 0xBEEF);
    EXPECT_EQ(app_cpu.read(MAILBOX_TXSTATUS), 1u);
    EXPECT_EQ(app.debugger_receive(), std::optional<std::uint32_t>(0xBEEF));
    EXPECT_EQ(app_cpu.read(MAILBOX_TXSTATUS), 0u);
}

} // namespace
