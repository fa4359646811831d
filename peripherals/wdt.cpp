#include "peripherals/wdt.h"

namespace nrf {
namespace {

constexpr std::uint32_t EVENTS_TIMEOUT = 0x100, EVENTS_STOPPED = 0x104, NMIENSET = 0x324, NMIENCLR = 0x328,
                        CRV = 0x504, RREN = 0x508, CONFIG = 0x50C, TSEN = 0x520;
constexpr std::uint32_t CONFIG_STOPEN = 1u << 6;
constexpr std::uint32_t nmien_bits = 0x3;  // TIMEOUT 0, STOPPED 1
constexpr std::uint32_t locked_offsets[] = {CRV, RREN, CONFIG};
constexpr std::uint64_t lfclk_num = 244140625, lfclk_den = 8;  // 1/32768 s in ps
constexpr std::uint64_t reset_delay_cycles = 2;

sc_core::sc_time lfclk_cycles(std::uint64_t n) { return models::from_ps((n * lfclk_num + lfclk_den - 1) / lfclk_den); }

} // namespace

wdt::wdt(sc_core::sc_module_name name) : peripheral(name) {
    using R = models::regs<wdt>;
    static constexpr R::row rows[] = {
        R::task("TASKS_START", 0x000).on_task(&wdt::task_start),
        R::task("TASKS_STOP", 0x004).on_task(&wdt::task_stop),
        R::subscribe("SUBSCRIBE_START", 0x080),
        R::subscribe("SUBSCRIBE_STOP", 0x084),
        R::event("EVENTS_TIMEOUT", EVENTS_TIMEOUT),
        R::event("EVENTS_STOPPED", EVENTS_STOPPED),
        R::publish("PUBLISH_TIMEOUT", 0x180),
        R::publish("PUBLISH_STOPPED", 0x184),
        R::inten_set(0x304),
        R::inten_clr(0x308),
        R::rw("NMIENSET", NMIENSET).mask(nmien_bits).on_write(&wdt::write_nmienset),
        R::rw("NMIENCLR", NMIENCLR).mask(nmien_bits).on_write(&wdt::write_nmienclr),
        R::ro("RUNSTATUS", 0x400).on_read(&wdt::read_runstatus),
        R::ro("REQSTATUS", 0x404).on_read(&wdt::read_reqstatus),
        R::rw("CRV", CRV).reset(0xFFFFFFFF).on_write(&wdt::write_locked),
        R::rw("RREN", RREN).reset(1).mask(0xFF).on_write(&wdt::write_locked),
        R::rw("CONFIG", CONFIG).reset(1).mask(0x49).on_write(&wdt::write_locked),
        R::rw("TSEN", TSEN),
        R::rw("RR", 0x600).array(8).on_write(&wdt::write_rr),
    };
    declare_registers(*this, rows);
    SC_HAS_PROCESS(wdt);
    SC_METHOD(on_deadline);
    sensitive << m_deadline;
    dont_initialize();
    reset();
}

void wdt::reset() {
    peripheral::reset();
    m_running = false;
    m_timed_out = false;
    m_requested_missing = m_bank.stored(RREN);
    m_nmien = 0;
    m_deadline.cancel();
}

// Stops a running WDT only when CONFIG.STOPEN (as at TASKS_START) allows it
// and TSEN holds the enable key (MDK: both "Allow stopping WDT"; nrfx_wdt_stop
// writes TSEN, triggers STOP, clears TSEN, then waits for EVENTS_STOPPED).
void wdt::task_stop() {
    if (!m_running || m_timed_out) return;
    if (!(m_locked[2] & CONFIG_STOPEN) || m_bank.stored(TSEN) != reload_value) return;
    m_running = false;
    m_deadline.cancel();
    m_requested_missing = m_bank.stored(RREN);
    signal_event(EVENTS_STOPPED);
}

void wdt::write_nmienset(std::uint32_t value) {
    m_nmien |= value & nmien_bits;
    m_bank.store(NMIENSET, m_nmien);
    m_bank.store(NMIENCLR, m_nmien);
}

void wdt::write_nmienclr(std::uint32_t value) {
    m_nmien &= ~value;
    m_bank.store(NMIENSET, m_nmien);
    m_bank.store(NMIENCLR, m_nmien);
}

void wdt::task_start() {
    if (m_running) return;
    for (unsigned i = 0; i < 3; ++i) m_locked[i] = m_bank.stored(locked_offsets[i]);
    m_running = true;
    reload();
}

// Once running, CRV/RREN/CONFIG keep the values they had at TASKS_START.
void wdt::write_locked(unsigned, std::uint32_t) {
    if (!m_running) {
        m_requested_missing = m_bank.stored(RREN);
        return;
    }
    for (unsigned i = 0; i < 3; ++i) m_bank.store(locked_offsets[i], m_locked[i]);
}

void wdt::write_rr(unsigned n, std::uint32_t value) {
    m_bank.store(0x600 + 4 * n, 0);  // RR is write-only
    const std::uint32_t bit = 1u << n;
    if (!m_running || value != reload_value || !(m_bank.stored(RREN) & bit)) return;
    m_requested_missing &= ~bit;
    if (m_requested_missing == 0) reload();
}

void wdt::reload() {
    m_requested_missing = m_bank.stored(RREN);
    if (m_timed_out) return;  // too late: the reset is already coming
    m_deadline.cancel();
    m_deadline.notify(local_delay() + lfclk_cycles(std::uint64_t(m_bank.stored(CRV)) + 1));
}

void wdt::on_deadline() {
    if (!m_timed_out) {
        m_timed_out = true;
        signal_event(EVENTS_TIMEOUT);
        m_deadline.notify(lfclk_cycles(reset_delay_cycles));
        return;
    }
    if (on_timeout) on_timeout();
}

} // namespace nrf
