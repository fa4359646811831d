#include "sim/soc/soc.h"

#include <algorithm>
#include <cstring>
#include <iomanip>
#include <set>
#include <sstream>
#include <stdexcept>
#include <utility>

#include <tlm_utils/simple_target_socket.h>

#include "models/log.h"
#include "peripherals/cache.h"
#include "peripherals/ctrlap.h"
#include "peripherals/dppic.h"
#include "peripherals/egu.h"
#include "peripherals/errata_page.h"
#include "peripherals/gpio.h"
#include "peripherals/gpiote.h"
#include "peripherals/mutex.h"
#include "peripherals/oscillators.h"
#include "peripherals/rtc.h"
#include "peripherals/spu.h"
#include "peripherals/timer.h"
#include "peripherals/vmc.h"
#include "sim/soc/code_timing.h"

namespace sim {

namespace {

using sc_core::sc_time;

// ------------------------------------------------------------- the tables

// Which core owns a peripheral instance.
enum class domain_of { app, net };

// sink: a block the firmware touches but that is not modelled (yet): reads
// return what was written, accesses are logged once per offset. A block
// becomes modelled by giving its row the model's kind (and a case in
// make_peripheral()).
enum class kind { clock, uarte, timer, rtc, dppic, wdt, egu, ipc, qspi, mutex, nvmc, spu, gpio, gpiote, cryptocell,
                  cache, oscillators, ctrlap, vmc, errata, sink };

}  // namespace

// Named in soc.h (soc::map_peripheral), so outside the anonymous namespace.
struct peripheral_row {
    const char* name;
    kind type;
    domain_of domain;
    std::uint32_t base;  // app: the secure address; net: its only address
    bool ns_alias;       // app: also at base - 0x10000000
    bool has_irq;        // IRQ number = bits 19:12 of base
    unsigned instance;   // UARTE/WDT/GPIO instance number; TIMER: CC count
    std::uint32_t net_view = 0;  // app instance the net core reaches there too (0: not)
};

namespace {

constexpr domain_of A = domain_of::app, N = domain_of::net;

// Reference section 1, "Peripheral base addresses". The GPIO ports come
// first because the GPIOTEs connect to them.
constexpr peripheral_row peripheral_table[] = {
    // name            kind         core base        NS alias IRQ    instance  net view
    {"p0",             kind::gpio,  A, 0x50842500, true,  false, 0, 0x418C0500},
    {"p1",             kind::gpio,  A, 0x50842800, true,  false, 1, 0x418C0800},
    {"cache",          kind::cache, A, 0x50001000, false, false, 0},
    {"spu",            kind::spu,   A, 0x50003000, false, true,  0},
    {"oscillators",    kind::oscillators, A, 0x50004000, true, false, 0},  // + REGULATORS
    {"clock",          kind::clock, A, 0x50005000, true,  true,  0},
    {"ctrlap",         kind::ctrlap, A, 0x50006000, true, false, 0},
    {"uarte0",         kind::uarte, A, 0x50008000, true,  true,  0},
    {"uarte1",         kind::uarte, A, 0x50009000, true,  true,  1},
    {"uarte2",         kind::uarte, A, 0x5000B000, true,  true,  2},
    {"uarte3",         kind::uarte, A, 0x5000C000, true,  true,  3},
    {"gpiote0",        kind::gpiote, A, 0x5000D000, false, true, 0},
    {"timer0",         kind::timer, A, 0x5000F000, true,  true,  nrf::timer::app_cc_count},
    {"timer1",         kind::timer, A, 0x50010000, true,  true,  nrf::timer::app_cc_count},
    {"timer2",         kind::timer, A, 0x50011000, true,  true,  nrf::timer::app_cc_count},
    {"rtc0",           kind::rtc,   A, 0x50014000, true,  true,  0},
    {"rtc1",           kind::rtc,   A, 0x50015000, true,  true,  1},
    {"dppic",          kind::dppic, A, 0x50017000, true,  false, 0},
    {"wdt0",           kind::wdt,   A, 0x50018000, true,  true,  0},
    {"wdt1",           kind::wdt,   A, 0x50019000, true,  true,  1},
    {"egu0",           kind::egu,   A, 0x5001B000, true,  true,  0},
    {"egu1",           kind::egu,   A, 0x5001C000, true,  true,  1},
    {"egu2",           kind::egu,   A, 0x5001D000, true,  true,  2},
    {"egu3",           kind::egu,   A, 0x5001E000, true,  true,  3},
    {"egu4",           kind::egu,   A, 0x5001F000, true,  true,  4},
    {"egu5",           kind::egu,   A, 0x50020000, true,  true,  5},
    {"pdm0",           kind::sink,  A, 0x50026000, true,  false, 0},  // nrfx clock divider pokes it
    {"ipc",            kind::ipc,   A, 0x5002A000, true,  true,  0},
    {"qspi",           kind::qspi,  A, 0x5002B000, true,  true,  0},
    {"gpiote1",        kind::gpiote, A, 0x4002F000, false, true, 1},
    {"mutex",          kind::mutex, A, 0x50030000, true,  false, 0, 0x50030000},
    {"errata_32",      kind::errata, A, 0x50032000, false, false, 0},  // SystemInit errata 46/140
    {"nvmc",           kind::nvmc,  A, 0x50039000, true,  false, 0},  // IRQ 57 is the KMU's
    {"vmc",            kind::vmc,   A, 0x50081000, true,  false, 0},
    {"cryptocell",     kind::cryptocell, A, 0x50844000, false, false, 0},  // + CC312 at 0x50845000; IRQ not driven
    {"errata_2",       kind::errata, N, 0x41002000, false, false, 0},  // net SystemInit errata 160
    {"vreqctrl",       kind::oscillators, N, 0x41004000, false, false, 0},
    {"clock",          kind::clock, N, 0x41005000, false, true,  0},
    {"ctrlap",         kind::ctrlap, N, 0x41006000, false, false, 0},
    {"gpiote",         kind::gpiote, N, 0x4100A000, false, true, 0},
    {"wdt",            kind::wdt,   N, 0x4100B000, false, true,  0},
    {"timer0",         kind::timer, N, 0x4100C000, false, true,  nrf::timer::net_cc_count},
    {"dppic",          kind::dppic, N, 0x4100F000, false, false, 0},
    {"rtc0",           kind::rtc,   N, 0x41011000, false, true,  0},
    {"ipc",            kind::ipc,   N, 0x41012000, false, true,  0},
    {"uarte0",         kind::uarte, N, 0x41013000, false, true,  0},
    {"egu0",           kind::egu,   N, 0x41014000, false, true,  0},
    {"rtc1",           kind::rtc,   N, 0x41016000, false, true,  1},
    {"timer1",         kind::timer, N, 0x41018000, false, true,  nrf::timer::net_cc_count},
    {"timer2",         kind::timer, N, 0x41019000, false, true,  nrf::timer::net_cc_count},
    {"nvmc",           kind::nvmc,  N, 0x41080000, false, false, 0},
    {"vmc",            kind::vmc,   N, 0x41081000, false, false, 0},
    {"errata_203",     kind::errata, N, 0x41203000, false, false, 0},  // RTC pretick init
};

constexpr std::uint32_t block_size = 0x1000;
constexpr std::uint32_t gpio_port_size = 0x300;  // a port's registers end at PIN_CNF[31]

std::uint32_t size_of(kind k) {
    if (k == kind::cryptocell) return nrf::cryptocell::size;
    return k == kind::gpio ? gpio_port_size : block_size;
}

// Application peripheral IDs, for SPU PERIPHID[id].PERM.PRESENT (the
// undocumented errata pages and the sinks are no peripherals of the PS).
std::vector<unsigned> app_peripheral_ids() {
    std::set<unsigned> ids;
    for (const peripheral_row& row : peripheral_table)
        if (row.domain == domain_of::app && row.type != kind::sink && row.type != kind::errata)
            ids.insert((row.base >> 12) & 0xFF);
    return {ids.begin(), ids.end()};
}
constexpr std::uint32_t ns_offset = 0x10000000;

// Every byte each core can address, by what backs it. Peripheral windows
// are whole ranges handed to the router: a hole in them is a bus fault.
const std::vector<memory_region> g_memory_map = {
    {"flash",       core_id::app, region_kind::flash,       0x00000000, 0x00100000},
    {"ficr",        core_id::app, region_kind::ficr,        0x00FF0000, nrf::ficr::size},
    {"uicr",        core_id::app, region_kind::uicr,        0x00FF8000, nrf::uicr_size},
    {"qspi_xip",    core_id::app, region_kind::xip,         0x10000000, 0x08000000},
    {"ram",         core_id::app, region_kind::ram,         0x20000000, 0x00080000},
    {"apb_ns",      core_id::app, region_kind::peripherals, 0x40000000, 0x00200000},
    {"apb_s",       core_id::app, region_kind::peripherals, 0x50000000, 0x00200000},
    {"ahb_ns",      core_id::app, region_kind::peripherals, 0x40840000, 0x00005000},
    {"ahb_s",       core_id::app, region_kind::peripherals, 0x50840000, 0x00007000},  // to the CC312's end
    {"flash",       core_id::net, region_kind::flash,       0x01000000, 0x00040000},
    {"ficr",        core_id::net, region_kind::ficr,        0x01FF0000, nrf::ficr::size},
    {"uicr",        core_id::net, region_kind::uicr,        0x01FF8000, nrf::uicr_size},
    {"app_ram",     core_id::net, region_kind::ram,         0x20000000, 0x00080000},
    {"ram",         core_id::net, region_kind::ram,         0x21000000, 0x00010000},
    {"app_apb_ns",  core_id::net, region_kind::peripherals, 0x40000000, 0x00200000},
    {"net_apb",     core_id::net, region_kind::peripherals, 0x41000000, 0x00300000},
    {"net_ahb",     core_id::net, region_kind::peripherals, 0x418C0000, 0x00001000},
    {"app_apb_s",   core_id::net, region_kind::peripherals, 0x50000000, 0x00200000},
};

std::string hex(std::uint32_t v) {
    std::ostringstream s;
    s << "0x" << std::hex << std::uppercase << std::setw(8) << std::setfill('0') << v;
    return s.str();
}

// A RAM-backed stand-in for an unmodelled block (see kind::sink).
class register_sink : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<register_sink> socket;

