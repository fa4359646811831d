#include "peripherals/dppic.h"

namespace nrf {
namespace {
constexpr std::uint32_t CHG = 0x800;
}

dppic::dppic(sc_core::sc_module_name name, models::dppi_bus& bus) : peripheral(name), m_bus(bus) {
    using R = models::regs<dppic>;
    static constexpr R::row rows[] = {
        R::task("TASKS_CHG.EN", 0x000).array(group_count, 8).on_task(&dppic::task_chg_en),
        R::task("TASKS_CHG.DIS", 0x004).array(group_count, 8).on_task(&dppic::task_chg_dis),
        R::subscribe("SUBSCRIBE_CHG.EN", 0x080).array(group_count, 8),
        R::subscribe("SUBSCRIBE_CHG.DIS", 0x084).array(group_count, 8),
        R::rw("CHEN", 0x500).on_read(&dppic::read_chen).on_write(&dppic::write_chen),
        R::rw("CHENSET", 0x504).on_read(&dppic::read_chen).on_write(&dppic::write_chenset),
        R::rw("CHENCLR", 0x508).on_read(&dppic::read_chen).on_write(&dppic::write_chenclr),
        R::rw("CHG", CHG).array(group_count),
    };
    declare_registers(*this, rows);
    connect_dppi(bus);
    reset();
}

void dppic::reset() {
    peripheral::reset();
    m_bus.set_channel_enables(0);
}

void dppic::task_chg_en(unsigned n) { write_chenset(m_bank.stored(CHG + 4 * n)); }
void dppic::task_chg_dis(unsigned n) { write_chenclr(m_bank.stored(CHG + 4 * n)); }

} // namespace nrf
