// The nRF5340: both Cortex-M33 cores, their memories and peripherals,
// assembled from one table (sim/soc/soc.cpp, `peripheral_table`) in a loop.
// Memory map: nrfx MDK nrf5340_application.h, nrf5340_network.h (base
// addresses) and nrf5340_xxaa_{application,network}_memory.h; docs/memory-map.md; resets: docs/resets.md; what is modelled:
// docs/peripherals.md.
//
// The application core sees its flash, UICR, FICR, the 512 KB RAM, the QSPI
// XIP window and its peripherals (secure 0x5xxxxxxx and non-secure
// 0x4xxxxxxx aliases). The network core sees its own flash, UICR, FICR, RAM
// and peripherals, the application RAM at the same addresses and the
// application's shared peripherals (MUTEX) at their application addresses.
// The application core cannot reach the network core's flash or
// peripherals: such an access is a bus fault.
//
// Every store to flash or UICR goes through the core's NVMC; a change of
// flash contents drops the translated code of both cores.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <systemc>

#include "cores/cortex_m33.h"
#include "models/dppi.h"
#include "models/memory.h"
#include "models/nor_flash.h"
#include "models/peripheral.h"
#include "models/router.h"
#include "peripherals/clock.h"
#include "peripherals/cryptocell.h"
#include "peripherals/ficr.h"
#include "peripherals/gpio.h"
#include "peripherals/ipc.h"
#include "peripherals/mx25r6435f.h"
#include "peripherals/nvmc.h"
#include "peripherals/qspi.h"
#include "peripherals/uarte.h"
#include "peripherals/wdt.h"
#include "sim/soc/protection.h"
#include "sim/soc/core_id.h"
#include "sim/soc/loader.h"

namespace sim {

// What one UART printed, capped: bytes beyond `limit` are dropped (counted).
class console {
public:
    explicit console(std::size_t limit) : m_limit(limit) {}
    void put(std::uint8_t byte);
    // At a reset: ends a line the firmware had not finished with
    // reset_marker, so that the next boot's first line does not continue
    // it. Only the capture; what the UART sends to a pty or socket stays
    // exactly what the firmware sent.
    void end_line_at_reset();
    static constexpr const char* reset_marker = " [cut by reset]";
    const std::string& text() const { return m_text; }
    std::size_t dropped() const { return m_dropped; }
    // Called for every kept byte (the runner echoes lines and checks waits).
    std::function<void(std::uint8_t)> on_byte;

private:
    std::size_t m_limit;
    std::string m_text;
    std::size_t m_dropped = 0;
};

// The nRF5340 memory map as a table: used to build each core's map, to
// load images and for debugger accesses.
enum class region_kind { flash, uicr, ficr, ram, xip, peripherals, sink };
struct memory_region {
    const char* name;
    core_id core;  // whose map it is in
    region_kind kind;
    std::uint32_t base, size;
};
const std::vector<memory_region>& memory_map();

// The region of the core's map an image byte at `address` is programmed
// into (flash, UICR, RAM, the part of the XIP window the external flash
// fills), or null: what soc::program loads.
const memory_region* loadable_region(core_id which, std::uint32_t address);

// Throws input_error(image path) naming the image's first byte that no
// memory of the core can hold, so that nrf53sim run --check refuses what
// the run would.
void check_loadable(core_id which, const loaded_image& image);

struct peripheral_row;  // a row of the SoC's peripheral table (soc.cpp)

struct soc_config {
    std::size_t console_limit = 1024 * 1024;
    std::uint8_t ram_fill = 0xA5;  // RAM contents after power-on (docs/resets.md)
    std::uint64_t entropy_seed = nrf::cryptocell::default_entropy_seed;  // the CryptoCell TRNG's bits
    // A lockup resets the chip as on silicon (docs/resets.md); false: the
    // core stays locked up (a debugger attached, or a test that wants it).
    bool reset_on_lockup = true;
};

class soc : public sc_core::sc_module {
public:
    soc(sc_core::sc_module_name name, const soc_config& config = {});
    ~soc() override;

    armv8m::cortex_m33& core(core_id which);
    models::router& bus(core_id which);
    console& uart_console(core_id which, unsigned uart);
    nrf::uarte& uart(core_id which, unsigned uart);
    nrf::clock& clock(core_id which);
    models::nor_flash& flash(core_id which);
    models::nor_flash& uicr(core_id which);
    models::memory& ram(core_id which);  // app: the shared 512 KB; net: its own 64 KB
    models::nor_flash& external_flash();
    nrf::ipc_backbone& ipc_channels() { return m_ipc_backbone; }  // the 16 channels between the cores

