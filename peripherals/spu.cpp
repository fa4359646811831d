#include "peripherals/spu.h"

#include <utility>

namespace nrf {
namespace {

constexpr std::uint32_t EVENTS_RAMACCERR = 0x100, EVENTS_FLASHACCERR = 0x104, EVENTS_PERIPHACCERR = 0x108;

// FLASHREGION / RAMREGION / PERIPHID / EXTDOMAIN PERM fields.
constexpr std::uint32_t perm_execute = 1u << 0, perm_write = 1u << 1, perm_read = 1u << 2,
                        perm_secattr = 1u << 4, perm_dmasec = 1u << 5, perm_lock = 1u << 8,
                        perm_present = 1u << 31;
constexpr std::uint32_t securemapping_field = 0x3;
enum securemapping : std::uint32_t { non_secure = 0, secure = 1, user_selectable = 2, split = 3 };

constexpr std::uint32_t region_reset = 0x17;     // secure, read/write/execute
constexpr std::uint32_t periphid_reset = 0x12;   // user selectable, secure
constexpr std::uint32_t extdomain_reset = 0x2;   // user selectable, non-secure
constexpr std::uint32_t nsc_region_field = 0x3F, nsc_size_field = 0xF;

constexpr std::uint32_t flash_size = spu::region_count * spu::flash_region_size;  // 1 MB
constexpr std::uint32_t ram_size = spu::region_count * spu::ram_region_size;      // 512 KB

// Stores the writable bits of `value` unless the register's LOCK bit is set.
void write_lockable(std::uint32_t& reg, std::uint32_t value, std::uint32_t writable) {
    if (reg & perm_lock) return;
    reg = (reg & ~writable) | (value & writable);
}

// SIZE 1..8 means 32 << (SIZE - 1) bytes; 0 (and out-of-range values) disable the window.
std::uint32_t nsc_bytes(std::uint32_t size_field) {
    const std::uint32_t code = size_field & nsc_size_field;
    return (code >= 1 && code <= 8) ? 32u << (code - 1) : 0;
}

} // namespace

spu::spu(sc_core::sc_module_name name, std::vector<unsigned> present_ids)
    : peripheral(name), m_present_ids(std::move(present_ids)) {
    using R = models::regs<spu>;
    static constexpr R::row rows[] = {
        R::event("EVENTS_RAMACCERR", EVENTS_RAMACCERR),
        R::event("EVENTS_FLASHACCERR", EVENTS_FLASHACCERR),
        R::event("EVENTS_PERIPHACCERR", EVENTS_PERIPHACCERR),
        R::publish("PUBLISH_RAMACCERR", 0x180),
        R::publish("PUBLISH_FLASHACCERR", 0x184),
        R::publish("PUBLISH_PERIPHACCERR", 0x188),
        R::inten(0x300),
        R::inten_set(0x304),
        R::inten_clr(0x308),
        R::ro("CAP", 0x400).reset(1),
        R::rw("CPULOCK", 0x404).on_read(&spu::read_cpulock).on_write(&spu::write_cpulock),
        R::rw("EXTDOMAIN.PERM", 0x440).on_read(&spu::read_extdomain).on_write(&spu::write_extdomain),
        R::rw("DPPI.PERM", 0x480).on_read(&spu::read_dppi_perm).on_write(&spu::write_dppi_perm),
        R::rw("DPPI.LOCK", 0x484).on_read(&spu::read_dppi_lock).on_write(&spu::write_dppi_lock),
        R::rw("GPIOPORT.PERM", 0x4C0).array(2, 8).on_read(&spu::read_gpioport_perm)
            .on_write(&spu::write_gpioport_perm),
        R::rw("GPIOPORT.LOCK", 0x4C4).array(2, 8).on_read(&spu::read_gpioport_lock)
            .on_write(&spu::write_gpioport_lock),
        R::rw("FLASHNSC.REGION", 0x500).array(2, 8).on_read(&spu::read_flashnsc_region)
            .on_write(&spu::write_flashnsc_region),
        R::rw("FLASHNSC.SIZE", 0x504).array(2, 8).on_read(&spu::read_flashnsc_size)
            .on_write(&spu::write_flashnsc_size),
        R::rw("RAMNSC.REGION", 0x540).array(2, 8).on_read(&spu::read_ramnsc_region)
            .on_write(&spu::write_ramnsc_region),
        R::rw("RAMNSC.SIZE", 0x544).array(2, 8).on_read(&spu::read_ramnsc_size)
            .on_write(&spu::write_ramnsc_size),
        R::rw("FLASHREGION.PERM", 0x600).array(region_count).on_read(&spu::read_flashregion)
            .on_write(&spu::write_flashregion),
        R::rw("RAMREGION.PERM", 0x700).array(region_count).on_read(&spu::read_ramregion)
            .on_write(&spu::write_ramregion),
        R::rw("PERIPHID.PERM", 0x800).array(periph_id_count).on_read(&spu::read_periphid)
            .on_write(&spu::write_periphid),
    };
    declare_registers(*this, rows);
    reset();
}

void spu::reset() {
    peripheral::reset();
    m_cpulock = 0;
    m_extdomain = extdomain_reset;
    m_dppi_perm = 0xFFFFFFFF;
    m_dppi_lock = 0;
    m_gpio_perm.fill(0xFFFFFFFF);
    m_gpio_lock.fill(0);
    m_flash_nsc.fill({});
    m_ram_nsc.fill({});
    m_flash_perm.fill(region_reset);
    m_ram_perm.fill(region_reset);
    m_periph_perm.fill(periphid_reset);
    for (unsigned id : m_present_ids) {
        if (id < periph_id_count) m_periph_perm[id] |= perm_present;
    }
    memory_permissions_changed();
}

bool spu::allows_region(const std::array<std::uint32_t, region_count>& perms, std::uint32_t base,
                        std::uint32_t region_size, std::uint32_t address, unsigned size, bool write,
                        bool exec, bool secure) const {
    const std::uint64_t limit = std::uint64_t(region_size) * region_count;
    if (address < base || size == 0 || std::uint64_t(address - base) + size > limit) return false;
    const std::uint32_t needed = exec ? perm_execute : write ? perm_write : perm_read;
    const unsigned first = (address - base) / region_size;
    const unsigned last = (address - base + size - 1) / region_size;
    for (unsigned n = first; n <= last; ++n) {
        if (!(perms[n] & needed)) return false;
        if (!secure && (perms[n] & perm_secattr)) return false;
    }
    return true;
}

bool spu::allows_flash(std::uint32_t address, unsigned size, bool write, bool exec, bool secure) const {
    return allows_region(m_flash_perm, flash_base, flash_region_size, address, size, write, exec, secure);
}

bool spu::allows_ram(std::uint32_t address, unsigned size, bool write, bool exec, bool secure) const {
    return allows_region(m_ram_perm, ram_base, ram_region_size, address, size, write, exec, secure);
}

bool spu::peripheral_secure(unsigned id) const {
    if (id >= periph_id_count) return true;
    const std::uint32_t perm = m_periph_perm[id];
    switch (perm & securemapping_field) {
    case non_secure: return false;
    case secure: return true;
    default: return (perm & perm_secattr) != 0;
    }
}

bool spu::allows_peripheral(unsigned id, bool secure) const { return secure == peripheral_secure(id); }

bool spu::extdomain_secure() const { return (m_extdomain & perm_secattr) != 0; }

bool spu::dppi_channel_secure(unsigned channel) const { return channel < 32 && ((m_dppi_perm >> channel) & 1); }

bool spu::gpio_pin_secure(unsigned port, unsigned pin) const {
    return port < m_gpio_perm.size() && pin < 32 && ((m_gpio_perm[port] >> pin) & 1);
}

// An NSC window is the last nsc_bytes(SIZE) bytes of region REGION.
bool spu::nonsecure_callable(std::uint32_t address) const {
    auto inside = [address](const nsc& window, std::uint32_t base, std::uint32_t region_size) {
        const std::uint32_t bytes = nsc_bytes(window.size);
        if (bytes == 0) return false;
        const std::uint64_t end = base + std::uint64_t((window.region & nsc_region_field) + 1) * region_size;
        return address < end && address >= end - bytes;
    };
    for (const nsc& window : m_flash_nsc) {
        if (inside(window, flash_base, flash_region_size)) return true;
    }
    for (const nsc& window : m_ram_nsc) {
        if (inside(window, ram_base, ram_region_size)) return true;
    }
    return false;
}

void spu::record_violation(violation kind, const sc_core::sc_time& delay) {
    const std::uint32_t event = kind == violation::ram     ? EVENTS_RAMACCERR
                                : kind == violation::flash ? EVENTS_FLASHACCERR
                                                           : EVENTS_PERIPHACCERR;
    at_delay(delay, [&] { signal_event(event); });
}

void spu::write_extdomain(std::uint32_t value) {
    write_lockable(m_extdomain, value, perm_secattr | perm_lock);
    memory_permissions_changed();
}

void spu::write_dppi_perm(std::uint32_t value) {
    if (!m_dppi_lock) m_dppi_perm = value;
}

void spu::write_gpioport_perm(unsigned n, std::uint32_t value) {
    if (!m_gpio_lock[n]) m_gpio_perm[n] = value;
}

void spu::write_flashnsc_region(unsigned n, std::uint32_t value) {
    write_lockable(m_flash_nsc[n].region, value, nsc_region_field | perm_lock);
}
void spu::write_flashnsc_size(unsigned n, std::uint32_t value) {
    write_lockable(m_flash_nsc[n].size, value, nsc_size_field | perm_lock);
}
void spu::write_ramnsc_region(unsigned n, std::uint32_t value) {
    write_lockable(m_ram_nsc[n].region, value, nsc_region_field | perm_lock);
}
void spu::write_ramnsc_size(unsigned n, std::uint32_t value) {
    write_lockable(m_ram_nsc[n].size, value, nsc_size_field | perm_lock);
}

void spu::write_flashregion(unsigned n, std::uint32_t value) {
    write_lockable(m_flash_perm[n], value, perm_execute | perm_write | perm_read | perm_secattr | perm_lock);
    memory_permissions_changed();
}
void spu::write_ramregion(unsigned n, std::uint32_t value) {
    write_lockable(m_ram_perm[n], value, perm_execute | perm_write | perm_read | perm_secattr | perm_lock);
    memory_permissions_changed();
}

// SECUREMAPPING, DMA and PRESENT are read-only; SECATTR only matters for
// user-selectable and split peripherals, but is stored for all.
void spu::write_periphid(unsigned id, std::uint32_t value) {
    write_lockable(m_periph_perm[id], value, perm_secattr | perm_dmasec | perm_lock);
}

} // namespace nrf
