// nRF5340 QSPI (application core, S 0x5002B000 / NS 0x4002B000, IRQ 43)
// driving an MX25R6435F. PS: https://docs.nordicsemi.com/bundle/ps_nrf5340/page/qspi.html
// Facts used: the nRF5340 Product Specification, QSPI chapter
// (https://docs.nordicsemi.com/bundle/ps_nrf5340/page/qspi.html); nrfx MDK nrf5340_application_bitfields.h (QSPI);
// nrfx drivers/src/nrfx_qspi.c (the anomaly workarounds it applies); Zephyr
// drivers/flash/nrf_qspi_nor.c (the init, read, write and erase sequences).
//
// Tasks run one at a time (STATUS.READY = 0 meanwhile; a task or custom
// instruction issued then is ignored and logged). READY comes after the
// transfer's SPI time at SCK = 192 MHz / (2 * (IFCONFIG1.SCKFREQ + 1)).
// ACTIVATE raises READY even with ENABLE = 0 and all pins disconnected
// (nrfx's anomaly-43 workaround spins on it); with pins connected it also
// waits for the flash's WIP to clear. WRITESTART sends WREN itself before
// every page program and waits for each program to finish; ERASESTART sends
// WREN itself and raises READY once the erase has started.
//
// The XIP window (0x10000000) is the flash array: xip_memory() for a direct
// read-only map when XIPOFFSET is 0, or the xip socket (reads flash at
// XIPOFFSET + offset while XIPEN = 1; writes fail) for the general case.
//
// Not modeled: XIP/DMA encryption (enabling it is logged, data stay plain),
// automatic deep power-down (IFCONFIG0.DPMENABLE, DPMDUR, STATUS.DPM),
// 32-bit addressing (ADDRCONF), pin-level effects of PSEL other than
// ACTIVATE's, the HFCLK192M divider (SCK assumes 192 MHz).
// Deviates from HW: DMA data move when the task starts, READY follows
// after the transfer time; a DMA that fails (address outside RAM) is logged.
#pragma once

#include <cstdint>
#include <functional>

#include <systemc>
#include <tlm_utils/simple_target_socket.h>

#include "models/dma.h"
#include "models/peripheral.h"
#include "peripherals/mx25r6435f.h"

namespace nrf {

class qspi : public models::peripheral {
public:
    tlm_utils::simple_target_socket<qspi> xip;

    SC_HAS_PROCESS(qspi);
    qspi(sc_core::sc_module_name name, mx25r6435f& flash, models::dma_port& dma);

    const models::memory& xip_memory() const { return m_flash.array().storage(); }
    std::uint32_t xip_offset() const;
    bool xip_enabled() const;
    // Called when XIPOFFSET or XIPEN change (a direct map must be redone).
    void set_on_xip_changed(std::function<void()> f) { m_on_xip_changed = std::move(f); }

    void reset() override;

private:
    friend struct qspi_registers;  // the register table binds the handlers below

    void task_activate();
    void task_readstart();
    void task_writestart();
    void task_erasestart();
    void task_deactivate();
    void write_cinstrconf(std::uint32_t value);
    std::uint32_t read_status();
    void write_xip_setting(std::uint32_t value);
    void write_encryption_enable(std::uint32_t value);

    bool start_operation(const char* what, bool needs_enable = true);
    void finish_at(const sc_core::sc_time& when);
    void on_ready();
    sc_core::sc_time spi_time(std::uint64_t cycles) const;
    unsigned read_lines() const;
    unsigned write_lines() const;
    bool pins_connected() const;
    void poll_status(const sc_core::sc_time& when);
    void exchange_cinstr_data(unsigned count);

    void xip_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    unsigned xip_debug(tlm::tlm_generic_payload& trans);

    mx25r6435f& m_flash;
    models::dma_port& m_dma;
    bool m_busy = false;
    bool m_long_frame = false;  // chip select held by a long-frame instruction
    std::uint8_t m_status_register = 0;
    sc_core::sc_event m_ready_event;
    std::function<void()> m_on_xip_changed;
};

} // namespace nrf