    explicit register_sink(sc_core::sc_module_name name)
        : sc_module(name), socket("socket"), m_bytes(block_size, 0) {
        socket.register_b_transport(this, &register_sink::b_transport);
        socket.register_transport_dbg(this, &register_sink::transport_dbg);
    }
    void reset() { std::fill(m_bytes.begin(), m_bytes.end(), 0); }

private:
    void b_transport(tlm::tlm_generic_payload& trans, sc_time&) {
        const std::uint32_t offset = static_cast<std::uint32_t>(trans.get_address());
        if (m_logged.insert(offset).second) {
            models::log::info(std::string(name()) + ": unmodelled " +
                              (trans.is_write() ? "write" : "read") + " at offset " + hex(offset) +
                              " (kept as RAM)");
        }
        transport_dbg(trans);
        trans.set_response_status(tlm::TLM_OK_RESPONSE);
    }
    unsigned transport_dbg(tlm::tlm_generic_payload& trans) {
        const std::uint64_t offset = trans.get_address();
        const unsigned size = trans.get_data_length();
        if (offset + size > m_bytes.size()) return 0;
        if (trans.is_write()) std::memcpy(&m_bytes[offset], trans.get_data_ptr(), size);
        else std::memcpy(trans.get_data_ptr(), &m_bytes[offset], size);
        return size;
    }

