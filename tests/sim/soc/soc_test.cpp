// The assembled nRF5340 (sim/soc/soc.h): memory map, sharing between the
// cores, FORCEOFF, FICR, IRQ numbers and resets. Addresses are written down
// here again from the product specification facts, not taken from the SoC
// table.
#include "sim/soc/soc.h"
#include "tests/support/load_firmware.h"

#include <cstring>
#include <string>

#include <gtest/gtest.h>
#include <systemc>
#include <tlm>

#include "models/peripheral.h"
#include "sim/soc/loader.h"

namespace {

using sim::core_id;

constexpr std::uint32_t app_mutex0 = 0x50030400, app_mutex0_ns = 0x40030400;
constexpr std::uint32_t app_forceoff = 0x50005614;
constexpr std::uint32_t app_extdomain = 0x50003440, app_periphid_mutex = 0x50003800 + 4 * 0x30;
constexpr std::uint32_t app_resetreas = 0x50005400, net_resetreas = 0x41005400;

struct soc_test : ::testing::Test {
    soc_test() { tlm::tlm_global_quantum::instance().set(sc_core::sc_time(10, sc_core::SC_US)); }

    void load(core_id core, const std::string& elf) {
        symbols = load_firmware(chip, core, elf).symbols;
    }

    // A core's bus access as its load/store unit makes it.
    tlm::tlm_response_status access(core_id core, tlm::tlm_command cmd, std::uint32_t address,
                                    std::uint32_t& value) {
        tlm::tlm_generic_payload trans;
        models::bus_master master;
        master.core = core == core_id::app ? 0 : 1;
        trans.set_extension(&master);
        trans.set_command(cmd);
        trans.set_address(address);
        trans.set_data_ptr(reinterpret_cast<unsigned char*>(&value));
        trans.set_data_length(4);
        trans.set_streaming_width(4);
        trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
        static_cast<sc_core::sc_export<tlm::tlm_fw_transport_if<>>&>(chip.bus(core).in)->b_transport(trans, delay);
        trans.clear_extension(&master);
        return trans.get_response_status();
    }
    std::uint32_t read(core_id core, std::uint32_t address) {
        std::uint32_t value = 0;
        EXPECT_EQ(access(core, tlm::TLM_READ_COMMAND, address, value), tlm::TLM_OK_RESPONSE)
            << std::hex << address;
        return value;
    }
    void write(core_id core, std::uint32_t address, std::uint32_t value) {
        EXPECT_EQ(access(core, tlm::TLM_WRITE_COMMAND, address, value), tlm::TLM_OK_RESPONSE)
            << std::hex << address;
    }
    std::uint32_t peek(core_id core, std::uint32_t address) {
        std::uint32_t value = 0;
        EXPECT_TRUE(chip.debug_read(core, address, &value, 4)) << std::hex << address;
        return value;
    }

