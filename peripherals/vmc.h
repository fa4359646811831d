// nRF5340 VMC (volatile memory controller): RAM block power. App
// 0x50081000 (NS 0x40081000), 8 blocks x 16 sections of 4 KB; net
// 0x41081000, 4 blocks x 4 sections.
// PS: https://docs.nordicsemi.com/bundle/ps_nrf5340/page/vmc.html
// Facts used: the nRF5340 Product Specification, VMC chapter
// (https://docs.nordicsemi.com/bundle/ps_nrf5340/page/vmc.html); nrfx MDK nrf5340_application_bitfields.h (VMC).
//
// RAM[n].POWER (0x600 + 0x10n): bit s = section s powered in System ON,
// bit 16 + s = section s retained in System OFF; POWERSET / POWERCLR are
// write-1 views of it. Reset 0x0000FFFF on both cores (every section on,
// no retention). section_powered() tells a RAM model which sections hold
// their contents; on_power_change reports every change so that it can
// drop the contents of a section switched off.
//
// Not modeled: contents loss itself (the RAM model's job; none does it
//   yet), System OFF retention, power consumption.
// Deviates from HW: bits of sections the block does not have are stored.
#pragma once

#include <array>
#include <cstdint>
#include <functional>

#include "models/peripheral.h"

namespace nrf {

class vmc : public models::peripheral {
public:
    static constexpr unsigned max_blocks = 8;
    static constexpr std::uint32_t section_size = 4096;

    vmc(sc_core::sc_module_name name, unsigned blocks, unsigned sections_per_block);
    void reset() override;

    unsigned blocks() const { return m_blocks; }
    unsigned sections_per_block() const { return m_sections; }
    std::uint32_t power(unsigned block) const { return m_power[block]; }
    bool section_powered(unsigned block, unsigned section) const;

    // (block, new POWER value) after every change of a block's POWER.
    std::function<void(unsigned block, std::uint32_t power)> on_power_change;

private:
    std::uint32_t read_power(unsigned n) { return m_power[n]; }
    void write_power(unsigned n, std::uint32_t value) { set_power(n, value); }
    void write_powerset(unsigned n, std::uint32_t value) { set_power(n, m_power[n] | value); }
    void write_powerclr(unsigned n, std::uint32_t value) { set_power(n, m_power[n] & ~value); }
    void set_power(unsigned n, std::uint32_t value);

    unsigned m_blocks;
    unsigned m_sections;
    std::array<std::uint32_t, max_blocks> m_power{};
};

} // namespace nrf
