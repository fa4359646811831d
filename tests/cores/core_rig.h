// A minimal machine around one or two cores for the core model's tests:
// flash and RAM, plus the test device the programs in firmware/tests/core
// talk to (firmware/tests/core/test_device.h documents its registers).
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <systemc>
#include <tlm_utils/simple_target_socket.h>

#include "cores/cortex_m33.h"
#include "models/memory.h"
#include "models/router.h"
#include "sim/soc/loader.h"

namespace test {

// Offsets of the test device, written down again here on purpose.
enum : std::uint32_t {
    dev_done = 0x000, dev_putc = 0x004, dev_irq_set = 0x008, dev_irq_clr = 0x00C,
    dev_sequence = 0x010, dev_irq_later = 0x014, dev_sev_other = 0x018, dev_reset_later = 0x01C,
    dev_result = 0x100,
};
constexpr std::uint32_t device_base = 0x40000000;

struct mmio_access {
    bool write;
    std::uint32_t offset, value;
    sc_core::sc_time time;  // when the core made it (not compared)
    bool operator==(const mmio_access& o) const {
        return write == o.write && offset == o.offset && value == o.value;
    }
};

class test_device : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<test_device> socket;
    armv8m::cortex_m33* core = nullptr;
    armv8m::cortex_m33* other = nullptr;
    std::array<std::uint32_t, 256> results{};
    std::optional<std::uint32_t> exit_code;
    sc_core::sc_time exit_time;
    std::uint64_t exit_cycles = 0;  // the core's clock cycles when it wrote TEST_DONE
    std::uint64_t exit_instructions = 0;
    std::vector<mmio_access> log;
    bool stop_on_done = true;

    SC_HAS_PROCESS(test_device);
    explicit test_device(sc_core::sc_module_name name) : sc_module(name), socket("socket") {
        socket.register_b_transport(this, &test_device::b_transport);
        SC_METHOD(raise_later);
        sensitive << m_later;
        dont_initialize();
        SC_METHOD(reset_later);
        sensitive << m_reset_later;
        dont_initialize();
    }

private:
    void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
        std::uint32_t value = 0;
        std::memcpy(&value, trans.get_data_ptr(), trans.get_data_length());
        const std::uint32_t offset = static_cast<std::uint32_t>(trans.get_address());
        trans.set_response_status(tlm::TLM_OK_RESPONSE);
        if (trans.is_read()) {
            value = offset == dev_sequence ? ++m_sequence
                    : offset >= dev_result ? results[(offset - dev_result) / 4] : 0;
            std::memcpy(trans.get_data_ptr(), &value, trans.get_data_length());
            log.push_back({false, offset, value, sc_core::sc_time_stamp() + delay});
            return;
        }
        log.push_back({true, offset, value, sc_core::sc_time_stamp() + delay});
        switch (offset) {
        case dev_done:
            exit_code = value;
            exit_time = sc_core::sc_time_stamp() + delay;
            exit_cycles = core->clock_cycles();
            exit_instructions = core->instructions();
            if (stop_on_done) sc_core::sc_stop();
            break;
        case dev_irq_set: core->set_irq(value, true); break;
        case dev_irq_clr: core->set_irq(value, false); break;
        case dev_irq_later:
            m_later_line = value & 0xFF;
            m_later.notify(delay + sc_core::sc_time(value >> 8, sc_core::SC_US));
            break;
        case dev_sev_other: if (other) other->signal_event(); break;
        case dev_reset_later: m_reset_later.notify(delay + sc_core::sc_time(value, sc_core::SC_US)); break;
        default:
            if (offset >= dev_result) results[(offset - dev_result) / 4] = value;
            break;
        }
    }
    void raise_later() { core->set_irq(m_later_line, true); }
    void reset_later() { core->request_reset(); }

    std::uint32_t m_sequence = 0;
    unsigned m_later_line = 0;
    sc_core::sc_event m_later, m_reset_later;
};

// Application-core-like or network-core-like machine.
struct core_rig {
    static armv8m::core_config app_config() {
        armv8m::core_config c;
        c.features = {69, 3, 8, true, true, true};
        c.clock_hz = 64'000'000;
        return c;
    }
    static armv8m::core_config net_config() {
        armv8m::core_config c;
        c.features = {30, 3, 8, false, false, false};
        c.bus_master_id = 1;
        c.reset_vtor = 0x01000000;
        c.clock_hz = 64'000'000;
        return c;
    }

    std::string name;
    std::uint32_t flash_base;
    models::memory flash;
    std::shared_ptr<models::memory> shared_ram;
    std::unique_ptr<models::memory> own_ram;
    models::router router;
    test_device device;
    armv8m::cortex_m33 core;
    std::vector<armv8m::fault_report> faults, lockups;
    unsigned resets = 0;
    std::map<std::string, std::uint32_t> symbols;

    core_rig(const std::string& n, const armv8m::core_config& config,
             std::shared_ptr<models::memory> app_ram = nullptr)
        : name(n),
          flash_base(config.reset_vtor),
          flash(n + ".flash", config.reset_vtor ? 0x40000 : 0x100000, 0xFF),
          shared_ram(app_ram ? app_ram : std::make_shared<models::memory>(n + ".ram", 0x80000)),
          router((n + "_router").c_str()),
          device((n + "_device").c_str()),
          core((n + "_core").c_str(), config) {
        core.bus.bind(router.in);
        router.map(device_base, 0x1000, device.socket, "test device");
        core.map_rom(flash_base, flash);
        core.map_ram(0x20000000, *shared_ram);
        if (config.reset_vtor) {
            own_ram = std::make_unique<models::memory>(n + ".ownram", 0x10000);
            core.map_ram(0x21000000, *own_ram);
        }
        core.map_io(device_base, 0x1000);
        device.core = &core;
        core.on_fault = [this](const armv8m::fault_report& r) { faults.push_back(r); };
        core.on_lockup = [this](const armv8m::fault_report& r) {
            lockups.push_back(r);
            sc_core::sc_stop();
        };
        core.on_system_reset_request = [this] { ++resets; core.request_reset(); };
    }

    // Loads firmware/tests/core/<program>.elf into flash (as a programmer would).
    void load(const std::string& program) {
        const sim::loaded_image image =
            sim::load_elf(std::string(FIRMWARE_DIR) + "/tests/core/" + program + ".elf");
        for (const sim::memory_range& r : image.contents.ranges()) {
            ASSERT_GE(r.address, flash_base);
            ASSERT_LE(r.end(), flash_base + flash.size());
            std::memcpy(flash.data() + (r.address - flash_base), r.bytes.data(), r.bytes.size());
        }
        for (const auto& [name, address] : image.symbols) symbols[name] = address;
    }

    void poke_ram(const std::string& symbol, std::uint32_t value) {
        const std::uint32_t address = symbols.at(symbol);
        models::memory& ram = address >= 0x21000000 ? *own_ram : *shared_ram;
        std::memcpy(ram.data() + (address & 0xFFFFF), &value, 4);
    }

    std::uint32_t result(unsigned i) const { return device.results[i]; }
    std::vector<std::uint32_t> log() const {
        std::vector<std::uint32_t> v;
        for (std::uint32_t i = 0; i < device.results[31]; ++i) v.push_back(device.results[32 + i]);
        return v;
    }
};

inline void run_for(const sc_core::sc_time& limit) { sc_core::sc_start(limit); }

} // namespace test
