#include "peripherals/vmc.h"

namespace nrf {
namespace {

constexpr std::uint32_t power_reset = 0x0000FFFF;

} // namespace

vmc::vmc(sc_core::sc_module_name name, unsigned blocks, unsigned sections_per_block)
    : peripheral(name),
      m_blocks(blocks < max_blocks ? blocks : max_blocks),
      m_sections(sections_per_block < 16 ? sections_per_block : 16) {
    using R = models::regs<vmc>;
    const R::row rows[] = {
        R::rw("RAM.POWER", 0x600).array(m_blocks, 0x10).on_read(&vmc::read_power).on_write(&vmc::write_power),
        R::rw("RAM.POWERSET", 0x604).array(m_blocks, 0x10).on_read(&vmc::read_power)
            .on_write(&vmc::write_powerset),
        R::rw("RAM.POWERCLR", 0x608).array(m_blocks, 0x10).on_read(&vmc::read_power)
            .on_write(&vmc::write_powerclr),
    };
    for (const R::row& row : rows) m_bank.add(row.bind(*this));
    reset();
}

void vmc::reset() {
    peripheral::reset();
    for (unsigned n = 0; n < m_blocks; ++n) set_power(n, power_reset);
}

bool vmc::section_powered(unsigned block, unsigned section) const {
    return block < m_blocks && section < m_sections && ((m_power[block] >> section) & 1);
}

void vmc::set_power(unsigned n, std::uint32_t value) {
    if (m_power[n] == value) return;
    m_power[n] = value;
    if (on_power_change) on_power_change(n, value);
}

} // namespace nrf