    sim::soc chip{"soc"};
    std::map<std::string, std::uint32_t> symbols;
};

TEST_F(soc_test, app_core_reading_net_flash_takes_a_bus_fault_to_hardfault) {
    load(core_id::app, "tests/sim/sim_probe_net_flash.elf");
    std::vector<armv8m::fault_report> faults;
    chip.on_fault = [&](const armv8m::fault_report& r) { faults.push_back(r); };
    sc_core::sc_start(sc_core::sc_time(20, sc_core::SC_MS));  // both messages at 115200 baud

    ASSERT_EQ(faults.size(), 1u);
    EXPECT_EQ(faults[0].address, 0x01000000u);
    EXPECT_EQ(faults[0].exception, 3u);  // HardFault (escalated BusFault)
    const std::uint32_t g_fault = symbols.at("g_fault");
    EXPECT_EQ(peek(core_id::app, g_fault), 0xFA017EDu);       // the handler ran
    EXPECT_EQ(peek(core_id::app, g_fault + 12), 0x01000000u);  // BFAR
    EXPECT_NE(chip.uart_console(core_id::app, 0).text().find("BFAR 0x01000000"), std::string::npos);
}

TEST_F(soc_test, app_core_has_no_path_to_net_flash_or_net_peripherals) {
    std::uint32_t value = 0;
    EXPECT_EQ(access(core_id::app, tlm::TLM_READ_COMMAND, 0x01000000, value), tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(access(core_id::app, tlm::TLM_READ_COMMAND, net_resetreas, value), tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_FALSE(chip.debug_read(core_id::app, 0x01000000, &value, 4));
    // A hole between peripherals is a bus error too.
    EXPECT_EQ(access(core_id::app, tlm::TLM_READ_COMMAND, 0x50007000, value), tlm::TLM_ADDRESS_ERROR_RESPONSE);
}

TEST_F(soc_test, net_core_sees_app_ram_at_the_same_addresses) {
    chip.ram(core_id::app).write32(0x70000, 0xC0FFEE01);
    EXPECT_EQ(peek(core_id::net, 0x20070000), 0xC0FFEE01u);
    const std::uint32_t v = 0x12345678;
    ASSERT_TRUE(chip.debug_write(core_id::net, 0x2007FFFC, &v, 4));
    EXPECT_EQ(peek(core_id::app, 0x2007FFFC), v);
    // Its own RAM is not visible to the app core.
    chip.ram(core_id::net).write32(0, 0xAB);
    EXPECT_EQ(peek(core_id::net, 0x21000000), 0xABu);
    std::uint32_t ignored = 0;
    EXPECT_FALSE(chip.debug_read(core_id::app, 0x21000000, &ignored, 4));
}

TEST_F(soc_test, mutex_is_one_instance_shared_by_both_cores) {
    write(core_id::app, app_extdomain, 0x10);          // net-core accesses are secure, as the mutex
    EXPECT_EQ(read(core_id::app, app_mutex0), 0u);     // free: taken by the app
    EXPECT_EQ(read(core_id::net, app_mutex0), 1u);     // the net core sees it taken
    write(core_id::app, app_mutex0, 0);
    EXPECT_EQ(read(core_id::net, app_mutex0), 0u);     // now the net core takes it
    write(core_id::app, app_periphid_mutex, 0);        // the mutex made non-secure:
    EXPECT_EQ(read(core_id::app, app_mutex0_ns), 1u);  // the same instance at the NS alias
}

TEST_F(soc_test, forceoff_holds_the_net_core_until_released) {
    // The app core held, as a debugger holds it: on erased flash it would
    // lock up, and each lockup reset holds the net core again.
    chip.core(core_id::app).set_hold_in_reset(true);
    load(core_id::net, "samples/net/sample_net.elf");
    sc_core::sc_start(sc_core::sc_time(5, sc_core::SC_MS));
    EXPECT_EQ(chip.core(core_id::net).state(), armv8m::run_state::held);
    EXPECT_EQ(chip.core(core_id::net).instructions(), 0u);
    EXPECT_EQ(peek(core_id::app, app_forceoff), 1u);  // Hold at reset

    const std::uint32_t release = 0;
    ASSERT_TRUE(chip.debug_write(core_id::app, app_forceoff, &release, 4));
    sc_core::sc_start(sc_core::sc_time(20, sc_core::SC_MS));
    EXPECT_NE(chip.uart_console(core_id::net, 0).text().find("nrf53sim sample net"), std::string::npos);

    const std::uint32_t hold = 1;
    ASSERT_TRUE(chip.debug_write(core_id::app, app_forceoff, &hold, 4));
    sc_core::sc_start(sc_core::sc_time(1, sc_core::SC_MS));
    EXPECT_EQ(chip.core(core_id::net).state(), armv8m::run_state::held);
    EXPECT_EQ(peek(core_id::net, net_resetreas) & (1u << 23), 1u << 23);  // MFORCEOFF
}

TEST_F(soc_test, ficr_identifies_an_nrf5340_per_core) {
    EXPECT_EQ(peek(core_id::app, 0x00FF020C), 0x5340u);      // INFO.PART
    EXPECT_EQ(peek(core_id::app, 0x00FF0210), 0x514B4141u);  // VARIANT QKAA
    EXPECT_EQ(peek(core_id::app, 0x00FF021C), 0x400u);       // FLASH 1 MB
    EXPECT_EQ(peek(core_id::app, 0x00FF0220), 0x1000u);      // CODEPAGESIZE
    EXPECT_EQ(peek(core_id::net, 0x01FF020C), 0x5340u);
    EXPECT_EQ(peek(core_id::net, 0x01FF021C), 0x100u);       // FLASH 256 KB
    EXPECT_EQ(peek(core_id::net, 0x01FF0220), 0x800u);
    EXPECT_EQ(peek(core_id::net, 0x01FF0224), 128u);         // CODESIZE
}

TEST_F(soc_test, interrupts_go_to_the_irq_numbered_by_address_bits_19_12) {
    // EGU0 TASKS_TRIGGER[0] with INTENSET bit 0: app EGU0 0x5001B000 is IRQ 27,
    // net EGU0 0x41014000 is IRQ 20.
    write(core_id::app, 0x5001B304, 1);
    write(core_id::app, 0x5001B000, 1);
    write(core_id::net, 0x41014304, 1);
    write(core_id::net, 0x41014000, 1);
    EXPECT_TRUE(chip.core(core_id::app).exceptions().line(27));
    EXPECT_FALSE(chip.core(core_id::app).exceptions().line(20));
    EXPECT_TRUE(chip.core(core_id::net).exceptions().line(20));
    EXPECT_FALSE(chip.core(core_id::net).exceptions().line(27));
    // The non-secure alias is the same instance.
    write(core_id::app, 0x50003800 + 4 * 27, 0);  // SPU PERIPHID[27]: EGU0 non-secure
    write(core_id::app, 0x4001B100, 0);  // EVENTS_TRIGGERED[0] cleared
    EXPECT_FALSE(chip.core(core_id::app).exceptions().line(27));
}

TEST_F(soc_test, pin_reset_keeps_ram_and_reports_resetpin_power_on_refills_ram) {
    chip.ram(core_id::app).write32(0x100, 0x600DF00D);
    chip.reset(sim::reset_kind::pin);
    EXPECT_EQ(peek(core_id::app, 0x20000100), 0x600DF00Du);
    EXPECT_EQ(peek(core_id::app, app_resetreas) & 1u, 1u);  // RESETPIN
    EXPECT_EQ(peek(core_id::net, net_resetreas) & 1u, 1u);

    chip.reset(sim::reset_kind::power);
    EXPECT_EQ(peek(core_id::app, 0x20000100), 0xA5A5A5A5u);
    EXPECT_EQ(peek(core_id::app, app_resetreas), 0u);
    EXPECT_EQ(peek(core_id::app, app_forceoff), 1u);
}

TEST_F(soc_test, app_sysresetreq_resets_both_domains_net_sysresetreq_only_its_own) {
    chip.core(core_id::app).on_system_reset_request();
    EXPECT_EQ(peek(core_id::app, app_resetreas) & (1u << 3), 1u << 3);  // SREQ
    EXPECT_EQ(peek(core_id::net, net_resetreas) & (1u << 3), 1u << 3);

    const std::uint32_t clear = ~0u;
    write(core_id::app, app_resetreas, clear);
    chip.core(core_id::net).on_system_reset_request();
    EXPECT_EQ(peek(core_id::net, net_resetreas) & (1u << 16), 1u << 16);  // LSREQ
    EXPECT_EQ(peek(core_id::app, app_resetreas), 0u);
}

TEST_F(soc_test, a_lockup_resets_the_chip_from_the_app_core_and_the_network_domain_from_the_net_core) {
    chip.core(core_id::app).set_hold_in_reset(true);  // only the reported lockups, no firmware
    const armv8m::fault_report report{"core", "fault in HardFault", 3, 0x1234, 0, 0, 0};
    chip.core(core_id::app).on_lockup(report);
    EXPECT_EQ(peek(core_id::app, app_resetreas), 0u);  // not yet: the reset follows the lockup
    sc_core::sc_start(2 * sim::soc::lockup_reset_delay());
    EXPECT_EQ(peek(core_id::app, app_resetreas), 1u << 4);  // LOCKUP
    EXPECT_EQ(peek(core_id::net, net_resetreas), 1u << 4);

    const std::uint32_t clear = ~0u;
    write(core_id::app, app_resetreas, clear);
    write(core_id::net, net_resetreas, clear);
    chip.core(core_id::net).on_lockup(report);
    sc_core::sc_start(2 * sim::soc::lockup_reset_delay());
    EXPECT_EQ(peek(core_id::net, net_resetreas), 1u << 17);  // LLOCKUP
    EXPECT_EQ(peek(core_id::app, app_resetreas), 0u);
}

TEST_F(soc_test, watchdogs_keep_running_through_a_soft_reset_and_stop_at_a_pin_reset) {
    constexpr std::uint32_t app_wdt0 = 0x50018000, net_wdt = 0x4100B000;
    constexpr std::uint32_t tasks_start = 0x000, runstatus = 0x400;
    write(core_id::app, app_wdt0 + tasks_start, 1);
    write(core_id::net, net_wdt + tasks_start, 1);
    chip.core(core_id::app).on_system_reset_request();
    EXPECT_EQ(read(core_id::app, app_wdt0 + runstatus), 1u);
    EXPECT_EQ(read(core_id::net, net_wdt + runstatus), 1u);
    chip.reset(sim::reset_kind::pin);
    EXPECT_EQ(read(core_id::app, app_wdt0 + runstatus), 0u);
    EXPECT_EQ(read(core_id::net, net_wdt + runstatus), 0u);
}

TEST_F(soc_test, images_load_only_into_flash_uicr_ram_and_qspi_flash) {
    std::uint32_t offset = 0;
    EXPECT_EQ(chip.loadable(core_id::app, 0x000FFFFF, offset), &chip.flash(core_id::app).storage());
    EXPECT_EQ(chip.loadable(core_id::app, 0x00FF8004, offset), &chip.uicr(core_id::app).storage());
    EXPECT_EQ(offset, 4u);
    EXPECT_EQ(chip.loadable(core_id::app, 0x10000000, offset), &chip.external_flash().storage());
    EXPECT_EQ(chip.loadable(core_id::app, 0x01000000, offset), nullptr);  // net flash
    EXPECT_EQ(chip.loadable(core_id::app, 0x00100000, offset), nullptr);  // past app flash
    EXPECT_EQ(chip.loadable(core_id::app, 0x00FF0000, offset), nullptr);  // FICR is read-only
    EXPECT_EQ(chip.loadable(core_id::net, 0x0103FFFF, offset), &chip.flash(core_id::net).storage());
    EXPECT_EQ(chip.loadable(core_id::net, 0x21010000, offset), nullptr);  // past net RAM
}

TEST_F(soc_test, check_loadable_names_the_image_and_its_first_unloadable_byte) {
    sim::loaded_image image;
    image.path = "app.hex";
    const std::uint8_t bytes[16] = {};
    image.contents.add(0x10000000 + (8u << 20) - 8, bytes, sizeof bytes, image.path);  // runs off the MX25R64
    try {
        sim::check_loadable(core_id::app, image);
        FAIL() << "an image past the external flash was accepted";
    } catch (const sim::input_error& e) {
        EXPECT_EQ(std::string(e.what()), "app.hex: byte at 0x10800000 is outside every loadable region of the app "
                                         "core (flash, UICR, RAM, QSPI flash)");
    }
    sim::loaded_image fits;
    fits.contents.add(0x000FFFF0, bytes, sizeof bytes, "fits");
    fits.contents.add(0x20000000, bytes, sizeof bytes, "fits");
    EXPECT_NO_THROW(sim::check_loadable(core_id::app, fits));
    EXPECT_THROW(sim::check_loadable(core_id::net, fits), sim::input_error);  // net flash starts at 0x01000000
}

TEST_F(soc_test, a_reset_ends_the_console_line_it_cut_with_a_marker) {
    sim::console& console = chip.uart_console(core_id::app, 0);
    for (char c : std::string("app: done, 5 replies")) console.put(static_cast<std::uint8_t>(c));
    chip.reset(sim::reset_kind::pin);
    for (char c : std::string("mcuboot: start\n")) console.put(static_cast<std::uint8_t>(c));
    chip.reset(sim::reset_kind::power);  // at the start of a line: nothing to end
    EXPECT_EQ(console.text(), "app: done, 5 replies [cut by reset]\nmcuboot: start\n");

    sim::console& net = chip.uart_console(core_id::net, 0);
    net.put('x');
    chip.core(core_id::net).on_system_reset_request();  // the network domain's own reset
    EXPECT_EQ(net.text(), "x [cut by reset]\n");
}

}  // namespace

namespace {

TEST_F(soc_test, gpio_ports_are_one_pair_seen_by_both_cores) {
    // P1.01 PIN_CNF (P1 at 0x50842800, PIN_CNF[1] at +0x204): MCUSEL = NetworkMCU.
    write(core_id::app, 0x50842A04, 1u << 28);
    constexpr std::uint32_t mcusel = 7u << 28;
    EXPECT_EQ(peek(core_id::net, 0x418C0A04) & mcusel, 1u << 28);
    EXPECT_EQ(peek(core_id::app, 0x40842A04) & mcusel, 1u << 28);  // non-secure alias
}

}  // namespace
