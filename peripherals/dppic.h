// nRF5340 DPPIC (DPPI controller), one per core: owns the channel enables
// (CHEN) of that core's models::dppi_bus and the six channel groups.
// https://docs.nordicsemi.com/bundle/ps_nrf5340/page/dppi.html
//
// TASKS_CHG[n].EN / .DIS enable / disable the channels of group CHG[n]
// (also through SUBSCRIBE_CHG[n].EN / .DIS).
//
// Not modeled: the SPU's DPPI[0].PERM security of channels.
// Deviates from HW: none known.
#pragma once

#include "models/dppi.h"
#include "models/peripheral.h"

namespace nrf {

class dppic : public models::peripheral {
public:
    static constexpr unsigned group_count = 6;

    // Connects itself to `bus` (for SUBSCRIBE_CHG) and controls its CHEN.
    dppic(sc_core::sc_module_name name, models::dppi_bus& bus);
    void reset() override;

private:
    void task_chg_en(unsigned n);
    void task_chg_dis(unsigned n);
    std::uint32_t read_chen() { return m_bus.channel_enables(); }
    void write_chen(std::uint32_t value) { m_bus.set_channel_enables(value); }
    void write_chenset(std::uint32_t value) { m_bus.set_channel_enables(m_bus.channel_enables() | value); }
    void write_chenclr(std::uint32_t value) { m_bus.set_channel_enables(m_bus.channel_enables() & ~value); }

    models::dppi_bus& m_bus;
};

} // namespace nrf
