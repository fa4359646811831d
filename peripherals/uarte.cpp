#include "peripherals/uarte.h"

#include <sstream>

#include "models/log.h"

using sc_core::sc_time;

namespace nrf {
namespace {

namespace reg {
constexpr std::uint32_t EVENTS_RXDRDY = 0x108, EVENTS_ENDRX = 0x110, EVENTS_TXDRDY = 0x11C,
                        EVENTS_ENDTX = 0x120, EVENTS_RXTO = 0x144, EVENTS_RXSTARTED = 0x14C,
                        EVENTS_TXSTARTED = 0x150, EVENTS_TXSTOPPED = 0x158, SHORTS = 0x200,
                        ENABLE = 0x500, BAUDRATE = 0x524, RXD_PTR = 0x534, RXD_MAXCNT = 0x538,
                        RXD_AMOUNT = 0x53C, TXD_PTR = 0x544, TXD_MAXCNT = 0x548,
                        TXD_AMOUNT = 0x54C;
}

constexpr std::uint32_t enabled_value = 8;
constexpr std::uint32_t short_endrx_startrx = 1u << 5, short_endrx_stoprx = 1u << 6;
constexpr std::uint32_t maxcnt_mask = 0xFFFF;

} // namespace

using R = models::regs<uarte>;
struct uarte_registers {
    static constexpr R::row rows[] = {
        R::task("TASKS_STARTRX", 0x000).on_task(&uarte::task_startrx),
        R::task("TASKS_STOPRX", 0x004).on_task(&uarte::task_stoprx),
        R::task("TASKS_STARTTX", 0x008).on_task(&uarte::task_starttx),
        R::task("TASKS_STOPTX", 0x00C).on_task(&uarte::task_stoptx),
        R::task("TASKS_FLUSHRX", 0x02C).on_task(&uarte::task_flushrx),
        R::subscribe("SUBSCRIBE_STARTRX", 0x080),
        R::subscribe("SUBSCRIBE_STOPRX", 0x084),
        R::subscribe("SUBSCRIBE_STARTTX", 0x088),
        R::subscribe("SUBSCRIBE_STOPTX", 0x08C),
        R::subscribe("SUBSCRIBE_FLUSHRX", 0x0AC),
        R::event("EVENTS_CTS", 0x100),
        R::event("EVENTS_NCTS", 0x104),
        R::event("EVENTS_RXDRDY", 0x108),
        R::event("EVENTS_ENDRX", 0x110),
        R::event("EVENTS_TXDRDY", 0x11C),
        R::event("EVENTS_ENDTX", 0x120),
        R::event("EVENTS_ERROR", 0x124),
        R::event("EVENTS_RXTO", 0x144),
        R::event("EVENTS_RXSTARTED", 0x14C),
        R::event("EVENTS_TXSTARTED", 0x150),
        R::event("EVENTS_TXSTOPPED", 0x158),
        R::publish("PUBLISH_CTS", 0x180),
        R::publish("PUBLISH_NCTS", 0x184),
        R::publish("PUBLISH_RXDRDY", 0x188),
        R::publish("PUBLISH_ENDRX", 0x190),
        R::publish("PUBLISH_TXDRDY", 0x19C),
        R::publish("PUBLISH_ENDTX", 0x1A0),
        R::publish("PUBLISH_ERROR", 0x1A4),
        R::publish("PUBLISH_RXTO", 0x1C4),
        R::publish("PUBLISH_RXSTARTED", 0x1CC),
        R::publish("PUBLISH_TXSTARTED", 0x1D0),
        R::publish("PUBLISH_TXSTOPPED", 0x1D8),
        R::rw("SHORTS", 0x200).mask(short_endrx_startrx | short_endrx_stoprx),
        R::inten(0x300).mask(0x005A0397),
        R::inten_set(0x304).mask(0x005A0397),
        R::inten_clr(0x308).mask(0x005A0397),
        R::rw("ERRORSRC", 0x480).mask(0xF).on_read(&uarte::read_errorsrc)
            .on_write(&uarte::write_errorsrc),
        R::rw("ENABLE", 0x500).mask(0xF),
        R::rw("PSEL.RTS", 0x508).reset(0xFFFFFFFF),
        R::rw("PSEL.TXD", 0x50C).reset(0xFFFFFFFF),
        R::rw("PSEL.CTS", 0x510).reset(0xFFFFFFFF),
        R::rw("PSEL.RXD", 0x514).reset(0xFFFFFFFF),
        R::rw("BAUDRATE", 0x524).reset(0x04000000),
        R::rw("RXD.PTR", 0x534),
        R::rw("RXD.MAXCNT", 0x538).mask(maxcnt_mask),
        R::ro("RXD.AMOUNT", 0x53C),
        R::rw("TXD.PTR", 0x544),
        R::rw("TXD.MAXCNT", 0x548).mask(maxcnt_mask),
        R::ro("TXD.AMOUNT", 0x54C),
        R::rw("CONFIG", 0x56C).mask(0x11F),
    };
};

uarte::uarte(sc_core::sc_module_name name, models::dma_port& dma)
    : models::peripheral(name), m_dma(dma) {
    declare_registers(*this, uarte_registers::rows);
    SC_METHOD(on_tx_byte_done);
    sensitive << m_tx_event;
    dont_initialize();
    SC_METHOD(on_rx_byte);
    sensitive << m_rx_event;
    dont_initialize();
}

void uarte::reset() {
    models::peripheral::reset();
    m_tx_event.cancel();
    m_rx_event.cancel();
    m_tx_buffer.clear();
    m_tx_sent = 0;
    m_tx_active = m_tx_stop_requested = false;
    m_rx_amount = 0;
    m_rx_active = m_rx_scheduled = false;
    m_errorsrc = 0;
}

bool uarte::enabled() const { return m_bank.stored(reg::ENABLE) == enabled_value; }

sc_time uarte::byte_time() const {
    // baud = BAUDRATE * 16 MHz / 2^32; 10 bits take 10 / baud seconds.
    const std::uint64_t value = std::max<std::uint32_t>(m_bank.stored(reg::BAUDRATE), 1);
    return sc_time(double((625000ull << 32) / value), sc_core::SC_PS);
}

std::uint32_t uarte::read_errorsrc() { return m_errorsrc; }
void uarte::write_errorsrc(std::uint32_t value) { m_errorsrc &= ~value; }  // write 1 to clear

void uarte::task_starttx() {
    if (!enabled() || m_tx_active) return;
    const std::uint32_t count = m_bank.stored(reg::TXD_MAXCNT);
    m_tx_buffer.assign(count, 0);
    if (count && !m_dma.dma_read(m_bank.stored(reg::TXD_PTR), m_tx_buffer.data(), count)) {
        std::ostringstream msg;
        msg << name() << ": TXD.PTR 0x" << std::hex << m_bank.stored(reg::TXD_PTR)
            << " is not readable; sending zeros";
        models::log::warning(msg.str());
    }
    m_tx_sent = 0;
    m_tx_stop_requested = false;
    m_bank.store(reg::TXD_AMOUNT, 0);
    signal_event(reg::EVENTS_TXSTARTED);
    if (count == 0) {
        signal_event(reg::EVENTS_ENDTX);
        return;
    }
    m_tx_active = true;
    m_tx_event.notify(local_delay() + byte_time());
}

void uarte::on_tx_byte_done() {
    if (m_tx_sink) m_tx_sink(m_tx_buffer[m_tx_sent]);
    ++m_tx_sent;
    m_bank.store(reg::TXD_AMOUNT, m_tx_sent);
    signal_event(reg::EVENTS_TXDRDY);
    if (m_tx_sent == m_tx_buffer.size() || m_tx_stop_requested) {
        finish_tx();
        return;
    }
    m_tx_event.notify(byte_time());
}

void uarte::finish_tx() {
    m_tx_active = false;
    signal_event(reg::EVENTS_ENDTX);
    if (m_tx_stop_requested) signal_event(reg::EVENTS_TXSTOPPED);
    m_tx_stop_requested = false;
}

void uarte::task_stoptx() {
    if (m_tx_active) {
        m_tx_stop_requested = true;  // after the byte on the line
        return;
    }
    signal_event(reg::EVENTS_TXSTOPPED);
}

void uarte::task_startrx() {
    if (!enabled()) return;
    m_rx_active = true;
    m_rx_amount = 0;
    m_bank.store(reg::RXD_AMOUNT, 0);
    signal_event(reg::EVENTS_RXSTARTED);
    schedule_rx();
}

void uarte::receive(const std::vector<std::uint8_t>& bytes) {
    m_rx_queue.insert(m_rx_queue.end(), bytes.begin(), bytes.end());
    schedule_rx();
}

void uarte::schedule_rx() {
    if (!m_rx_active || m_rx_scheduled || m_rx_queue.empty()) return;
    m_rx_scheduled = true;
    m_rx_event.notify(local_delay() + byte_time());
}

void uarte::on_rx_byte() {
    m_rx_scheduled = false;
    if (!m_rx_active || m_rx_queue.empty()) return;
    const std::uint8_t byte = m_rx_queue.front();
    m_rx_queue.pop_front();
    const std::uint32_t address = m_bank.stored(reg::RXD_PTR) + m_rx_amount;
    if (!m_dma.dma_write(address, &byte, 1)) {
        std::ostringstream msg;
        msg << name() << ": RXD buffer byte at 0x" << std::hex << address << " is not RAM";
        models::log::warning(msg.str());
    }
    ++m_rx_amount;
    m_bank.store(reg::RXD_AMOUNT, m_rx_amount);
    signal_event(reg::EVENTS_RXDRDY);
    if (m_rx_amount >= m_bank.stored(reg::RXD_MAXCNT)) end_rx();
    schedule_rx();
}

// ENDRX, then the shorts: a new buffer (STARTRX) or the end of reception.
void uarte::end_rx() {
    m_rx_active = false;
    signal_event(reg::EVENTS_ENDRX);
    const std::uint32_t shorts = m_bank.stored(reg::SHORTS);
    if (shorts & short_endrx_startrx) task_startrx();
    if (shorts & short_endrx_stoprx) task_stoprx();
}

void uarte::task_stoprx() {
    if (m_rx_active) {
        m_rx_active = false;
        signal_event(reg::EVENTS_ENDRX);
    }
    signal_event(reg::EVENTS_RXTO);
}

void uarte::task_flushrx() {
    m_bank.store(reg::RXD_AMOUNT, 0);
    signal_event(reg::EVENTS_ENDRX);
}

} // namespace nrf
