// nRF5340 SPU (system protection unit), application core only (secure
// 0x50003000, IRQ 3). PS: https://docs.nordicsemi.com/bundle/ps_nrf5340/page/spu.html
// Facts used: the nRF5340 Product Specification, SPU chapter
// (https://docs.nordicsemi.com/bundle/ps_nrf5340/page/spu.html); nrfx MDK nrf5340_application_bitfields.h (SPU);
// Zephyr soc/nordic/nrf53/Kconfig (16 KB flash and 8 KB RAM regions).
//
// The registers describe who may touch what; the SoC enforces them by
// asking the pure queries below on every relevant access, and reports a
// refused access with record_violation() (EVENTS_*ACCERR, IRQ, PUBLISH).
//   FLASHREGION[64].PERM: 16 KB regions of app flash from 0x00000000;
//   RAMREGION[64].PERM: 8 KB regions of app RAM from 0x20000000. Bits
//     EXECUTE 0, WRITE 1, READ 2, SECATTR 4, LOCK 8; reset 0x17 (secure RWX).
//     An access needs the R/W/X bit of every region it touches, and a
//     non-secure access also needs SECATTR = 0.
//   PERIPHID[256].PERM: SECUREMAPPING 1:0, DMA 3:2, SECATTR 4, DMASEC 5,
//     LOCK 8, PRESENT 31; reset 0x12 (user selectable, secure). An access
//     is allowed when its security matches the peripheral's.
//   EXTDOMAIN[0].PERM: SECATTR 4 is the security of the net core's
//     accesses into the app domain (reset 0x2: non-secure).
//   DPPI[0].PERM / GPIOPORT[2].PERM: bit n = channel / pin n is secure;
//     their LOCK register (bit 0) freezes PERM.
// A register whose LOCK bit is set ignores writes until reset(); CPULOCK
// bits, once written 1, stay 1 until reset().
//
// Not modeled: per-ID SECUREMAPPING and DMA capabilities (every ID reads
//   UserSelectable, no DMA), DMASEC, the effect of CPULOCK on the core
//   (only stored), NSC regions on the core's security attribution
//   (nonsecure_callable() answers the question, nobody asks it yet).
// Deviates from HW: none known beyond the above.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <vector>

#include "models/peripheral.h"

namespace nrf {

class spu : public models::peripheral {
public:
    static constexpr unsigned region_count = 64;
    static constexpr unsigned periph_id_count = 256;
    static constexpr std::uint32_t flash_base = 0x00000000, flash_region_size = 0x4000;
    static constexpr std::uint32_t ram_base = 0x20000000, ram_region_size = 0x2000;

    enum class violation { ram, flash, peripheral };

    // `present_ids`: the peripheral IDs whose PERIPHID.PERM.PRESENT reads 1.
    spu(sc_core::sc_module_name name, std::vector<unsigned> present_ids);
    void reset() override;

    // Whether an access of `size` bytes at absolute `address` is allowed.
    // Addresses outside app flash (1 MB) / app RAM (512 KB) are refused.
    bool allows_flash(std::uint32_t address, unsigned size, bool write, bool exec, bool secure) const;
    bool allows_ram(std::uint32_t address, unsigned size, bool write, bool exec, bool secure) const;
    // Whether an access with security `secure` may reach peripheral `id`
    // (bits 19:12 of its address).
    bool allows_peripheral(unsigned id, bool secure) const;
    bool peripheral_secure(unsigned id) const;
    // Security attribute of net-core accesses into the app domain.
    bool extdomain_secure() const;
    bool dppi_channel_secure(unsigned channel) const;
    bool gpio_pin_secure(unsigned port, unsigned pin) const;
    // Whether `address` (flash or RAM) lies in a FLASHNSC/RAMNSC window.
    bool nonsecure_callable(std::uint32_t address) const;

    // Raises the ACCERR event of `kind` (at sc_time_stamp() + delay).
    void record_violation(violation kind, const sc_core::sc_time& delay = sc_core::SC_ZERO_TIME);

    // Called after FLASHREGION, RAMREGION or EXTDOMAIN may have changed
    // (a write or reset()): the SoC re-applies them to the cores' memory maps.
    std::function<void()> on_memory_permissions_changed;

private:
    struct nsc {
        std::uint32_t region = 0, size = 0;
    };

    bool allows_region(const std::array<std::uint32_t, region_count>& perms, std::uint32_t base,
                       std::uint32_t region_size, std::uint32_t address, unsigned size, bool write,
                       bool exec, bool secure) const;

    void memory_permissions_changed() {
        if (on_memory_permissions_changed) on_memory_permissions_changed();
    }

    std::uint32_t read_cpulock() { return m_cpulock; }
    void write_cpulock(std::uint32_t value) { m_cpulock |= value & 0x1F; }
    std::uint32_t read_extdomain() { return m_extdomain; }
    void write_extdomain(std::uint32_t value);
    std::uint32_t read_dppi_perm() { return m_dppi_perm; }
    void write_dppi_perm(std::uint32_t value);
    std::uint32_t read_dppi_lock() { return m_dppi_lock; }
    void write_dppi_lock(std::uint32_t value) { m_dppi_lock |= value & 1; }
    std::uint32_t read_gpioport_perm(unsigned n) { return m_gpio_perm[n]; }
    void write_gpioport_perm(unsigned n, std::uint32_t value);
    std::uint32_t read_gpioport_lock(unsigned n) { return m_gpio_lock[n]; }
    void write_gpioport_lock(unsigned n, std::uint32_t value) { m_gpio_lock[n] |= value & 1; }
    std::uint32_t read_flashnsc_region(unsigned n) { return m_flash_nsc[n].region; }
    void write_flashnsc_region(unsigned n, std::uint32_t value);
    std::uint32_t read_flashnsc_size(unsigned n) { return m_flash_nsc[n].size; }
    void write_flashnsc_size(unsigned n, std::uint32_t value);
    std::uint32_t read_ramnsc_region(unsigned n) { return m_ram_nsc[n].region; }
    void write_ramnsc_region(unsigned n, std::uint32_t value);
    std::uint32_t read_ramnsc_size(unsigned n) { return m_ram_nsc[n].size; }
    void write_ramnsc_size(unsigned n, std::uint32_t value);
    std::uint32_t read_flashregion(unsigned n) { return m_flash_perm[n]; }
    void write_flashregion(unsigned n, std::uint32_t value);
    std::uint32_t read_ramregion(unsigned n) { return m_ram_perm[n]; }
    void write_ramregion(unsigned n, std::uint32_t value);
    std::uint32_t read_periphid(unsigned id) { return m_periph_perm[id]; }
    void write_periphid(unsigned id, std::uint32_t value);

    std::vector<unsigned> m_present_ids;
    std::uint32_t m_cpulock = 0;
    std::uint32_t m_extdomain = 0;
    std::uint32_t m_dppi_perm = 0, m_dppi_lock = 0;
    std::array<std::uint32_t, 2> m_gpio_perm{}, m_gpio_lock{};
    std::array<nsc, 2> m_flash_nsc{}, m_ram_nsc{};
    std::array<std::uint32_t, region_count> m_flash_perm{}, m_ram_perm{};
    std::array<std::uint32_t, periph_id_count> m_periph_perm{};
};

} // namespace nrf
