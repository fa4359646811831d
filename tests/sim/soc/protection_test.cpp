// Protection as on silicon (sim/soc/protection.h): SPU EXTDOMAIN, PERIPHID,
// FLASHREGION and LOCK, seen by firmware as bus faults. Register addresses
// are written down here from the product specification.
#include <cstring>
#include <string>

#include <gtest/gtest.h>
#include <systemc>
#include <tlm>

#include "models/router.h"
#include "sim/soc/loader.h"
#include "sim/soc/soc.h"
#include "tests/support/load_firmware.h"

namespace {

using sim::core_id;
using sc_core::sc_time;
using sc_core::SC_MS;

constexpr std::uint32_t spu = 0x50003000;
constexpr std::uint32_t spu_events_periphaccerr = spu + 0x108, spu_extdomain = spu + 0x440;
constexpr std::uint32_t spu_flashregion = spu + 0x600, spu_periphid = spu + 0x800;
constexpr std::uint32_t app_forceoff = 0x50005614, app_nvmc_config = 0x50039504;
constexpr std::uint32_t precise_bus_fault = 0x8200;  // BFARVALID | PRECISERR

struct protection_test : ::testing::Test {
    protection_test() { tlm::tlm_global_quantum::instance().set(sc_time(10, sc_core::SC_US)); }

    void load(core_id core, const std::string& elf) {
        symbols[core] = load_firmware(chip, core, elf).symbols;
    }
    // A bus access as the app core's load/store unit makes it (secure).
    tlm::tlm_response_status access(tlm::tlm_command cmd, std::uint32_t address, std::uint32_t& value) {
        tlm::tlm_generic_payload trans;
        models::bus_master master;
        trans.set_extension(&master);
        trans.set_command(cmd);
        trans.set_address(address);
        trans.set_data_ptr(reinterpret_cast<unsigned char*>(&value));
        trans.set_data_length(4);
        trans.set_streaming_width(4);
        trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        sc_time delay = sc_core::SC_ZERO_TIME;
        static_cast<sc_core::sc_export<tlm::tlm_fw_transport_if<>>&>(chip.bus(core_id::app).in)->b_transport(trans, delay);
        trans.clear_extension(&master);
        return trans.get_response_status();
    }
    void poke(std::uint32_t address, std::uint32_t value) {
        ASSERT_TRUE(chip.debug_write(core_id::app, address, &value, 4)) << std::hex << address;
    }
    std::uint32_t peek(core_id core, std::uint32_t address) {
        std::uint32_t value = 0;
        EXPECT_TRUE(chip.debug_read(core, address, &value, 4)) << std::hex << address;
        return value;
    }
    std::string console(core_id core) { return chip.uart_console(core, 0).text(); }
    // As a debugger holds it: on erased flash the app core would lock up,
    // and each lockup reset holds the net core again.
    void hold_app_core() { chip.core(core_id::app).set_hold_in_reset(true); }

