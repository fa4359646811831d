#include "peripherals/clock.h"

#include <algorithm>

namespace nrf {
namespace {

constexpr std::uint32_t EVENTS_HFCLKSTARTED = 0x100, EVENTS_LFCLKSTARTED = 0x104,
                        EVENTS_SLEEPENTER = 0x114, EVENTS_SLEEPEXIT = 0x118, EVENTS_DONE = 0x11C,
                        EVENTS_HFCLKAUDIOSTARTED = 0x120, EVENTS_HFCLK192MSTARTED = 0x124;
constexpr std::uint32_t HFCLKRUN = 0x408, HFCLKSTAT = 0x40C, LFCLKRUN = 0x414, LFCLKSTAT = 0x418,
                        LFCLKSRCCOPY = 0x41C, HFCLKAUDIORUN = 0x450, HFCLKAUDIOSTAT = 0x454,
                        HFCLK192MRUN = 0x458, HFCLK192MSTAT = 0x45C, HFCLKSRC = 0x514, LFCLKSRC = 0x518,
                        GPREGRET = 0x51C, HFCLKCTRL = 0x558, HFCLKALWAYSRUN = 0x570,
                        LFCLKALWAYSRUN = 0x574, HFCLKAUDIOALWAYSRUN = 0x57C, HFCLK192MSRC = 0x580,
                        HFCLK192MALWAYSRUN = 0x584, FORCEOFF = 0x614;
constexpr std::uint32_t STAT_STATE = 1u << 16, STAT_ALWAYSRUNNING = 1u << 4;
constexpr std::uint32_t app_resetreas_bits = 0x070000FF;
constexpr std::uint32_t net_resetreas_bits = 0x088700FF;

} // namespace

clock::clock(sc_core::sc_module_name name, variant which) : peripheral(name), m_variant(which) {
    using R = models::regs<clock>;

    static constexpr R::row common_rows[] = {
        R::task("TASKS_HFCLKSTART", 0x000).on_task(&clock::task_hfclkstart),
        R::task("TASKS_HFCLKSTOP", 0x004).on_task(&clock::task_hfclkstop),
        R::task("TASKS_LFCLKSTART", 0x008).on_task(&clock::task_lfclkstart),
        R::task("TASKS_LFCLKSTOP", 0x00C).on_task(&clock::task_lfclkstop),
        R::task("TASKS_CAL", 0x010).on_task(&clock::task_cal),
        R::task("TASKS_CONSTLAT", 0x078),
        R::task("TASKS_LOWPWR", 0x07C),
        R::subscribe("SUBSCRIBE_HFCLKSTART", 0x080),
        R::subscribe("SUBSCRIBE_HFCLKSTOP", 0x084),
        R::subscribe("SUBSCRIBE_LFCLKSTART", 0x088),
        R::subscribe("SUBSCRIBE_LFCLKSTOP", 0x08C),
        R::subscribe("SUBSCRIBE_CAL", 0x090),
        R::subscribe("SUBSCRIBE_CONSTLAT", 0x0F8),
        R::subscribe("SUBSCRIBE_LOWPWR", 0x0FC),
        R::event("EVENTS_HFCLKSTARTED", EVENTS_HFCLKSTARTED),
        R::event("EVENTS_LFCLKSTARTED", EVENTS_LFCLKSTARTED),
        R::event("EVENTS_POFWARN", 0x108),
        R::event("EVENTS_SLEEPENTER", EVENTS_SLEEPENTER),
        R::event("EVENTS_SLEEPEXIT", EVENTS_SLEEPEXIT),
        R::event("EVENTS_DONE", EVENTS_DONE),
        R::publish("PUBLISH_HFCLKSTARTED", 0x180),
        R::publish("PUBLISH_LFCLKSTARTED", 0x184),
        R::publish("PUBLISH_POFWARN", 0x188),
        R::publish("PUBLISH_SLEEPENTER", 0x194),
        R::publish("PUBLISH_SLEEPEXIT", 0x198),
        R::publish("PUBLISH_DONE", 0x19C),
        R::inten(0x300),
        R::inten_set(0x304),
        R::inten_clr(0x308),
        R::intpend(0x30C),
        R::rw("RESETREAS", 0x400).on_read(&clock::read_resetreas).on_write(&clock::write_resetreas),
        R::ro("HFCLKRUN", HFCLKRUN),
        R::ro("HFCLKSTAT", HFCLKSTAT).on_read(&clock::read_hfclkstat),
        R::ro("LFCLKRUN", LFCLKRUN),
        R::ro("LFCLKSTAT", LFCLKSTAT).on_read(&clock::read_lfclkstat),
        R::ro("LFCLKSRCCOPY", LFCLKSRCCOPY).reset(1),
        R::rw("HFCLKSRC", HFCLKSRC).reset(1).mask(0x1),
        R::rw("LFCLKSRC", LFCLKSRC).reset(1).mask(0x3),
        R::rw("GPREGRET", GPREGRET).array(2).mask(0xFF),
        R::rw("HFCLKALWAYSRUN", HFCLKALWAYSRUN).mask(0x1),
        R::rw("LFCLKALWAYSRUN", LFCLKALWAYSRUN).mask(0x1),
    };

    static constexpr R::row app_rows[] = {
        R::task("TASKS_HFCLKAUDIOSTART", 0x018).on_task(&clock::task_hfclkaudiostart),
        R::task("TASKS_HFCLKAUDIOSTOP", 0x01C).on_task(&clock::task_hfclkaudiostop),
        R::task("TASKS_HFCLK192MSTART", 0x020).on_task(&clock::task_hfclk192mstart),
        R::task("TASKS_HFCLK192MSTOP", 0x024).on_task(&clock::task_hfclk192mstop),
        R::subscribe("SUBSCRIBE_HFCLKAUDIOSTART", 0x098),
        R::subscribe("SUBSCRIBE_HFCLKAUDIOSTOP", 0x09C),
        R::subscribe("SUBSCRIBE_HFCLK192MSTART", 0x0A0),
        R::subscribe("SUBSCRIBE_HFCLK192MSTOP", 0x0A4),
        R::event("EVENTS_HFCLKAUDIOSTARTED", EVENTS_HFCLKAUDIOSTARTED),
        R::event("EVENTS_HFCLK192MSTARTED", EVENTS_HFCLK192MSTARTED),
        R::publish("PUBLISH_HFCLKAUDIOSTARTED", 0x1A0),
        R::publish("PUBLISH_HFCLK192MSTARTED", 0x1A4),
        R::ro("HFCLKAUDIORUN", HFCLKAUDIORUN),
        R::ro("HFCLKAUDIOSTAT", HFCLKAUDIOSTAT).on_read(&clock::read_hfclkaudiostat),
        R::ro("HFCLK192MRUN", HFCLK192MRUN),
        R::ro("HFCLK192MSTAT", HFCLK192MSTAT).on_read(&clock::read_hfclk192mstat),
        R::rw("HFCLKCTRL", HFCLKCTRL).reset(1).mask(0x3).on_write(&clock::write_hfclkctrl),
        R::rw("HFCLKAUDIO.FREQUENCY", 0x55C).reset(0x9BAE).mask(0xFFFF),
        R::rw("HFCLKAUDIOALWAYSRUN", HFCLKAUDIOALWAYSRUN).mask(0x1),
        R::rw("HFCLK192MSRC", HFCLK192MSRC).reset(1).mask(0x1),
        R::rw("HFCLK192MALWAYSRUN", HFCLK192MALWAYSRUN).mask(0x1),
        R::rw("HFCLK192MCTRL", 0x5B8).reset(2).mask(0x3),
        R::rw("NETWORK.FORCEOFF", FORCEOFF).reset(1).mask(0x1).on_write(&clock::write_forceoff),
    };

    // The net core runs at a fixed 64 MHz: its HFCLKCTRL (reset Div1) is storage only.
    static constexpr R::row net_rows[] = {
        R::rw("HFCLKCTRL", HFCLKCTRL).mask(0x3),
    };

    declare_registers(*this, common_rows);
    if (m_variant == variant::app) declare_registers(*this, app_rows);
    else declare_registers(*this, net_rows);
    SC_HAS_PROCESS(clock);
    SC_METHOD(on_deadline);
    sensitive << m_deadline;
    dont_initialize();
    reset();
}

void clock::reset() {
    m_resetreas = 0;
    reset_registers();
}

void clock::reset_with_reason(std::uint32_t reasons) {
    const std::uint32_t retained[2] = {m_bank.stored(GPREGRET), m_bank.stored(GPREGRET + 4)};
    const std::uint32_t valid = m_variant == variant::app ? app_resetreas_bits : net_resetreas_bits;
    m_resetreas |= reasons & valid;
    reset_registers();
    m_bank.store(GPREGRET, retained[0]);
    m_bank.store(GPREGRET + 4, retained[1]);
}

void clock::reset_registers() {
    peripheral::reset();
    std::fill(std::begin(m_due), std::end(m_due), 0);
    m_deadline.cancel();
    const bool was_held = m_forceoff;
    const std::uint64_t old_hz = m_hclk_hz;
    m_forceoff = m_variant == variant::app;
    m_hclk_hz = 64000000;
    if (m_variant == variant::app && !was_held && on_network_forceoff) on_network_forceoff(true);
    if (old_hz != m_hclk_hz && on_hclk_change) on_hclk_change(m_hclk_hz);
}

std::uint64_t clock::hclk_hz() const { return m_hclk_hz; }

void clock::sleep_enter() { signal_event(EVENTS_SLEEPENTER); }
void clock::sleep_exit() { signal_event(EVENTS_SLEEPEXIT); }

void clock::task_hfclkstart() {
    m_bank.store(HFCLKRUN, 1);
    schedule(hf_start, hfxo_startup());
}

void clock::task_hfclkstop() {
    m_due[hf_start] = 0;
    m_bank.store(HFCLKRUN, 0);
    m_bank.store(HFCLKSTAT, 0);
}

void clock::task_lfclkstart() {
    m_bank.store(LFCLKRUN, 1);
    m_bank.store(LFCLKSRCCOPY, m_bank.stored(LFCLKSRC));
    schedule(lf_start, lfclk_startup());
}

void clock::task_hfclkaudiostart() {
    m_bank.store(HFCLKAUDIORUN, 1);
    schedule(hfaudio_start, hfxo_startup());
}

void clock::task_hfclkaudiostop() {
    m_due[hfaudio_start] = 0;
    m_bank.store(HFCLKAUDIORUN, 0);
    m_bank.store(HFCLKAUDIOSTAT, 0);
}

void clock::task_hfclk192mstart() {
    m_bank.store(HFCLK192MRUN, 1);
    schedule(hf192m_start, hfxo_startup());
}

void clock::task_hfclk192mstop() {
    m_due[hf192m_start] = 0;
    m_bank.store(HFCLK192MRUN, 0);
    m_bank.store(HFCLK192MSTAT, 0);
}

// STAT.ALWAYSRUNNING: the clock runs and its ALWAYSRUN register asks it to.
std::uint32_t clock::stat_with_alwaysrun(std::uint32_t stat, std::uint32_t alwaysrun) const {
    const std::uint32_t value = m_bank.stored(stat);
    const bool always = (value & STAT_STATE) && (m_bank.stored(alwaysrun) & 1);
    return always ? value | STAT_ALWAYSRUNNING : value;
}

std::uint32_t clock::read_hfclkstat() { return stat_with_alwaysrun(HFCLKSTAT, HFCLKALWAYSRUN); }
std::uint32_t clock::read_lfclkstat() { return stat_with_alwaysrun(LFCLKSTAT, LFCLKALWAYSRUN); }
std::uint32_t clock::read_hfclkaudiostat() {
    return stat_with_alwaysrun(HFCLKAUDIOSTAT, HFCLKAUDIOALWAYSRUN);
}
std::uint32_t clock::read_hfclk192mstat() {
    return stat_with_alwaysrun(HFCLK192MSTAT, HFCLK192MALWAYSRUN);
}

void clock::task_lfclkstop() {
    m_due[lf_start] = 0;
    m_bank.store(LFCLKRUN, 0);
    m_bank.store(LFCLKSTAT, 0);
}

// HCLK = 128 MHz >> HCLK field (Div1 = 0, Div2 = 1).
void clock::write_hfclkctrl(std::uint32_t value) {
    const std::uint64_t hz = (value & 1) ? 64000000 : 128000000;
    if (hz == m_hclk_hz) return;
    m_hclk_hz = hz;
    if (on_hclk_change) on_hclk_change(hz);
}

void clock::write_forceoff(std::uint32_t value) {
    const bool hold = value & 1;
    if (hold == m_forceoff) return;
    m_forceoff = hold;
    if (on_network_forceoff) on_network_forceoff(hold);
}

void clock::schedule(job j, const sc_core::sc_time& after) {
    m_due[j] = models::to_ps(now() + after);
    arm();
}

void clock::complete(job j) {
    switch (j) {
    case hf_start:
        m_bank.store(HFCLKSTAT, STAT_STATE | (m_bank.stored(HFCLKSRC) & 1));
        signal_event(EVENTS_HFCLKSTARTED);
        break;
    case lf_start:
        m_bank.store(LFCLKSTAT, STAT_STATE | m_bank.stored(LFCLKSRCCOPY));
        signal_event(EVENTS_LFCLKSTARTED);
        break;
    case cal: signal_event(EVENTS_DONE); break;
    case hfaudio_start:
        m_bank.store(HFCLKAUDIOSTAT, STAT_STATE);
        signal_event(EVENTS_HFCLKAUDIOSTARTED);
        break;
    case hf192m_start:
        m_bank.store(HFCLK192MSTAT, STAT_STATE | (m_bank.stored(HFCLK192MSRC) & 1));
        signal_event(EVENTS_HFCLK192MSTARTED);
        break;
    case job_count: break;
    }
}

void clock::arm() {
    m_deadline.cancel();
    std::uint64_t next = 0;
    for (std::uint64_t due : m_due) {
        if (due && (!next || due < next)) next = due;
    }
    if (!next) return;
    const std::uint64_t stamp = models::to_ps(sc_core::sc_time_stamp());
    m_deadline.notify(models::from_ps(next > stamp ? next - stamp : 0));
}

void clock::on_deadline() {
    const std::uint64_t stamp = models::to_ps(sc_core::sc_time_stamp());
    for (unsigned j = 0; j < job_count; ++j) {
        if (!m_due[j] || m_due[j] > stamp) continue;
        m_due[j] = 0;
        complete(static_cast<job>(j));
    }
    arm();
}

} // namespace nrf
