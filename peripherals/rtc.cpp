#include "peripherals/rtc.h"

namespace nrf {
namespace {

constexpr std::uint32_t counter_mask = 0xFFFFFF;
constexpr std::uint64_t counter_period = 1u << 24;
// One 32768 Hz cycle is 10^12 / 2^15 = 244140625 / 8 ps.
constexpr std::uint64_t lfclk_num = 244140625, lfclk_den = 8;

constexpr std::uint32_t EVENTS_TICK = 0x100;
constexpr std::uint32_t EVENTS_OVRFLW = 0x104;
constexpr std::uint32_t EVENTS_COMPARE = 0x140;
constexpr std::uint32_t SHORTS = 0x200;
constexpr std::uint32_t PRESCALER = 0x508;
constexpr std::uint32_t CC = 0x540;

constexpr std::uint32_t evten_bit(std::uint32_t event_offset) { return 1u << ((event_offset - 0x100) / 4); }

} // namespace

rtc::rtc(sc_core::sc_module_name name) : peripheral(name) {
    using R = models::regs<rtc>;
    static constexpr R::row rows[] = {
        R::task("TASKS_START", 0x000).on_task(&rtc::task_start),
        R::task("TASKS_STOP", 0x004).on_task(&rtc::task_stop),
        R::task("TASKS_CLEAR", 0x008).on_task(&rtc::task_clear),
        R::task("TASKS_TRIGOVRFLW", 0x00C).on_task(&rtc::task_trigovrflw),
        R::task("TASKS_CAPTURE", 0x040).array(cc_count).on_task(&rtc::task_capture),
        R::subscribe("SUBSCRIBE_START", 0x080),
        R::subscribe("SUBSCRIBE_STOP", 0x084),
        R::subscribe("SUBSCRIBE_CLEAR", 0x088),
        R::subscribe("SUBSCRIBE_TRIGOVRFLW", 0x08C),
        R::subscribe("SUBSCRIBE_CAPTURE", 0x0C0).array(cc_count),
        R::event("EVENTS_TICK", EVENTS_TICK),
        R::event("EVENTS_OVRFLW", EVENTS_OVRFLW),
        R::event("EVENTS_COMPARE", EVENTS_COMPARE).array(cc_count),
        R::publish("PUBLISH_TICK", 0x180),
        R::publish("PUBLISH_OVRFLW", 0x184),
        R::publish("PUBLISH_COMPARE", 0x1C0).array(cc_count),
        R::rw("SHORTS", SHORTS).mask(0xF),
        R::inten_set(0x304).on_write(&rtc::write_inten),
        R::inten_clr(0x308).on_write(&rtc::write_inten),
        R::rw("EVTEN", 0x340).on_read(&rtc::read_evten).on_write(&rtc::write_evten),
        R::rw("EVTENSET", 0x344).on_read(&rtc::read_evten).on_write(&rtc::write_evtenset),
        R::rw("EVTENCLR", 0x348).on_read(&rtc::read_evten).on_write(&rtc::write_evtenclr),
        R::ro("COUNTER", 0x504).on_read(&rtc::read_counter),
        R::rw("PRESCALER", PRESCALER).mask(0xFFF),
        R::rw("CC", CC).array(cc_count).mask(counter_mask).on_write(&rtc::write_cc),
    };
    declare_registers(*this, rows);
    SC_HAS_PROCESS(rtc);
    SC_METHOD(on_deadline);
    sensitive << m_deadline;
    dont_initialize();
    reset();
}

void rtc::reset() {
    peripheral::reset();
    m_running = false;
    m_start_cycle = 0;
    m_base = 0;
    m_prescaler = 0;
    m_evten = 0;
    m_deadline.cancel();
}

std::uint64_t rtc::lfclk_cycles_at(std::uint64_t ps) const { return ps * lfclk_den / lfclk_num; }

std::uint64_t rtc::ticks_at(std::uint64_t ps) const {
    const std::uint64_t cycles = lfclk_cycles_at(ps);
    return cycles < m_start_cycle ? 0 : (cycles - m_start_cycle) / (m_prescaler + 1);
}

// The first picosecond at or after LFCLK edge `cycle`.
std::uint64_t rtc::edge_time_ps(std::uint64_t cycle) const {
    return (cycle * lfclk_num + lfclk_den - 1) / lfclk_den;
}

std::uint64_t rtc::tick_time_ps(std::uint64_t tick) const {
    return edge_time_ps(m_start_cycle + tick * (m_prescaler + 1));
}

std::uint32_t rtc::counter() const {
    if (!m_running) return m_base;
    return static_cast<std::uint32_t>((m_base + ticks_at(models::to_ps(now()))) & counter_mask);
}

// Makes COUNTER read `value` now without moving the tick grid.
void rtc::set_counter(std::uint32_t value) {
    if (m_running) {
        const std::uint64_t ticks = ticks_at(models::to_ps(now()));
        m_base = static_cast<std::uint32_t>((value - ticks) & counter_mask);
    } else {
        m_base = value & counter_mask;
    }
    arm();
}

void rtc::task_start() {
    if (m_running) return;
    const std::uint64_t ps = models::to_ps(now());
    std::uint64_t cycle = lfclk_cycles_at(ps);
    if (edge_time_ps(cycle) < ps) ++cycle;  // counting starts at the next LFCLK edge
    m_prescaler = m_bank.stored(PRESCALER);
    m_start_cycle = cycle;
    m_running = true;
    arm();
}

void rtc::task_stop() {
    if (!m_running) return;
    m_base = counter();
    m_running = false;
    arm();
}

void rtc::task_clear() { set_counter(0); }
void rtc::task_trigovrflw() { set_counter(0xFFFFF0); }
void rtc::task_capture(unsigned n) { m_bank.store(CC + 4 * n, counter()); }
void rtc::write_cc(unsigned, std::uint32_t) { arm(); }

void rtc::write_evten(std::uint32_t value) { m_evten = value; arm(); }
void rtc::write_evtenset(std::uint32_t value) { m_evten |= value; arm(); }
void rtc::write_evtenclr(std::uint32_t value) { m_evten &= ~value; arm(); }

bool rtc::event_routed(std::uint32_t event_offset) const { return m_evten & evten_bit(event_offset); }

bool rtc::tick_wanted() const { return ((m_bank.inten() | m_evten) & evten_bit(EVENTS_TICK)) != 0; }

// Arms m_deadline to the next tick at which an event happens.
void rtc::arm() {
    m_deadline.cancel();
    if (!m_running) return;
    const std::uint64_t ticks = ticks_at(models::to_ps(now()));
    const std::uint32_t count = static_cast<std::uint32_t>((m_base + ticks) & counter_mask);
    std::uint64_t next = counter_period - count;  // to the overflow
    for (unsigned n = 0; n < cc_count; ++n) {
        const std::uint32_t cc = m_bank.stored(CC + 4 * n);
        const std::uint64_t to_cc = (cc - count) & counter_mask;
        if (to_cc != 0 && to_cc < next) next = to_cc;
    }
    if (tick_wanted()) next = 1;
    m_target_tick = ticks + next;
    m_deadline.notify(models::from_ps(tick_time_ps(m_target_tick)) - sc_core::sc_time_stamp());
}

void rtc::on_deadline() {
    const std::uint32_t count = static_cast<std::uint32_t>((m_base + m_target_tick) & counter_mask);
    if (tick_wanted()) signal_event(EVENTS_TICK);
    if (count == 0) signal_event(EVENTS_OVRFLW);
    bool clear = false;
    for (unsigned n = 0; n < cc_count; ++n) {
        if (m_bank.stored(CC + 4 * n) != count) continue;
        signal_event(EVENTS_COMPARE + 4 * n);
        clear |= (m_bank.stored(SHORTS) >> n) & 1;  // COMPAREn_CLEAR
    }
    if (clear) set_counter(0);
    arm();
}

} // namespace nrf
