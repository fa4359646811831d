#include "peripherals/egu.h"

namespace nrf {
namespace {
constexpr std::uint32_t EVENTS_TRIGGERED = 0x100;
}

egu::egu(sc_core::sc_module_name name) : peripheral(name) {
    using R = models::regs<egu>;
    static constexpr R::row rows[] = {
        R::task("TASKS_TRIGGER", 0x000).array(channel_count).on_task(&egu::task_trigger),
        R::subscribe("SUBSCRIBE_TRIGGER", 0x080).array(channel_count),
        R::event("EVENTS_TRIGGERED", EVENTS_TRIGGERED).array(channel_count),
        R::publish("PUBLISH_TRIGGERED", 0x180).array(channel_count),
        R::inten(0x300),
        R::inten_set(0x304),
        R::inten_clr(0x308),
    };
    declare_registers(*this, rows);
    reset();
}

void egu::task_trigger(unsigned n) { signal_event(EVENTS_TRIGGERED + 4 * n); }

} // namespace nrf
