// The undocumented errata pages: the words written and read by the nrfx
// MDK's SystemInit (system_nrf5340_{application,network}.c) and Zephyr's
// nrf53 soc.c, at the offsets those sources use.
#include <gtest/gtest.h>

#include "peripherals/errata_page.h"
#include "tests/support/tlm_initiator.h"

namespace {

using page = nrf::errata_page::page;

TEST(errata_page, errata_140_word_reads_no_interrupted_calibration) {
    nrf::errata_page dut{"errata_32", page::app_50032000};
    test::tlm_initiator cpu{"cpu"};
    cpu.out.bind(dut.socket);
    // SystemInit: if (*(0x50032420) & 0x80000000) { LFSYNT start/stop }
    EXPECT_EQ(cpu.read(0x420) & 0x80000000u, 0u);
    cpu.write(0x54C, 0);  // errata 46
    EXPECT_EQ(cpu.read(0x54C), 0u);
    EXPECT_EQ(dut.bank().find(0x420)->name, "ERRATA140.LFRCCAL");
}

TEST(errata_page, words_read_back_and_reset_to_zero) {
    nrf::errata_page net{"errata_41002", page::net_41002000};
    nrf::errata_page pretick{"errata_203", page::net_41203000};
    test::tlm_initiator cpu{"cpu"}, cpu2{"cpu2"};
    cpu.out.bind(net.socket);
    cpu2.out.bind(pretick.socket);
    cpu.write(0x118, 0x7F);
    cpu.write(0x124, 0);
    cpu.write(0x12C, 0);
    EXPECT_EQ(cpu.read(0x118), 0x7Fu);
    cpu2.write(0x120, 0x14);  // Zephyr rtc_pretick_cpunet_init
    EXPECT_EQ(cpu2.read(0x120), 0x14u);
    net.reset();
    pretick.reset();
    EXPECT_EQ(cpu.read(0x118), 0u);
    EXPECT_EQ(cpu2.read(0x120), 0u);
}

TEST(errata_page, other_offsets_are_unmodelled) {
    nrf::errata_page dut{"errata_203", page::net_41203000};
    test::tlm_initiator cpu{"cpu"};
    cpu.out.bind(dut.socket);
    models::peripheral::set_strict(true);
    std::uint32_t value = 0;
    EXPECT_EQ(cpu.access(tlm::TLM_READ_COMMAND, 0x124, value), tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(cpu.access(tlm::TLM_READ_COMMAND, 0x120, value), tlm::TLM_OK_RESPONSE);
    models::peripheral::set_strict(false);
}

} // namespace