    sim::soc chip{"soc"};
    std::map<core_id, std::map<std::string, std::uint32_t>> symbols;
    std::vector<armv8m::fault_report> faults;
};

TEST_F(protection_test, net_core_bus_faults_on_app_ram_while_extdomain_is_non_secure) {
    hold_app_core();
    load(core_id::net, "tests/sim/sim_probe_net_app_ram.elf");
    chip.on_fault = [&](const armv8m::fault_report& r) {
        if (r.core.find("net") != std::string::npos) faults.push_back(r);  // the app core has no image
    };
    sc_core::sc_start(sc_time(1, SC_MS));
    poke(app_forceoff, 0);  // release the net core; EXTDOMAIN keeps its reset value
    sc_core::sc_start(sc_time(20, SC_MS));

    ASSERT_EQ(faults.size(), 1u);
    EXPECT_EQ(faults[0].address, 0x20070000u);
    EXPECT_EQ(faults[0].cfsr, precise_bus_fault);  // the devzone 99894 symptom
    EXPECT_NE(console(core_id::net).find("CFSR 0x00008200"), std::string::npos) << console(core_id::net);
}

TEST_F(protection_test, net_core_reads_app_ram_once_extdomain_is_secure) {
    hold_app_core();
    load(core_id::net, "tests/sim/sim_probe_net_app_ram.elf");
    chip.ram(core_id::app).write32(0x70000, 0xC0FFEE01);
    chip.on_fault = [&](const armv8m::fault_report& r) {
        if (r.core.find("net") != std::string::npos) faults.push_back(r);
    };
    sc_core::sc_start(sc_time(1, SC_MS));
    poke(spu_extdomain, 0x10);  // SECATTR: net-core accesses are secure
    poke(app_forceoff, 0);
    sc_core::sc_start(sc_time(20, SC_MS));

    EXPECT_TRUE(faults.empty());
    EXPECT_NE(console(core_id::net).find("probe: read 0xc0ffee01"), std::string::npos) << console(core_id::net);
}

TEST_F(protection_test, peripheral_access_of_the_wrong_security_is_refused_and_counted) {
    std::uint32_t value = 0;
    // UARTE0 (ID 8) is secure at reset: its non-secure alias is refused.
    EXPECT_EQ(access(tlm::TLM_READ_COMMAND, 0x40008500, value), tlm::TLM_GENERIC_ERROR_RESPONSE);
    EXPECT_EQ(access(tlm::TLM_READ_COMMAND, 0x50008500, value), tlm::TLM_OK_RESPONSE);
    sc_core::sc_start(sc_time(1, sc_core::SC_US));
    EXPECT_EQ(peek(core_id::app, spu_events_periphaccerr), 1u);
    // Made non-secure, it answers at the non-secure alias only.
    poke(spu_periphid + 4 * 8, 0);
    EXPECT_EQ(access(tlm::TLM_READ_COMMAND, 0x40008500, value), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(access(tlm::TLM_READ_COMMAND, 0x50008500, value), tlm::TLM_GENERIC_ERROR_RESPONSE);
}

TEST_F(protection_test, flash_region_without_write_permission_makes_an_nvmc_write_bus_fault) {
    load(core_id::app, "tests/sim/sim_probe_flash_store.elf");
    chip.on_fault = [&](const armv8m::fault_report& r) { faults.push_back(r); };
    sc_core::sc_start(sc_time(1, SC_MS));  // still printing its first line
    poke(app_nvmc_config, 1);              // WEN: the NVMC would take the write
    poke(spu_flashregion + 4 * 60, 0x15);  // region 60 (0xF0000): secure, read + execute
    sc_core::sc_start(sc_time(20, SC_MS));

    ASSERT_EQ(faults.size(), 1u);
    EXPECT_EQ(faults[0].address, 0x000F0000u);
    EXPECT_EQ(faults[0].cfsr, precise_bus_fault);
    EXPECT_EQ(peek(core_id::app, 0x000F0000), 0xFFFFFFFFu);  // flash untouched
    EXPECT_EQ(console(core_id::app).find("probe: stored"), std::string::npos);
}

TEST_F(protection_test, flash_region_with_write_permission_takes_the_store) {
    load(core_id::app, "tests/sim/sim_probe_flash_store.elf");
    chip.on_fault = [&](const armv8m::fault_report& r) { faults.push_back(r); };
    sc_core::sc_start(sc_time(1, SC_MS));
    poke(app_nvmc_config, 1);
    sc_core::sc_start(sc_time(20, SC_MS));

    EXPECT_TRUE(faults.empty());
    EXPECT_EQ(peek(core_id::app, 0x000F0000), 0x12345678u);
    EXPECT_NE(console(core_id::app).find("probe: stored"), std::string::npos);
}

TEST_F(protection_test, locked_region_permission_holds_until_reset) {
    poke(spu_flashregion + 4 * 60, 0x115);  // read + execute, LOCK
    poke(spu_flashregion + 4 * 60, 0x17);   // ignored
    EXPECT_EQ(peek(core_id::app, spu_flashregion + 4 * 60), 0x115u);
    chip.reset(sim::reset_kind::pin);
    EXPECT_EQ(peek(core_id::app, spu_flashregion + 4 * 60), 0x17u);
}

}  // namespace