    // The memory a loadable address belongs to (flash, UICR, RAM, XIP flash)
    // and the offset in it, or null: what an image may be loaded into.
    models::memory* loadable(core_id which, std::uint32_t address, std::uint32_t& offset);
    // Copies bytes into / out of loadable memory across region boundaries, as
    // a programmer does (no bus, no flash rules); returns how many were
    // copied before the first address that is not loadable.
    std::size_t program(core_id which, std::uint32_t address, const std::uint8_t* data, std::size_t size);
    std::size_t peek(core_id which, std::uint32_t address, std::uint8_t* out, std::size_t size);

    // A debugger's view: memory directly, registers without side effects
    // (reads) or as a real bus write (writes fire tasks, as through the
    // AHB-AP). False if nothing answers at the address.
    bool debug_read(core_id which, std::uint32_t address, void* data, unsigned size);
    bool debug_write(core_id which, std::uint32_t address, const void* data, unsigned size);

    // Resets (docs/resets.md). power: power-on reset; pin: nRESET; soft:
    // the app core's SYSRESETREQ.
    void reset(reset_kind kind);

    // The application released the network core from FORCEOFF (after the
    // network core has left its hold).
    std::function<void()> on_network_release;

    // A lockup's reset (reset_on_lockup) comes this long after it: an
    // instant reset would let firmware that locks up at its first
    // instruction loop forever at one point of simulated time.
    static sc_core::sc_time lockup_reset_delay() { return sc_core::sc_time(10, sc_core::SC_US); }

    // Fault and lockup reports, already logged with core, address and PC.
    std::function<void(const armv8m::fault_report&)> on_fault;
    std::function<void(const armv8m::fault_report&)> on_lockup;

private:
    SC_HAS_PROCESS(soc);
    template <typename Copy>
    std::size_t copy_loadable(core_id which, std::uint32_t address, std::size_t size, Copy copy);
    struct core_domain;

    void build_memories(const soc_config& config);
    void build_cores();
    void build_peripherals();
    void map_peripheral(const peripheral_row& row, models::peripheral& p, const std::string& name);
    void map_regions(core_domain& d);
    // Flash wait states at the core's clock, and its cache (code_timing.h).
    void set_flash_timing(core_domain& d);
    void wire_flash_invalidation();
    void wire_resets();
    // Resets both domains; RESETREAS gains `reasons` (nrf::resetreas bits).
    void system_reset_with(std::uint32_t reasons);
    void reset_domains(std::uint32_t reasons, bool power_on);
    // Resets the network domain only (its core restarts unless held).
    void network_reset(std::uint32_t reasons);
    // Resets the domain's peripherals and sinks for a reset with `reasons`
    // (all but CLOCK/POWER/RESET, and the watchdogs on a soft reset).
    void reset_peripherals(core_domain& d, std::uint32_t reasons);
    void report_fault(const armv8m::fault_report& report);
    // Logs the lockup and, unless reset_on_lockup is off, has the RESET block
    // reset after lockup_reset_delay (LOCKUP: the chip; LLOCKUP: the network
    // domain).
    void lockup(core_id which, const armv8m::fault_report& report);
    void reset_after_lockup();
    void cancel_lockup_resets(std::uint32_t reasons);

    core_domain& domain(core_id which);

    std::unique_ptr<core_domain> m_app, m_net;
    std::unique_ptr<protection> m_protection;  // SPU, EXTDOMAIN and net ACL on the cores' maps
    nrf::spu* m_spu = nullptr;
    std::unique_ptr<nrf::mx25r6435f> m_external_flash;
    nrf::ipc_backbone m_ipc_backbone;
    std::vector<nrf::gpio*> m_gpio_ports;  // P0, P1: one pair for both cores
    std::uint8_t m_ram_fill;
    std::uint64_t m_entropy_seed;
    bool m_reset_on_lockup;
    std::uint32_t m_lockup_reasons = 0;  // LOCKUP, LLOCKUP: the resets pending
    sc_core::sc_event m_lockup_reset;
    bool m_resetting = false;  // FORCEOFF going to Hold during a reset adds no MFORCEOFF
};

}  // namespace sim