    std::vector<std::uint8_t> m_bytes;
    std::set<std::uint32_t> m_logged;
};

// EasyDMA over the RAM a core's peripherals can reach.
class ram_dma : public models::dma_port {
public:
    void add(std::uint32_t base, models::memory& memory) { m_windows.push_back({base, &memory}); }

    bool dma_read(std::uint32_t address, void* data, std::size_t size) override {
        std::uint8_t* p = find(address, size);
        if (p) std::memcpy(data, p, size);
        return p != nullptr;
    }
    bool dma_write(std::uint32_t address, const void* data, std::size_t size) override {
        std::uint8_t* p = find(address, size);
        if (p) std::memcpy(p, data, size);
        return p != nullptr;
    }

private:
    struct window { std::uint32_t base; models::memory* memory; };
    std::uint8_t* find(std::uint32_t address, std::size_t size) {
        for (const window& w : m_windows) {
            const std::uint64_t offset = address - std::uint64_t{w.base};
            if (address >= w.base && offset + size <= w.memory->size()) return w.memory->data() + offset;
        }
        return nullptr;
    }
    std::vector<window> m_windows;
};

armv8m::core_config core_settings(core_id which) {
    armv8m::core_config c;
    c.clock_hz = 64'000'000;  // app: HFCLKCTRL at reset (Div2); net: fixed
    // A core computing alone runs up to 1 ms ahead in one slice; a run of
    // the simulator (run_for) ends at its window's end all the same.
    c.run_ahead = sc_core::sc_time(1, sc_core::SC_MS);
    if (which == core_id::app) {
        c.features = {69, 3, 8, true, true, true};
        c.bus_master_id = 0;
        c.reset_vtor = 0x00000000;
    } else {
        c.features = {30, 3, 8, false, false, false};
        c.bus_master_id = 1;
        c.reset_vtor = 0x01000000;
    }
    return c;
}

}  // namespace

const std::vector<memory_region>& memory_map() { return g_memory_map; }

namespace {
// One past the last loadable byte of a region: the XIP window is larger than
// the flash behind it.
std::uint64_t loadable_end(const memory_region& r) {
    return std::uint64_t{r.base} + (r.kind == region_kind::xip ? nrf::mx25r6435f::flash_size : r.size);
}
}  // namespace

const memory_region* loadable_region(core_id which, std::uint32_t address) {
    for (const memory_region& r : g_memory_map) {
        if (r.core != which || address - r.base >= r.size) continue;
        const bool loadable = r.kind == region_kind::flash || r.kind == region_kind::uicr ||
                              r.kind == region_kind::ram || r.kind == region_kind::xip;
        return loadable && address < loadable_end(r) ? &r : nullptr;
    }
    return nullptr;
}

