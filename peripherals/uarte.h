// nRF5340 UARTE with EasyDMA (app: UARTE0..3 at 0x50008000, 0x50009000,
// 0x5000B000, 0x5000C000; net: 0x41013000). PS:
// https://docs.nordicsemi.com/bundle/ps_nrf5340/page/uarte.html
// Facts used: the nRF5340 Product Specification, UARTE chapter
// (https://docs.nordicsemi.com/bundle/ps_nrf5340/page/uarte.html); nrfx MDK (bsp/stable/mdk/nrf5340_application.h, nrf5340_network.h and their _bitfields.h);
// Zephyr drivers/serial/uart_nrfx_uarte.c (how the driver starts and stops it).
//
// TX reads TXD.MAXCNT bytes at TXD.PTR and sends one byte per 10 bit times
// at BAUDRATE to the byte sink, with TXDRDY per byte and ENDTX at the end;
// a zero-length STARTTX raises ENDTX at once. STOPTX stops after the byte
// on the line, raises ENDTX if the buffer was not finished, then TXSTOPPED.
// RX takes bytes from a host queue (receive()) at the same rate into
// RXD.PTR, with RXDRDY per byte and ENDRX when MAXCNT bytes arrived;
// STOPRX ends the buffer (ENDRX with the bytes so far) and raises RXTO.
// SHORTS ENDRX_STARTRX and ENDRX_STOPRX.
//
// Not modeled: flow control (CTS/NCTS never fire, RTS does nothing), parity
// and framing errors (ERRORSRC only holds what software leaves), the RX
// FIFO (host bytes wait in the queue while RX is stopped, so no overrun),
// the RXTO timeout delay, PSEL pin routing. STARTTX during a transfer and
// STARTRX while ENABLE != 8 are ignored.
// Deviates from HW: the TX buffer is read when STARTTX runs, not byte by
// byte; FLUSHRX raises ENDRX with AMOUNT 0 (nothing is ever held back).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <vector>

#include <systemc>

#include "models/dma.h"
#include "models/peripheral.h"

namespace nrf {

class uarte : public models::peripheral {
public:
    SC_HAS_PROCESS(uarte);
    uarte(sc_core::sc_module_name name, models::dma_port& dma);

    // Every transmitted byte, when its stop bit ends.
    void set_tx_sink(std::function<void(std::uint8_t)> sink) { m_tx_sink = std::move(sink); }
    // Bytes arriving on RXD, taken one per byte time while RX is running.
    void receive(const std::vector<std::uint8_t>& bytes);
    std::size_t pending_rx() const { return m_rx_queue.size(); }

    // 10 bits (start, 8 data, stop) at the BAUDRATE register's rate.
    sc_core::sc_time byte_time() const;

    void reset() override;

private:
    friend struct uarte_registers;

    void task_startrx();
    void task_stoprx();
    void task_starttx();
    void task_stoptx();
    void task_flushrx();
    std::uint32_t read_errorsrc();
    void write_errorsrc(std::uint32_t value);

    bool enabled() const;
    void on_tx_byte_done();
    void finish_tx();
    void on_rx_byte();
    void schedule_rx();
    void end_rx();

    models::dma_port& m_dma;
    std::function<void(std::uint8_t)> m_tx_sink;

    std::vector<std::uint8_t> m_tx_buffer;
    std::uint32_t m_tx_sent = 0;
    bool m_tx_active = false;
    bool m_tx_stop_requested = false;
    sc_core::sc_event m_tx_event;

    std::deque<std::uint8_t> m_rx_queue;
    std::uint32_t m_rx_amount = 0;
    bool m_rx_active = false;
    bool m_rx_scheduled = false;
    sc_core::sc_event m_rx_event;
    std::uint32_t m_errorsrc = 0;
};

} // namespace nrf
