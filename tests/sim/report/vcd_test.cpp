#include "sim/report/vcd.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "sim/soc/loader.h"
#include "sim/soc/soc.h"
#include "tests/support/load_firmware.h"

namespace {

using sim::core_id;

// A parsed dump: the declared wires by name (their identifier) and every
// value change as (time, identifier, value).
struct parsed_vcd {
    std::string timescale;
    std::map<std::string, std::string> wires;  // name -> identifier
    struct change {
        std::uint64_t time;
        std::string id;
        char value;
    };
    std::vector<change> changes;
    bool definitions_ended = false;
    bool times_increase = true;

    std::vector<std::pair<std::uint64_t, char>> changes_of(const std::string& name) const {
        std::vector<std::pair<std::uint64_t, char>> out;
        for (const change& c : changes)
            if (c.id == wires.at(name)) out.emplace_back(c.time, c.value);
        return out;
    }
};

parsed_vcd parse(const std::string& text) {
    parsed_vcd vcd;
    std::istringstream in(text);
    std::string line;
    const std::regex var(R"(\$var wire 1 (\S+) (\S+) \$end)");
    const std::regex timescale(R"(\$timescale (\S+) \$end)");
    std::smatch m;
    std::uint64_t time = 0;
    bool have_time = false;
    while (std::getline(in, line)) {
        if (!vcd.definitions_ended) {
            if (std::regex_match(line, m, var)) vcd.wires[m[2]] = m[1];
            if (std::regex_match(line, m, timescale)) vcd.timescale = m[1];
            if (line == "$enddefinitions $end") vcd.definitions_ended = true;
            continue;
        }
        if (line.empty() || line.rfind("$comment", 0) == 0) continue;
        if (line[0] == '#') {
            const std::uint64_t next = std::stoull(line.substr(1));
            if (have_time && next <= time) vcd.times_increase = false;
            time = next;
            have_time = true;
        } else {
            vcd.changes.push_back({time, line.substr(1), line[0]});
        }
    }
    return vcd;
}

struct vcd_test : ::testing::Test {
    vcd_test() { tlm::tlm_global_quantum::instance().set(sc_core::sc_time(10, sc_core::SC_US)); }

    void load(core_id core, const std::string& elf) {
        load_firmware(chip, core, elf);
    }

    // A store by the application core's load/store unit (flash goes through its NVMC).
    void store(std::uint32_t address, std::uint32_t value) {
        tlm::tlm_generic_payload trans;
        models::bus_master master;
        master.core = 0;
        trans.set_extension(&master);
        trans.set_command(tlm::TLM_WRITE_COMMAND);
        trans.set_address(address);
        trans.set_data_ptr(reinterpret_cast<unsigned char*>(&value));
        trans.set_data_length(4);
        trans.set_streaming_width(4);
        trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
        static_cast<sc_core::sc_export<tlm::tlm_fw_transport_if<>>&>(chip.bus(core_id::app).in)->b_transport(trans, delay);
        trans.clear_extension(&master);
        ASSERT_TRUE(trans.is_response_ok()) << std::hex << address;
    }

    sim::soc chip{"soc"};
    sim::vcd_recorder recorder{"vcd", chip, sc_core::sc_time(10, sc_core::SC_US)};
};

// The demo: the application core releases the network core (FORCEOFF
// falls once, after time 0).
TEST_F(vcd_test, forceoff_falls_when_the_demo_releases_the_net_core) {
    load(core_id::app, "samples/app/sample_app.elf");
    load(core_id::net, "samples/net/sample_net.elf");
    sc_core::sc_start(sc_core::sc_time(600, sc_core::SC_MS));
    ASSERT_NE(chip.uart_console(core_id::app, 0).text().find("app: done, 5 replies"), std::string::npos);

    const parsed_vcd vcd = parse(recorder.text());
    ASSERT_TRUE(vcd.definitions_ended);
    EXPECT_EQ(vcd.timescale, "1ps");
    EXPECT_TRUE(vcd.times_increase);
    ASSERT_EQ(vcd.wires.count("forceoff"), 1u);
    EXPECT_EQ(vcd.wires.count("app_nvmc_busy"), 1u);
    EXPECT_EQ(vcd.wires.count("net_nvmc_busy"), 1u);

    const auto forceoff = vcd.changes_of("forceoff");
    ASSERT_EQ(forceoff.size(), 2u);
    EXPECT_EQ(forceoff[0], std::make_pair(std::uint64_t{0}, '1'));  // held at power-on
    EXPECT_EQ(forceoff[1].second, '0');
    EXPECT_GT(forceoff[1].first, 0u);
    EXPECT_LT(forceoff[1].first, 50'000'000'000u);  // the banner comes within 50 ms
}

// A flash write makes the NVMC busy for its 43 us: the busy wire rises and
// falls again.
TEST_F(vcd_test, nvmc_busy_follows_a_flash_write) {
    // No firmware: the app core held, or its erased flash would lock it up,
    // and the lockup reset would clear NVMC.CONFIG.
    chip.core(core_id::app).set_hold_in_reset(true);
    store(0x50039504, 1);  // NVMC.CONFIG = WEN
    sc_core::sc_start(sc_core::sc_time(100, sc_core::SC_US));
    store(0x000F0000, 0x12345678);
    sc_core::sc_start(sc_core::sc_time(200, sc_core::SC_US));

    const auto busy = parse(recorder.text()).changes_of("app_nvmc_busy");
    ASSERT_EQ(busy.size(), 3u);
    EXPECT_EQ(busy[0].second, '0');
    EXPECT_EQ(busy[1].second, '1');
    EXPECT_EQ(busy[2].second, '0');
    EXPECT_GE(busy[2].first - busy[1].first, 30'000'000u);  // ~43 us at 10 us samples
    EXPECT_LE(busy[2].first - busy[1].first, 60'000'000u);
}

// nrf53sim run --vcd FILE: the same dump of a scenario's run.
TEST(vcd, nrf53sim_writes_the_dump_of_a_scenario) {
    const std::string file = ::testing::TempDir() + "/" + std::to_string(::getpid()) + "_run.vcd";
    const std::string command = "SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1 " NRF53SIM_EXE " run " SOURCE_DIR
                                "/scenarios/dual-core-boot.yaml --vcd " + file + " > /dev/null 2>&1";
    ASSERT_EQ(std::system(command.c_str()), 0);
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    const parsed_vcd vcd = parse(text.str());
    ASSERT_TRUE(vcd.definitions_ended);
    const auto forceoff = vcd.changes_of("forceoff");
    ASSERT_EQ(forceoff.size(), 2u);
    EXPECT_EQ(forceoff[1].second, '0');
}

}  // namespace