void check_loadable(core_id which, const loaded_image& image) {
    for (const memory_range& range : image.contents.ranges()) {
        std::uint64_t address = range.address;
        while (address < range.end()) {
            const memory_region* r = loadable_region(which, std::uint32_t(address));
            if (!r)
                throw input_error(image.path, 0, 0, "byte at " + hex(std::uint32_t(address)) +
                                                        " is outside every loadable region of the " +
                                                        to_string(which) + " core (flash, UICR, RAM, QSPI flash)");
            address = loadable_end(*r);
        }
    }
}

// ------------------------------------------------------------- console

void console::put(std::uint8_t byte) {
    if (m_text.size() >= m_limit) {
        ++m_dropped;
        return;
    }
    m_text.push_back(static_cast<char>(byte));
    if (on_byte) on_byte(byte);
}

void console::end_line_at_reset() {
    if (m_text.empty() || m_text.back() == '\n') return;
    for (const char* c = reset_marker; *c != '\0'; ++c) put(static_cast<std::uint8_t>(*c));
    put('\n');
}

// ------------------------------------------------------------- one core's domain

struct soc::core_domain {
    core_id id;
    std::string prefix;  // "app" / "net"
    std::unique_ptr<models::nor_flash> flash, uicr;
    std::unique_ptr<models::memory> own_ram;  // net: its 64 KB
    models::memory* ram = nullptr;            // the RAM at its own RAM address
    std::unique_ptr<nrf::ficr> ficr;
    std::unique_ptr<models::router> router;
    std::unique_ptr<armv8m::cortex_m33> cpu;
    std::unique_ptr<models::dppi_bus> dppi;
    ram_dma dma;
    ram_dma ahb_dma;  // RAM and flash: what the CryptoCell's AHB master reads
    std::vector<std::unique_ptr<models::peripheral>> peripherals;
    std::vector<std::unique_ptr<register_sink>> sinks;
    nrf::clock* clock = nullptr;
    nrf::nvmc* nvmc = nullptr;
    models::line_cache* flash_cache = nullptr;  // app: CACHE; net: the NVMC I-code cache
    std::vector<nrf::uarte*> uarts;
    std::vector<std::unique_ptr<console>> consoles;
};

soc::soc(sc_core::sc_module_name name, const soc_config& config)
    : sc_module(name), m_app(std::make_unique<core_domain>()), m_net(std::make_unique<core_domain>()),
      m_ram_fill(config.ram_fill), m_entropy_seed(config.entropy_seed), m_reset_on_lockup(config.reset_on_lockup) {
    m_app->id = core_id::app;
    m_app->prefix = "app";
    m_net->id = core_id::net;
    m_net->prefix = "net";
    build_memories(config);
    build_cores();
    build_peripherals();
    map_regions(*m_app);
    map_regions(*m_net);
    m_protection->attach(*m_spu, *m_net->nvmc);
    wire_flash_invalidation();
    wire_resets();
    for (core_domain* d : {m_app.get(), m_net.get()}) {
        for (unsigned i = 0; i < d->uarts.size(); ++i)
            d->consoles.push_back(std::make_unique<console>(config.console_limit));
        for (unsigned i = 0; i < d->uarts.size(); ++i) {
            console* c = d->consoles[i].get();
            d->uarts[i]->set_tx_sink([c](std::uint8_t byte) { c->put(byte); });
        }
    }
    m_net->cpu->set_hold_in_reset(m_app->clock->network_held());
    SC_METHOD(reset_after_lockup);
    sensitive << m_lockup_reset;
    dont_initialize();
}

soc::~soc() = default;

soc::core_domain& soc::domain(core_id which) { return which == core_id::app ? *m_app : *m_net; }

void soc::build_memories(const soc_config& config) {
    m_app->flash = std::make_unique<models::nor_flash>("app_flash", 0x100000, 4096, 4, 2);
    m_net->flash = std::make_unique<models::nor_flash>("net_flash", 0x40000, 2048, 4, 2);
    m_app->uicr = nrf::make_uicr("app_uicr");
    m_net->uicr = nrf::make_uicr("net_uicr");
    m_app->own_ram = std::make_unique<models::memory>("app_ram", 0x80000, config.ram_fill);
    m_net->own_ram = std::make_unique<models::memory>("net_ram", 0x10000, config.ram_fill);
    m_app->ram = m_app->own_ram.get();
    m_net->ram = m_net->own_ram.get();
    m_external_flash = std::make_unique<nrf::mx25r6435f>("mx25r6435f");
    m_app->dma.add(0x20000000, *m_app->ram);
    m_app->ahb_dma.add(0x20000000, *m_app->ram);
    m_app->ahb_dma.add(0x00000000, m_app->flash->storage());
    m_net->dma.add(0x21000000, *m_net->ram);
    m_net->dma.add(0x20000000, *m_app->ram);
}

