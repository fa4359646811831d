#include "peripherals/timer.h"

#include <algorithm>

namespace nrf {
namespace {

constexpr std::uint32_t EVENTS_COMPARE = 0x140, SHORTS = 0x200, MODE = 0x504, BITMODE = 0x508,
                        PRESCALER = 0x510, CC = 0x540;
constexpr std::uint32_t MODE_TIMER = 0;
constexpr unsigned stop_shorts_shift = 8;

} // namespace

timer::timer(sc_core::sc_module_name name, unsigned cc_count) : peripheral(name), m_cc_count(cc_count) {
    using R = models::regs<timer>;
    const R::row rows[] = {
        R::task("TASKS_START", 0x000).on_task(&timer::task_start),
        R::task("TASKS_STOP", 0x004).on_task(&timer::task_stop),
        R::task("TASKS_COUNT", 0x008).on_task(&timer::task_count),
        R::task("TASKS_CLEAR", 0x00C).on_task(&timer::task_clear),
        R::task("TASKS_SHUTDOWN", 0x010).on_task(&timer::task_stop),
        R::task("TASKS_CAPTURE", 0x040).array(m_cc_count).on_task(&timer::task_capture),
        R::subscribe("SUBSCRIBE_START", 0x080),
        R::subscribe("SUBSCRIBE_STOP", 0x084),
        R::subscribe("SUBSCRIBE_COUNT", 0x088),
        R::subscribe("SUBSCRIBE_CLEAR", 0x08C),
        R::subscribe("SUBSCRIBE_SHUTDOWN", 0x090),
        R::subscribe("SUBSCRIBE_CAPTURE", 0x0C0).array(m_cc_count),
        R::event("EVENTS_COMPARE", EVENTS_COMPARE).array(m_cc_count),
        R::publish("PUBLISH_COMPARE", 0x1C0).array(m_cc_count),
        R::rw("SHORTS", SHORTS),
        R::inten(0x300),
        R::inten_set(0x304),
        R::inten_clr(0x308),
        R::rw("MODE", MODE).mask(0x3),
        R::rw("BITMODE", BITMODE).mask(0x3),
        R::rw("PRESCALER", PRESCALER).reset(4).mask(0xF),
        R::rw("CC", CC).array(m_cc_count).on_write(&timer::write_cc),
    };
    declare_registers(*this, rows);
    SC_HAS_PROCESS(timer);
    SC_METHOD(on_deadline);
    sensitive << m_deadline;
    dont_initialize();
    reset();
}

void timer::reset() {
    peripheral::reset();
    m_running = false;
    m_start_ps = 0;
    m_base = 0;
    m_prescaler = 4;
    m_deadline.cancel();
}

bool timer::timer_mode() const { return m_bank.stored(MODE) == MODE_TIMER; }

// BITMODE: 16 bit = 0, 8 bit = 1, 24 bit = 2, 32 bit = 3.
std::uint32_t timer::width_mask() const {
    static constexpr std::uint32_t masks[] = {0xFFFF, 0xFF, 0xFFFFFF, 0xFFFFFFFF};
    return masks[m_bank.stored(BITMODE) & 3];
}

std::uint64_t timer::ticks_at(std::uint64_t ps) const { return ps < m_start_ps ? 0 : (ps - m_start_ps) / tick_ps(); }

std::uint32_t timer::counter() const {
    if (!m_running || !timer_mode()) return m_base & width_mask();
    return static_cast<std::uint32_t>(m_base + ticks_at(models::to_ps(now()))) & width_mask();
}

// Makes the counter read `value` now, keeping the tick phase.
void timer::set_counter(std::uint32_t value) {
    if (m_running && timer_mode()) {
        m_base = value - static_cast<std::uint32_t>(ticks_at(models::to_ps(now())));
    } else {
        m_base = value;
    }
    arm();
}

void timer::task_start() {
    if (m_running) return;
    m_prescaler = std::min<std::uint32_t>(m_bank.stored(PRESCALER), 9);
    m_start_ps = models::to_ps(now());
    m_running = true;
    arm();
}

void timer::task_stop() {
    if (!m_running) return;
    m_base = counter();
    m_running = false;
    arm();
}

void timer::task_count() {
    if (!m_running || timer_mode()) return;
    m_base = (m_base + 1) & width_mask();
    compare_at(m_base);
}

void timer::task_clear() { set_counter(0); }
void timer::task_capture(unsigned n) { m_bank.store(CC + 4 * n, counter()); }

// Signals the COMPARE events whose CC equals `count`, then applies SHORTS.
void timer::compare_at(std::uint32_t count) {
    bool clear = false, stop = false;
    const std::uint32_t shorts = m_bank.stored(SHORTS);
    for (unsigned n = 0; n < m_cc_count; ++n) {
        if ((m_bank.stored(CC + 4 * n) & width_mask()) != count) continue;
        signal_event(EVENTS_COMPARE + 4 * n);
        clear |= (shorts >> n) & 1;
        stop |= (shorts >> (n + stop_shorts_shift)) & 1;
    }
    if (clear) set_counter(0);
    if (stop) task_stop();
}

void timer::arm() {
    m_deadline.cancel();
    if (!m_running || !timer_mode()) return;
    const std::uint64_t ticks = ticks_at(models::to_ps(now()));
    const std::uint32_t mask = width_mask();
    const std::uint32_t count = static_cast<std::uint32_t>(m_base + ticks) & mask;
    std::uint64_t next = 0;
    for (unsigned n = 0; n < m_cc_count; ++n) {
        std::uint64_t to_cc = (m_bank.stored(CC + 4 * n) - count) & mask;
        if (to_cc == 0) to_cc = std::uint64_t(mask) + 1;
        if (!next || to_cc < next) next = to_cc;
    }
    m_target_tick = ticks + next;
    const std::uint64_t due = m_start_ps + m_target_tick * tick_ps();
    m_deadline.notify(models::from_ps(due) - sc_core::sc_time_stamp());
}

void timer::on_deadline() {
    compare_at(static_cast<std::uint32_t>(m_base + m_target_tick) & width_mask());
    arm();
}

} // namespace nrf
