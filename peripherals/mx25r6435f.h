// Macronix MX25R6435F, the 64 Mbit serial NOR flash on the nRF5340 DK, at
// the level of SPI frames (chip select low ... high), not of single bits.
// Datasheet: https://www.macronix.com/en-us/products/NOR-Flash/Serial-NOR-Flash/Pages/spec.aspx?p=MX25R6435F
// Facts used: the Macronix MX25R6435F datasheet (commands, status and
// configuration bits, timings); JEDEC JESD216 (SFDP); Zephyr
// drivers/flash/spi_nor.h and nrf_qspi_nor.c (what the driver sends).
//
// A frame is the opcode, then full-duplex bytes: the address (3 bytes) for
// commands that take one, the dummy bytes of fast reads (modelled as one
// byte whatever the I/O mode), then data. Program, erase and status writes
// act when chip select goes high; WIP stays set for the operation's time.
//
// Not modeled: block protection (BP bits are stored but protect nothing),
// suspend/resume, security OTP, the reset recovery time, wrong dummy counts,
// the difference between 1-, 2- and 4-line modes other than QE gating quad
// commands.
// Deviates from HW: the array changes at the start of an operation rather
// than gradually (commands other than RDSR are refused while WIP is set, so
// only the QSPI XIP window, which reads the array directly, can tell);
// times are single typical values (see mx25r6435f::typical_timing()).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <systemc>

#include "models/nor_flash.h"

namespace nrf {

class mx25r6435f {
public:
    static constexpr std::uint32_t flash_size = 8u << 20;
    static constexpr std::uint32_t page_size = 256;
    static constexpr std::uint32_t sector_size = 4096;

    // Status register bits.
    static constexpr std::uint8_t sr_wip = 1u << 0;
    static constexpr std::uint8_t sr_wel = 1u << 1;
    static constexpr std::uint8_t sr_qe = 1u << 6;

    struct timing {
        sc_core::sc_time page_program, sector_erase, block32_erase, block64_erase, chip_erase,
            write_status, enter_deep_power_down, exit_deep_power_down;
    };
    static timing typical_timing();

    explicit mx25r6435f(std::string name = "mx25r6435f", timing t = typical_timing());

    models::nor_flash& array() { return m_array; }

    // One frame, byte by byte: select() sends the opcode, exchange() shifts
    // bytes both ways (tx may be null: 0xFF is sent; rx may be null),
    // deselect() raises chip select and starts whatever the frame asked for.
    void select(std::uint8_t opcode, sc_core::sc_time now);
    void exchange(const std::uint8_t* tx, std::uint8_t* rx, std::size_t size);
    void deselect(sc_core::sc_time now);

    // A whole frame: opcode, the address if given, the opcode's dummy bytes,
    // tx, then rx_size bytes read back.
    std::vector<std::uint8_t> transfer(std::uint8_t opcode, std::optional<std::uint32_t> address,
                                       const std::vector<std::uint8_t>& tx, std::size_t rx_size,
                                       sc_core::sc_time now);

    // Power comes back: a program or erase the cut interrupted is abandoned
    // (its bytes are whatever the array holds), WEL, deep power-down and a
    // half-sent frame are gone; the status and configuration registers are
    // non-volatile and stay.
    void power_on();

    std::uint8_t status(sc_core::sc_time now) const;
    bool busy(sc_core::sc_time now) const { return now < m_wip_until; }
    // When the running program/erase/status write ends.
    sc_core::sc_time busy_until() const { return m_wip_until; }
    bool deep_power_down() const { return m_deep_power_down; }
    std::uint8_t configuration(unsigned index) const { return m_configuration[index]; }

private:
    bool accepts(std::uint8_t opcode, sc_core::sc_time now) const;
    std::uint8_t shift(std::uint8_t tx);
    std::uint8_t data_out(std::uint32_t data_index);
    void data_in(std::uint32_t data_index, std::uint8_t tx);
    void finish_program(sc_core::sc_time now);
    void finish_write_status(sc_core::sc_time now);
    void finish_erase(std::uint32_t size, sc_core::sc_time duration, sc_core::sc_time now);
    void start_operation(sc_core::sc_time duration, sc_core::sc_time now);

    timing m_timing;
    models::nor_flash m_array;

    // Persistent chip state.
    std::uint8_t m_status = 0;  // WEL kept separately; WIP is derived from m_wip_until
    std::array<std::uint8_t, 2> m_configuration{};
    bool m_write_enabled = false;
    bool m_deep_power_down = false;
    bool m_reset_enabled = false;
    sc_core::sc_time m_wip_until = sc_core::SC_ZERO_TIME;
    sc_core::sc_time m_ready_at = sc_core::SC_ZERO_TIME;  // after DPD enter/exit

    // The frame in progress.
    bool m_selected = false;
    bool m_ignored = false;
    std::uint8_t m_opcode = 0;
    std::uint32_t m_position = 0;  // bytes shifted after the opcode
    std::uint32_t m_address = 0;
    std::array<std::uint8_t, page_size> m_page_buffer{};
    std::uint32_t m_program_bytes = 0;
    std::array<std::uint8_t, 3> m_status_bytes{};
    std::uint8_t m_status_count = 0;
    sc_core::sc_time m_select_time = sc_core::SC_ZERO_TIME;
};

} // namespace nrf