void soc::build_cores() {
    for (core_domain* d : {m_app.get(), m_net.get()}) {
        d->ficr = std::make_unique<nrf::ficr>((d->prefix + "_ficr").c_str(),
                                              d->id == core_id::app ? nrf::ficr::core::application
                                                                    : nrf::ficr::core::network);
        d->router = std::make_unique<models::router>((d->prefix + "_bus").c_str());
        d->cpu = std::make_unique<armv8m::cortex_m33>((d->prefix + "_core").c_str(), core_settings(d->id));
        d->cpu->bus.bind(d->router->in);
        d->dppi = std::make_unique<models::dppi_bus>((d->prefix + "_dppi").c_str());
        d->cpu->on_fault = [this](const armv8m::fault_report& r) { report_fault(r); };
        d->cpu->on_lockup = [this, which = d->id](const armv8m::fault_report& r) { lockup(which, r); };
    }
    m_protection = std::make_unique<protection>(*m_app->cpu, *m_net->cpu);
}

void soc::build_peripherals() {
    for (const peripheral_row& row : peripheral_table) {
        core_domain& d = row.domain == domain_of::net ? *m_net : *m_app;
        const std::string name = d.prefix + "_" + row.name;

        if (row.type == kind::sink) {
            std::vector<std::uint32_t> bases{row.base};
            if (row.ns_alias) bases.push_back(row.base - ns_offset);
            d.sinks.push_back(std::make_unique<register_sink>(name.c_str()));
            for (std::uint32_t base : bases)
                d.router->map(base, block_size, d.sinks.back()->socket, name);
            continue;
        }

        std::unique_ptr<models::peripheral> p;
        switch (row.type) {
        case kind::clock: {
            auto c = std::make_unique<nrf::clock>(name.c_str(), d.id == core_id::app
                                                                    ? nrf::clock::variant::app
                                                                    : nrf::clock::variant::net);
            d.clock = c.get();
            p = std::move(c);
            break;
        }
        case kind::uarte: {
            auto u = std::make_unique<nrf::uarte>(name.c_str(), d.dma);
            d.uarts.push_back(u.get());
            p = std::move(u);
            break;
        }
        case kind::timer: p = std::make_unique<nrf::timer>(name.c_str(), row.instance); break;
        case kind::rtc: p = std::make_unique<nrf::rtc>(name.c_str()); break;
        case kind::dppic: p = std::make_unique<nrf::dppic>(name.c_str(), *d.dppi); break;
        case kind::wdt: {
            auto w = std::make_unique<nrf::wdt>(name.c_str());
            const std::uint32_t reason = d.id == core_id::net ? nrf::resetreas::LDOG
                                         : row.instance == 0  ? nrf::resetreas::DOG0
                                                              : nrf::resetreas::DOG1;
            w->on_timeout = [this, net = d.id == core_id::net, reason] {
                if (net) network_reset(reason);
                else system_reset_with(reason);
            };
            p = std::move(w);
            break;
        }
        case kind::egu: p = std::make_unique<nrf::egu>(name.c_str()); break;
        case kind::ipc: p = std::make_unique<nrf::ipc>(name.c_str(), m_ipc_backbone); break;
        case kind::qspi: {
            auto q = std::make_unique<nrf::qspi>(name.c_str(), *m_external_flash, d.dma);
            d.router->map(0x10000000, 0x08000000, q->xip, name + "_xip");
            p = std::move(q);
            break;
        }
        case kind::mutex: p = std::make_unique<nrf::mutex>(name.c_str()); break;
        case kind::nvmc: {
            auto n = std::make_unique<nrf::nvmc>(name.c_str(),
                                                 d.id == core_id::app ? nrf::nvmc::application()
                                                                      : nrf::nvmc::network_core(),
                                                 *d.flash, *d.uicr);
            d.nvmc = n.get();
            if (d.id == core_id::net) d.flash_cache = &n->icache();
            p = std::move(n);
            break;
        }
        case kind::spu: p = std::make_unique<nrf::spu>(name.c_str(), app_peripheral_ids()); break;
        case kind::gpio: {
            auto g = std::make_unique<nrf::gpio>(name.c_str(), row.instance == 0 ? 32 : 16);
            m_gpio_ports.push_back(g.get());
            p = std::move(g);
            break;
        }
        case kind::gpiote: p = std::make_unique<nrf::gpiote>(name.c_str(), m_gpio_ports); break;
        case kind::cryptocell:
            p = std::make_unique<nrf::cryptocell>(name.c_str(), d.ahb_dma, m_entropy_seed);
            break;
        case kind::cache: {
            auto c = std::make_unique<nrf::cache>(name.c_str());
            d.flash_cache = &c->tags();
            p = std::move(c);
            break;
        }
        case kind::oscillators:
            p = std::make_unique<nrf::oscillators>(name.c_str(), d.id == core_id::app
                                                                     ? nrf::oscillators::variant::app
                                                                     : nrf::oscillators::variant::net);
            break;
        case kind::ctrlap:
            p = std::make_unique<nrf::ctrlap>(name.c_str(), d.id == core_id::app ? nrf::ctrlap::variant::app
                                                                                 : nrf::ctrlap::variant::net);
            break;
        case kind::vmc:  // app 8 blocks x 16 sections, net 4 x 4 (peripherals/vmc.h)
            p = d.id == core_id::app ? std::make_unique<nrf::vmc>(name.c_str(), 8, 16)
                                     : std::make_unique<nrf::vmc>(name.c_str(), 4, 4);
            break;
        case kind::errata: {
            using page = nrf::errata_page::page;
            const page which = row.base == 0x50032000 ? page::app_50032000
                               : row.base == 0x41002000 ? page::net_41002000
                                                        : page::net_41203000;
            p = std::make_unique<nrf::errata_page>(name.c_str(), which);
            break;
        }
        case kind::sink: break;
        }

        p->connect_dppi(*d.dppi);
        if (row.has_irq) p->irq.connect(*d.cpu, (row.base >> 12) & 0xFF);
        if (row.type == kind::spu) m_spu = static_cast<nrf::spu*>(p.get());
        map_peripheral(row, *p, name);
        d.peripherals.push_back(std::move(p));
    }
}

