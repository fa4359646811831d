#include "peripherals/nvmc.h"

#include <gtest/gtest.h>

#include <cstring>

#include "tests/support/tlm_initiator.h"

namespace {

using sc_core::sc_time;
using sc_core::SC_MS;
using sc_core::SC_US;

// Offsets from the nRF5340 PS NVMC chapter, written down independently.
constexpr std::uint32_t READY = 0x400, READYNEXT = 0x408, CONFIG = 0x504, ERASEALL = 0x50C,
                        ERASEPAGEPARTIALCFG = 0x51C, CONFIGNS = 0x584, WRITEUICRNS = 0x588,
                        ICACHECNF = 0x540, ACL0_ADDR = 0x800, ACL0_SIZE = 0x804,
                        ACL0_PERM = 0x808;
constexpr std::uint32_t Ren = 0, Wen = 1, Een = 2, PEen = 4;

struct nvmc_fixture : ::testing::Test {
    models::nor_flash flash;
    models::nor_flash uicr{"uicr", 4096, 4096, 4, 1};
    nrf::nvmc nvmc;
    test::tlm_initiator regs{"regs"};
    test::tlm_initiator flash_bus{"flash_bus"};
    test::tlm_initiator uicr_bus{"uicr_bus"};

    explicit nvmc_fixture(nrf::nvmc::config cfg, std::uint32_t size)
        : flash("flash", size, cfg.page_size, 4, 1), nvmc("nvmc", cfg, flash, uicr) {
        regs.out.bind(nvmc.socket);
        flash_bus.out.bind(nvmc.flash_port);
        uicr_bus.out.bind(nvmc.uicr_port);
    }
    tlm::tlm_response_status store(test::tlm_initiator& bus, std::uint32_t offset,
                                   std::uint32_t value, unsigned size = 4,
                                   models::bus_master* master = nullptr) {
        return bus.access(tlm::TLM_WRITE_COMMAND, offset, value, size, master);
    }
    // Stores like a core: the annotated delay is the stall; time then moves on.
    sc_time timed_store(std::uint32_t offset, std::uint32_t value) {
        tlm::tlm_generic_payload trans;
        unsigned char bytes[4];
        std::memcpy(bytes, &value, 4);
        trans.set_command(tlm::TLM_WRITE_COMMAND);
        trans.set_address(offset);
        trans.set_data_ptr(bytes);
        trans.set_data_length(4);
        trans.set_streaming_width(4);
        sc_time delay = sc_core::SC_ZERO_TIME;
        flash_bus.out->b_transport(trans, delay);
        EXPECT_EQ(trans.get_response_status(), tlm::TLM_OK_RESPONSE);
        sc_core::sc_start(delay);
        return delay;
    }
};

struct app_nvmc : nvmc_fixture {
    app_nvmc() : nvmc_fixture(nrf::nvmc::application(), 64 * 1024) {}
};
struct net_nvmc : nvmc_fixture {
    net_nvmc() : nvmc_fixture(nrf::nvmc::network_core(), 32 * 1024) {}
};

TEST_F(app_nvmc, reset_values) {
    EXPECT_EQ(regs.read(READY), 1u);
    EXPECT_EQ(regs.read(READYNEXT), 1u);
    EXPECT_EQ(regs.read(CONFIG), Ren);
    EXPECT_EQ(regs.read(ERASEPAGEPARTIALCFG), 0x0Au);
}

TEST_F(app_nvmc, store_with_config_ren_is_a_bus_error) {
    EXPECT_EQ(store(flash_bus, 0x100, 0), tlm::TLM_GENERIC_ERROR_RESPONSE);
    EXPECT_EQ(flash.storage().read32(0x100), 0xFFFFFFFFu);
}

TEST_F(app_nvmc, word_write_applies_nor_rule_and_stalls_43_us) {
    regs.write(CONFIG, Wen);
    EXPECT_EQ(store(flash_bus, 0x100, 0xF0F0FFFF), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(regs.read(READY), 0u) << "the operation runs until 43 us";
    sc_core::sc_start(42, SC_US);
    EXPECT_EQ(regs.read(READY), 0u);
    sc_core::sc_start(1, SC_US);
    EXPECT_EQ(regs.read(READY), 1u);
    EXPECT_EQ(timed_store(0x104, 0), sc_time(43, SC_US)) << "the store stalls the core";
    timed_store(0x100, 0xFF00FF00);
    EXPECT_EQ(flash.storage().read32(0x100), 0xF000FF00u);
}

TEST_F(app_nvmc, unaligned_or_narrow_stores_fault) {
    regs.write(CONFIG, Wen);
    EXPECT_EQ(store(flash_bus, 0x102, 0, 2), tlm::TLM_GENERIC_ERROR_RESPONSE);
    EXPECT_EQ(store(flash_bus, 0x101, 0, 1), tlm::TLM_GENERIC_ERROR_RESPONSE);
    EXPECT_EQ(flash.storage().read32(0x100), 0xFFFFFFFFu);
}

TEST_F(app_nvmc, page_erase_clears_the_4k_page_holding_the_address) {
    regs.write(CONFIG, Wen);
    for (std::uint32_t a : {0x0FFCu, 0x1000u, 0x1FFCu, 0x2000u}) store(flash_bus, a, 0);
    regs.write(CONFIG, Een);
    sc_core::sc_start(1, SC_MS);
    EXPECT_EQ(timed_store(0x1234, 0xFFFFFFFF), sc_time(87500, SC_US));
    EXPECT_EQ(flash.storage().read32(0x0FFC), 0u);
    EXPECT_EQ(flash.storage().read32(0x1000), 0xFFFFFFFFu);
    EXPECT_EQ(flash.storage().read32(0x1FFC), 0xFFFFFFFFu);
    EXPECT_EQ(flash.storage().read32(0x2000), 0u);
}

TEST_F(app_nvmc, erase_mode_store_of_other_value_faults) {
    regs.write(CONFIG, Een);
    EXPECT_EQ(store(flash_bus, 0x1000, 0), tlm::TLM_GENERIC_ERROR_RESPONSE);
}

TEST_F(app_nvmc, partial_erase_finishes_after_enough_steps) {
    regs.write(CONFIG, Wen);
    store(flash_bus, 0x3000, 0);
    regs.write(CONFIG, PEen);
    regs.write(ERASEPAGEPARTIALCFG, 30);
    sc_core::sc_start(1, SC_MS);
    EXPECT_EQ(timed_store(0x3000, 0xFFFFFFFF), sc_time(30, SC_MS));
    timed_store(0x3000, 0xFFFFFFFF);
    EXPECT_EQ(flash.storage().read32(0x3000), 0u) << "60 ms is not a full erase";
    timed_store(0x3000, 0xFFFFFFFF);
    EXPECT_EQ(flash.storage().read32(0x3000), 0xFFFFFFFFu) << "90 ms >= 87.5 ms";
}

TEST_F(app_nvmc, eraseall_erases_flash_and_uicr_and_takes_173_ms) {
    regs.write(CONFIG, Wen);
    store(flash_bus, 0x8000, 0);
    store(uicr_bus, 0x0, 0);
    regs.write(CONFIG, Een);
    regs.write(ERASEALL, 1);
    EXPECT_EQ(flash.storage().read32(0x8000), 0xFFFFFFFFu);
    EXPECT_EQ(uicr.storage().read32(0x0), 0xFFFFFFFFu);
    EXPECT_EQ(regs.read(READY), 0u);
    sc_core::sc_start(172, SC_MS);
    EXPECT_EQ(regs.read(READY), 0u);
    sc_core::sc_start(1, SC_MS);
    EXPECT_EQ(regs.read(READY), 1u);
}

TEST_F(app_nvmc, uicr_is_programmed_like_flash_but_not_page_erased) {
    regs.write(CONFIG, Wen);
    EXPECT_EQ(store(uicr_bus, 0x28, 0xFFFFFFFE), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(uicr.storage().read32(0x28), 0xFFFFFFFEu);
    regs.write(CONFIG, Een);
    EXPECT_EQ(store(uicr_bus, 0x28, 0xFFFFFFFF), tlm::TLM_GENERIC_ERROR_RESPONSE);
    EXPECT_EQ(uicr.storage().read32(0x28), 0xFFFFFFFEu);
}

TEST_F(app_nvmc, non_secure_stores_use_configns_and_writeuicrns) {
    models::bus_master ns;
    ns.secure = false;
    regs.write(CONFIG, Wen);
    EXPECT_EQ(store(flash_bus, 0x40, 0, 4, &ns), tlm::TLM_GENERIC_ERROR_RESPONSE);
    regs.write(CONFIGNS, Wen);
    EXPECT_EQ(store(flash_bus, 0x40, 0, 4, &ns), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(store(uicr_bus, 0x100, 0, 4, &ns), tlm::TLM_GENERIC_ERROR_RESPONSE);
    regs.write(WRITEUICRNS, 0xAFBE5A71);
    EXPECT_EQ(store(uicr_bus, 0x100, 0, 4, &ns), tlm::TLM_OK_RESPONSE);
}

TEST_F(app_nvmc, counts_flash_operations_through_the_array_hook) {
    regs.write(CONFIG, Wen);
    store(flash_bus, 0, 0);
    regs.write(CONFIG, Een);
    store(flash_bus, 0, 0xFFFFFFFF);
    EXPECT_EQ(flash.operation_count(), 2u);
}

TEST_F(net_nvmc, pages_are_2k) {
    regs.write(CONFIG, Wen);
    store(flash_bus, 0x7FC, 0);
    store(flash_bus, 0x800, 0);
    regs.write(CONFIG, Een);
    store(flash_bus, 0x800, 0xFFFFFFFF);
    EXPECT_EQ(flash.storage().read32(0x7FC), 0u);
    EXPECT_EQ(flash.storage().read32(0x800), 0xFFFFFFFFu);
}

TEST_F(net_nvmc, acl_blocks_writes_and_reads_and_perm_is_write_once) {
    regs.write(ACL0_ADDR, 0x01000000);
    regs.write(ACL0_SIZE, 0x2000);
    regs.write(ACL0_PERM, 1u << 1);  // block write/erase
    regs.write(CONFIG, Wen);
    EXPECT_EQ(store(flash_bus, 0x1000, 0), tlm::TLM_GENERIC_ERROR_RESPONSE);
    EXPECT_EQ(store(flash_bus, 0x2000, 0), tlm::TLM_OK_RESPONSE);
    EXPECT_TRUE(nvmc.acl_allows(0x1000, 4, false));
    regs.write(ACL0_PERM, 0);
    EXPECT_EQ(regs.read(ACL0_PERM), 2u) << "writing 0 has no effect";
    regs.write(ACL0_PERM, 1u << 2);  // and block reads
    std::uint32_t value = 0;
    EXPECT_EQ(flash_bus.access(tlm::TLM_READ_COMMAND, 0x1000, value), tlm::TLM_GENERIC_ERROR_RESPONSE);
    EXPECT_FALSE(nvmc.acl_allows(0x1FFC, 4, false));
}

TEST_F(net_nvmc, icachecnf_turns_the_i_code_cache_on_and_ihit_imiss_count_with_cacheprofen) {
    constexpr std::uint32_t IHIT = 0x548, IMISS = 0x54C, CACHEEN = 1, CACHEPROFEN = 1u << 8;
    regs.write(ICACHECNF, CACHEEN);
    EXPECT_EQ(regs.read(ICACHECNF), 1u);
    EXPECT_TRUE(nvmc.icache().enabled());
    nvmc.icache().fetch_instruction_line(0x100000);  // not counted: profiling is off
    regs.write(ICACHECNF, CACHEEN | CACHEPROFEN);
    nvmc.icache().fetch_instruction_line(0x100000);
    nvmc.icache().fetch_instruction_line(0x100001);
    EXPECT_EQ(regs.read(IHIT), 1u);
    EXPECT_EQ(regs.read(IMISS), 1u);
    regs.write(IHIT, 0);
    regs.write(IMISS, 0);
    EXPECT_EQ(regs.read(IHIT) + regs.read(IMISS), 0u);
    regs.write(ICACHECNF, 0);
    EXPECT_FALSE(nvmc.icache().enabled());
}

} // namespace
