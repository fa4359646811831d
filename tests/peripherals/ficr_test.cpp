#include "peripherals/ficr.h"

#include <gtest/gtest.h>

#include "tests/support/tlm_initiator.h"

namespace {

using nrf::ficr;

struct ficr_test : ::testing::Test {
    ficr app{"ficr_app", ficr::core::application};
    ficr net{"ficr_net", ficr::core::network};
    test::tlm_initiator app_bus{"app_bus"};
    test::tlm_initiator net_bus{"net_bus"};
    ficr_test() {
        app_bus.out.bind(app.socket);
        net_bus.out.bind(net.socket);
    }
};

TEST_F(ficr_test, info_describes_an_nrf5340_qkaa) {
    // {offset, app, net} from the PS FICR INFO registers.
    const std::uint32_t expected[][3] = {
        {0x20C, 0x5340, 0x5340},         {0x210, 0x514B4141, 0x514B4141},
        {0x21C, 0x400, 0x100},           {0x220, 0x1000, 0x800},
        {0x224, 256, 128},               {0x228, 0, 0},
    };
    for (const auto& row : expected) {
        EXPECT_EQ(app_bus.read(row[0]), row[1]) << std::hex << row[0];
        EXPECT_EQ(net_bus.read(row[0]), row[2]) << std::hex << row[0];
    }
}

TEST_F(ficr_test, errata_identification_selects_nrf5340_revision_4) {
    EXPECT_EQ(app_bus.read(0x130), 7u);
    EXPECT_EQ(app_bus.read(0x134), 4u);
    EXPECT_EQ(net_bus.read(0x130), 7u);
}

TEST_F(ficr_test, trimcnf_is_erased_so_systeminit_trims_nothing) {
    for (std::uint32_t i = 0; i < 32; ++i) EXPECT_EQ(app_bus.read(0x300 + 8 * i), 0xFFFFFFFFu);
}

TEST_F(ficr_test, deviceid_is_the_same_on_both_cores_and_not_erased) {
    EXPECT_EQ(app_bus.read(0x204), net_bus.read(0x204));
    EXPECT_EQ(app_bus.read(0x208), net_bus.read(0x208));
    EXPECT_NE(app_bus.read(0x204), 0xFFFFFFFFu);
}

TEST_F(ficr_test, is_read_only) {
    std::uint32_t value = 0;
    EXPECT_EQ(app_bus.access(tlm::TLM_WRITE_COMMAND, 0x20C, value), tlm::TLM_GENERIC_ERROR_RESPONSE);
    EXPECT_EQ(app_bus.read(0x20C), 0x5340u);
}

TEST(uicr, starts_erased_and_is_erased_only_as_a_whole) {
    auto uicr = nrf::make_uicr("uicr");
    EXPECT_EQ(uicr->size(), 0x1000u);
    EXPECT_EQ(uicr->storage().read32(0x28), 0xFFFFFFFFu);
    EXPECT_EQ(uicr->erase(0, 0x800), models::flash_result::invalid);
    EXPECT_EQ(uicr->erase(0, 0x1000), models::flash_result::done);
}

} // namespace