// Application peripherals sit behind the SPU's PERIPHID check; the
// network core's own ones are outside the SPU.
void soc::map_peripheral(const peripheral_row& row, models::peripheral& p, const std::string& name) {
    const std::uint32_t size = size_of(row.type);
    if (row.domain == domain_of::net) {
        m_net->router->map(row.base, size, p.socket, name);
        return;
    }
    std::vector<std::uint32_t> bases{row.base};
    if (row.ns_alias) bases.push_back(row.base - ns_offset);
    for (std::uint32_t base : bases) m_app->router->map(base, size, m_protection->gate(p.socket, base, false), name);
    if (row.net_view == 0) return;
    if (row.net_view < 0x50000000) {  // the net core's own window (GPIO): MCUSEL rules it
        m_net->router->map(row.net_view, size, m_protection->direct(p.socket), name);
        return;
    }
    std::vector<std::uint32_t> net_bases{row.net_view};
    if (row.ns_alias) net_bases.push_back(row.net_view - ns_offset);
    for (std::uint32_t base : net_bases)
        m_net->router->map(base, size, m_protection->gate(p.socket, base, true), name);
}

void soc::map_regions(core_domain& d) {
    for (const memory_region& r : g_memory_map) {
        if (r.core != d.id) continue;
        switch (r.kind) {
        case region_kind::flash:
            d.cpu->map_rom(r.base, d.flash->storage());
            set_flash_timing(d);
            d.router->map(r.base, r.size, d.nvmc->flash_port, d.prefix + "_flash");
            break;
        case region_kind::uicr:
            d.cpu->map_rom(r.base, d.uicr->storage());
            d.router->map(r.base, r.size, d.nvmc->uicr_port, d.prefix + "_uicr");
            break;
        case region_kind::ficr:
            d.cpu->map_io(r.base, r.size);
            d.router->map(r.base, r.size, d.ficr->socket, d.prefix + "_ficr");
            break;
        case region_kind::ram:
            d.cpu->map_ram(r.base, r.base == 0x20000000 ? *m_app->ram : *d.ram);
            break;
        case region_kind::xip:
        case region_kind::peripherals:
            d.cpu->map_io(r.base, r.size);
            break;
        case region_kind::sink:
            break;
        }
    }
}

void soc::set_flash_timing(core_domain& d) {
    for (const memory_region& r : g_memory_map)
        if (r.core == d.id && r.kind == region_kind::flash)
            d.cpu->set_fetch_timing(r.base, flash_fetch_timing(d.cpu->clock_hz(), *d.flash_cache));
}

void soc::wire_flash_invalidation() {
    // Either core may hold translated code of any flash it can fetch from;
    // dropping it on both is cheap and never wrong.
    auto invalidate_both = [this](std::uint32_t base) {
        return [this, base](std::uint32_t address, std::uint32_t size) {
            m_app->cpu->invalidate_code(base + address, size);
            m_net->cpu->invalidate_code(base + address, size);
        };
    };
    m_app->flash->set_on_changed(invalidate_both(0x00000000));
    m_net->flash->set_on_changed(invalidate_both(0x01000000));
    m_app->uicr->set_on_changed(invalidate_both(0x00FF8000));
    m_net->uicr->set_on_changed(invalidate_both(0x01FF8000));
    for (models::nor_flash* f : {m_app->flash.get(), m_net->flash.get(), m_app->uicr.get(), m_net->uicr.get()})
        f->set_on_warning([](const std::string& w) { models::log::warning(w); });
}

