#include "peripherals/gpiote.h"

#include <utility>

namespace nrf {
namespace {

constexpr std::uint32_t EVENTS_IN = 0x100, EVENTS_PORT = 0x17C, CONFIG = 0x510;

constexpr std::uint32_t mode_field = 0x3, config_writable = 0x00133F03;  // MODE PSEL PORT POLARITY OUTINIT
enum mode : std::uint32_t { disabled = 0, event = 1, task = 3 };
enum polarity : std::uint32_t { none = 0, lo_to_hi = 1, hi_to_lo = 2, toggle = 3 };

std::uint32_t mode_of(std::uint32_t config) { return config & mode_field; }
unsigned pin_of(std::uint32_t config) { return (config >> 8) & 0x1F; }
unsigned port_index(std::uint32_t config) { return (config >> 13) & 1; }
std::uint32_t polarity_of(std::uint32_t config) { return (config >> 16) & 3; }
bool outinit_of(std::uint32_t config) { return (config >> 20) & 1; }

} // namespace

gpiote::gpiote(sc_core::sc_module_name name, std::vector<gpio*> ports) : peripheral(name), m_ports(std::move(ports)) {
    using R = models::regs<gpiote>;
    static constexpr R::row rows[] = {
        R::task("TASKS_OUT", 0x000).array(channel_count).on_task(&gpiote::task_out),
        R::task("TASKS_SET", 0x030).array(channel_count).on_task(&gpiote::task_set),
        R::task("TASKS_CLR", 0x060).array(channel_count).on_task(&gpiote::task_clr),
        R::subscribe("SUBSCRIBE_OUT", 0x080).array(channel_count),
        R::subscribe("SUBSCRIBE_SET", 0x0B0).array(channel_count),
        R::subscribe("SUBSCRIBE_CLR", 0x0E0).array(channel_count),
        R::event("EVENTS_IN", EVENTS_IN).array(channel_count),
        R::event("EVENTS_PORT", EVENTS_PORT),
        R::publish("PUBLISH_IN", 0x180).array(channel_count),
        R::publish("PUBLISH_PORT", 0x1FC),
        R::inten_set(0x304),
        R::inten_clr(0x308),
        R::rw("CONFIG", CONFIG).array(channel_count).mask(config_writable).on_write(&gpiote::write_config),
    };
    declare_registers(*this, rows);
    for (unsigned p = 0; p < m_ports.size(); ++p) {
        if (!m_ports[p]) continue;
        m_ports[p]->add_level_listener(
            [this, p](unsigned pin, bool level, const sc_core::sc_time& delay) { pin_changed(p, pin, level, delay); });
        m_ports[p]->add_detect_listener([this](const sc_core::sc_time& delay) { port_detected(delay); });
    }
    reset();
}

void gpiote::reset() {
    for (unsigned n = 0; n < channel_count; ++n) release(n);
    peripheral::reset();
    m_config.fill(0);
    m_task_level.fill(false);
}

gpio* gpiote::port_of(std::uint32_t config) const {
    const unsigned p = port_index(config);
    return p < m_ports.size() ? m_ports[p] : nullptr;
}

void gpiote::release(unsigned n) {
    if (mode_of(m_config[n]) != task) return;
    if (gpio* port = port_of(m_config[n])) port->set_task_output(pin_of(m_config[n]), false, false, local_delay());
}

void gpiote::write_config(unsigned n, std::uint32_t value) {
    release(n);
    m_config[n] = value & config_writable;
    if (mode_of(m_config[n]) == task) drive(n, outinit_of(m_config[n]));
}

void gpiote::drive(unsigned n, bool level) {
    if (mode_of(m_config[n]) != task) return;
    m_task_level[n] = level;
    if (gpio* port = port_of(m_config[n])) port->set_task_output(pin_of(m_config[n]), true, level, local_delay());
}

void gpiote::task_out(unsigned n) {
    switch (polarity_of(m_config[n])) {
    case lo_to_hi: drive(n, true); break;
    case hi_to_lo: drive(n, false); break;
    case toggle: drive(n, !m_task_level[n]); break;
    default: break;
    }
}

void gpiote::pin_changed(unsigned port, unsigned pin, bool level, const sc_core::sc_time& delay) {
    at_delay(delay, [&] {
        for (unsigned n = 0; n < channel_count; ++n) {
            const std::uint32_t config = m_config[n];
            if (mode_of(config) != event || port_index(config) != port || pin_of(config) != pin) continue;
            const std::uint32_t pol = polarity_of(config);
            if (pol == toggle || (pol == lo_to_hi && level) || (pol == hi_to_lo && !level)) {
                signal_event(EVENTS_IN + 4 * n);
            }
        }
    });
}

void gpiote::port_detected(const sc_core::sc_time& delay) {
    at_delay(delay, [&] { signal_event(EVENTS_PORT); });
}

} // namespace nrf
