#include "peripherals/ipc.h"

namespace nrf {
namespace {

constexpr std::uint32_t EVENTS_RECEIVE = 0x100, SEND_CNF = 0x510, RECEIVE_CNF = 0x590;
constexpr std::uint32_t channel_mask = 0xFFFF;

} // namespace

void ipc_backbone::raise(const ipc& sender, std::uint32_t channels, const sc_core::sc_time& delay) {
    if (!channels) return;
    for (const send_observer& observer : m_observers) observer(sender, channels, delay);
    for (ipc* instance : m_instances) instance->receive(channels, delay);
}

ipc::ipc(sc_core::sc_module_name name, ipc_backbone& backbone) : peripheral(name), m_backbone(backbone) {
    using R = models::regs<ipc>;
    static constexpr R::row rows[] = {
        R::task("TASKS_SEND", 0x000).array(channel_count).on_task(&ipc::task_send),
        R::subscribe("SUBSCRIBE_SEND", 0x080).array(channel_count),
        R::event("EVENTS_RECEIVE", EVENTS_RECEIVE).array(channel_count),
        R::publish("PUBLISH_RECEIVE", 0x180).array(channel_count),
        R::inten(0x300),
        R::inten_set(0x304),
        R::inten_clr(0x308),
        R::intpend(0x30C),
        R::rw("SEND_CNF", SEND_CNF).array(channel_count).mask(channel_mask),
        R::rw("RECEIVE_CNF", RECEIVE_CNF).array(channel_count).mask(channel_mask),
        R::rw("GPMEM", 0x610).array(2),
    };
    declare_registers(*this, rows);
    m_backbone.attach(*this);
    reset();
}

void ipc::task_send(unsigned n) { m_backbone.raise(*this, m_bank.stored(SEND_CNF + 4 * n), local_delay()); }

void ipc::receive(std::uint32_t channels, const sc_core::sc_time& delay) {
    at_delay(delay, [&] {
        for (unsigned i = 0; i < channel_count; ++i) {
            if (m_bank.stored(RECEIVE_CNF + 4 * i) & channels) signal_event(EVENTS_RECEIVE + 4 * i);
        }
    });
}

} // namespace nrf