void soc::wire_resets() {
    m_app->clock->on_hclk_change = [this](std::uint64_t hz) {
        m_app->cpu->set_clock(hz);
        set_flash_timing(*m_app);
    };
    m_app->clock->on_network_forceoff = [this](bool hold) {
        if (hold && !m_resetting) network_reset(nrf::resetreas::MFORCEOFF);
        m_net->cpu->set_hold_in_reset(hold);
        if (!hold && on_network_release) on_network_release();
    };
    m_app->cpu->on_system_reset_request = [this] { system_reset_with(nrf::resetreas::SREQ); };
    m_net->cpu->on_system_reset_request = [this] { network_reset(nrf::resetreas::LSREQ); };
    // SEV on either core is an event for the other (Armv8-M: "all PEs").
    m_app->cpu->on_sev = [this] { m_net->cpu->signal_event(m_app->cpu->local_time()); };
    m_net->cpu->on_sev = [this] { m_app->cpu->signal_event(m_net->cpu->local_time()); };
}

// ------------------------------------------------------------- resets (docs/resets.md)

void soc::reset(reset_kind kind) {
    if (kind == reset_kind::power) {
        m_app->ram->fill(m_ram_fill);
        m_net->ram->fill(m_ram_fill);
        m_external_flash->power_on();  // the DK powers it from the same supply
        reset_domains(0, true);
    } else {
        system_reset_with(kind == reset_kind::pin ? nrf::resetreas::RESETPIN : nrf::resetreas::SREQ);
    }
}

void soc::system_reset_with(std::uint32_t reasons) { reset_domains(reasons, false); }

void soc::reset_domains(std::uint32_t reasons, bool power_on) {
    cancel_lockup_resets(nrf::resetreas::LOCKUP | nrf::resetreas::LLOCKUP);
    m_resetting = true;
    for (core_domain* d : {m_app.get(), m_net.get()}) {
        for (auto& c : d->consoles) c->end_line_at_reset();
        reset_peripherals(*d, reasons);
        if (power_on) d->clock->reset();
        else d->clock->reset_with_reason(reasons);
    }
    m_resetting = false;
    m_app->cpu->request_reset();
    m_net->cpu->set_hold_in_reset(m_app->clock->network_held());
    m_net->cpu->request_reset();
}

void soc::network_reset(std::uint32_t reasons) {
    cancel_lockup_resets(nrf::resetreas::LLOCKUP);
    for (auto& c : m_net->consoles) c->end_line_at_reset();
    reset_peripherals(*m_net, reasons);
    m_net->clock->reset_with_reason(reasons);
    m_net->cpu->request_reset();
}

// A soft reset (SYSRESETREQ) or a lockup leaves the watchdogs running: a
// bootloader entered that way must feed the watchdog the application
// started, or the watchdog resets it (docs/resets.md).
void soc::reset_peripherals(core_domain& d, std::uint32_t reasons) {
    using namespace nrf::resetreas;
    const bool soft = (reasons & (SREQ | LOCKUP | LSREQ | LLOCKUP)) != 0;
    for (auto& p : d.peripherals) {
        const bool kept = p.get() == d.clock || (soft && dynamic_cast<nrf::wdt*>(p.get()) != nullptr);
        if (!kept) p->reset();
    }
    for (auto& s : d.sinks) s->reset();
}

// ------------------------------------------------------------- faults

namespace {
const char* exception_name(unsigned exception) {
    switch (exception) {
    case 2: return "NMI";
    case 3: return "HardFault";
    case 4: return "MemManage";
    case 5: return "BusFault";
    case 6: return "UsageFault";
    case 7: return "SecureFault";
    default: return "exception";
    }
}

std::string describe_registers(const armv8m::fault_report& r) {
    return ", fault address " + hex(r.address) + ", CFSR " + hex(r.cfsr) + ", HFSR " + hex(r.hfsr);
}
}  // namespace

void soc::report_fault(const armv8m::fault_report& r) {
    models::log::info(r.core + ": " + exception_name(r.exception) + " at pc " + hex(r.pc) + describe_registers(r));
    if (on_fault) on_fault(r);
}

void soc::lockup(core_id which, const armv8m::fault_report& r) {
    const std::string what = r.core + ": lockup at pc " + hex(r.pc) + " (" + r.reason + ")" + describe_registers(r);
    if (!m_reset_on_lockup) {
        models::log::error(what);
    } else if (which == core_id::app) {
        models::log::warning(what + "; the chip resets (RESETREAS.LOCKUP)");
        m_lockup_reasons |= nrf::resetreas::LOCKUP;
        m_lockup_reset.notify(lockup_reset_delay());
    } else {
        models::log::warning(what + "; the network domain resets (RESETREAS.LLOCKUP)");
        m_lockup_reasons |= nrf::resetreas::LLOCKUP;
        m_lockup_reset.notify(lockup_reset_delay());
    }
    if (on_lockup) on_lockup(r);
}

// A reset that comes first makes a pending lockup reset moot.
void soc::cancel_lockup_resets(std::uint32_t reasons) {
    m_lockup_reasons &= ~reasons;
    if (m_lockup_reasons == 0) m_lockup_reset.cancel();
}

// The chip's reset covers a network-domain reset pending with it.
void soc::reset_after_lockup() {
    const std::uint32_t reasons = std::exchange(m_lockup_reasons, 0);
    if (reasons & nrf::resetreas::LOCKUP) system_reset_with(nrf::resetreas::LOCKUP);
    else network_reset(nrf::resetreas::LLOCKUP);
}

// ------------------------------------------------------------- access

armv8m::cortex_m33& soc::core(core_id which) { return *domain(which).cpu; }
models::router& soc::bus(core_id which) { return *domain(which).router; }
nrf::clock& soc::clock(core_id which) { return *domain(which).clock; }
models::nor_flash& soc::flash(core_id which) { return *domain(which).flash; }
models::nor_flash& soc::uicr(core_id which) { return *domain(which).uicr; }
models::memory& soc::ram(core_id which) { return *domain(which).ram; }
models::nor_flash& soc::external_flash() { return m_external_flash->array(); }

nrf::uarte& soc::uart(core_id which, unsigned uart) {
    core_domain& d = domain(which);
    if (uart >= d.uarts.size()) throw std::out_of_range(d.prefix + " has no UARTE" + std::to_string(uart));
    return *d.uarts[uart];
}

console& soc::uart_console(core_id which, unsigned uart) {
    core_domain& d = domain(which);
    if (uart >= d.consoles.size()) throw std::out_of_range(d.prefix + " has no UARTE" + std::to_string(uart));
    return *d.consoles[uart];
}

template <typename Copy>
std::size_t soc::copy_loadable(core_id which, std::uint32_t address, std::size_t size, Copy copy) {
    std::size_t done = 0;
    while (done < size) {
        std::uint32_t offset = 0;
        models::memory* memory = loadable(which, address + std::uint32_t(done), offset);
        if (!memory) break;
        const std::size_t n = std::min<std::size_t>(size - done, memory->size() - offset);
        copy(memory->data() + offset, done, n);
        done += n;
    }
    return done;
}

std::size_t soc::program(core_id which, std::uint32_t address, const std::uint8_t* data, std::size_t size) {
    return copy_loadable(which, address, size, [&](std::uint8_t* memory, std::size_t done, std::size_t n) {
        std::memcpy(memory, data + done, n);
    });
}

std::size_t soc::peek(core_id which, std::uint32_t address, std::uint8_t* out, std::size_t size) {
    return copy_loadable(which, address, size, [&](std::uint8_t* memory, std::size_t done, std::size_t n) {
        std::memcpy(out + done, memory, n);
    });
}

models::memory* soc::loadable(core_id which, std::uint32_t address, std::uint32_t& offset) {
    const memory_region* r = loadable_region(which, address);
    if (!r) return nullptr;
    offset = address - r->base;
    core_domain& d = domain(which);
    switch (r->kind) {
    case region_kind::flash: return &d.flash->storage();
    case region_kind::uicr: return &d.uicr->storage();
    case region_kind::ram: return r->base == 0x20000000 ? m_app->ram : d.ram;
    case region_kind::xip: return &m_external_flash->array().storage();
    default: return nullptr;
    }
}

bool soc::debug_read(core_id which, std::uint32_t address, void* data, unsigned size) {
    return domain(which).cpu->debug_read(address, data, size);
}

bool soc::debug_write(core_id which, std::uint32_t address, const void* data, unsigned size) {
    std::uint32_t offset = 0;
    if (loadable(which, address, offset)) return domain(which).cpu->debug_write(address, data, size);
    // A register: a real bus write, as a debugger's AHB-AP makes, so tasks fire.
    tlm::tlm_generic_payload trans;
    models::bus_master master;
    master.core = which == core_id::app ? 0 : 1;
    trans.set_extension(&master);
    trans.set_command(tlm::TLM_WRITE_COMMAND);
    trans.set_address(address);
    trans.set_data_ptr(static_cast<unsigned char*>(const_cast<void*>(data)));
    trans.set_data_length(size);
    trans.set_streaming_width(size);
    trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_time delay = sc_core::SC_ZERO_TIME;
    auto& bus_entry = static_cast<sc_core::sc_export<tlm::tlm_fw_transport_if<>>&>(domain(which).router->in);
    bus_entry->b_transport(trans, delay);
    trans.clear_extension(&master);
    return trans.is_response_ok();
}

}  // namespace sim
