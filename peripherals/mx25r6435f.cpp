#include "peripherals/mx25r6435f.h"

#include <algorithm>

using sc_core::sc_time;
using sc_core::SC_MS;
using sc_core::SC_US;

namespace nrf {
namespace {

namespace opcode {
constexpr std::uint8_t read = 0x03, fast_read = 0x0B, dread = 0x3B, read2 = 0xBB, qread = 0x6B,
                       read4 = 0xEB, page_program = 0x02, page_program4 = 0x38,
                       sector_erase = 0x20, block32_erase = 0x52, block64_erase = 0xD8,
                       chip_erase = 0x60, chip_erase_alt = 0xC7, write_enable = 0x06,
                       write_disable = 0x04, read_status = 0x05, read_configuration = 0x15,
                       write_status = 0x01, read_id = 0x9F, release_power_down = 0xAB,
                       read_manufacturer_id = 0x90, read_sfdp = 0x5A, deep_power_down = 0xB9,
                       reset_enable = 0x66, reset = 0x99;
}

constexpr std::array<std::uint8_t, 3> jedec_id = {0xC2, 0x28, 0x17};
constexpr std::uint8_t electronic_id = 0x17;

struct frame_shape {
    std::uint8_t address_bytes;
    std::uint8_t dummy_bytes;
};

frame_shape shape_of(std::uint8_t op) {
    switch (op) {
    case opcode::read: case opcode::page_program: case opcode::page_program4:
    case opcode::sector_erase: case opcode::block32_erase: case opcode::block64_erase:
    case opcode::read_manufacturer_id:  // two dummy bytes and ADD, taken as an address
        return {3, 0};
    case opcode::fast_read: case opcode::dread: case opcode::read2: case opcode::qread:
    case opcode::read4: case opcode::read_sfdp:
        return {3, 1};
    case opcode::release_power_down:
        return {0, 3};
    default:
        return {0, 0};
    }
}

bool is_array_read(std::uint8_t op) {
    return op == opcode::read || op == opcode::fast_read || op == opcode::dread ||
           op == opcode::read2 || op == opcode::qread || op == opcode::read4;
}

bool needs_quad_enable(std::uint8_t op) {
    return op == opcode::qread || op == opcode::read4 || op == opcode::page_program4;
}

// SFDP: header, one parameter header, and the JESD216 basic flash parameter
// table (9 dwords) as the DK devicetree lists it.
std::uint8_t sfdp_byte(std::uint32_t address) {
    static constexpr std::uint32_t bfpt_offset = 0x30;
    static constexpr std::uint8_t header[16] = {
        'S', 'F', 'D', 'P', 0x00, 0x01, 0x00, 0xFF,           // signature, rev 1.0, 1 header
        0x00, 0x00, 0x01, 0x09, bfpt_offset, 0x00, 0x00, 0xFF,  // BFPT: rev 1.0, 9 dwords
    };
    static constexpr std::uint8_t bfpt[36] = {
        0xe5, 0x20, 0xf1, 0xff, 0xff, 0xff, 0xff, 0x03, 0x44, 0xeb, 0x08, 0x6b,
        0x08, 0x3b, 0x04, 0xbb, 0xee, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0xff,
        0xff, 0xff, 0x00, 0xff, 0x0c, 0x20, 0x0f, 0x52, 0x10, 0xd8, 0x00, 0xff,
    };
    if (address < sizeof header) return header[address];
    if (address >= bfpt_offset && address < bfpt_offset + sizeof bfpt)
        return bfpt[address - bfpt_offset];
    return 0xFF;
}

} // namespace

// Sector, 32 KiB and chip erase: typical values from RIOT's nRF52840 DK
// table (reference section 5). Page program and 64 KiB erase have no
// source in the reference: assumed (1 ms; twice the 32 KiB time). Status
// write: the 40 ms ST uses as a timeout. DPD times from the DK devicetree.
mx25r6435f::timing mx25r6435f::typical_timing() {
    return {sc_time(1, SC_MS),   sc_time(40, SC_MS), sc_time(240, SC_MS), sc_time(480, SC_MS),
            sc_time(50000, SC_MS), sc_time(40, SC_MS), sc_time(10, SC_US), sc_time(35, SC_US)};
}

mx25r6435f::mx25r6435f(std::string name, timing t)
    : m_timing(t), m_array(std::move(name), flash_size, sector_size, 1, 1) {}

std::uint8_t mx25r6435f::status(sc_time now) const {
    std::uint8_t sr = m_status;
    if (m_write_enabled) sr |= sr_wel;
    if (busy(now)) sr |= sr_wip | sr_wel;  // WEL clears when the operation completes
    return sr;
}

bool mx25r6435f::accepts(std::uint8_t op, sc_time now) const {
    if (now < m_ready_at) return false;
    if (m_deep_power_down) return op == opcode::release_power_down;
    if (busy(now)) return op == opcode::read_status;
    if (needs_quad_enable(op)) return (m_status & sr_qe) != 0;
    return true;
}

void mx25r6435f::power_on() {
    m_write_enabled = false;
    m_deep_power_down = false;
    m_reset_enabled = false;
    m_wip_until = sc_core::SC_ZERO_TIME;
    m_ready_at = sc_core::SC_ZERO_TIME;
    m_selected = false;
}

void mx25r6435f::select(std::uint8_t op, sc_time now) {
    m_selected = true;
    m_opcode = op;
    m_ignored = !accepts(op, now);
    m_position = 0;
    m_address = 0;
    m_program_bytes = 0;
    m_status_count = 0;
    m_page_buffer.fill(0xFF);
    m_select_time = now;
}

void mx25r6435f::exchange(const std::uint8_t* tx, std::uint8_t* rx, std::size_t size) {
    if (!m_selected) {
        if (rx) std::fill(rx, rx + size, 0xFF);
        return;
    }
    for (std::size_t i = 0; i < size; ++i) {
        const std::uint8_t out = shift(tx ? tx[i] : 0xFF);
        if (rx) rx[i] = out;
    }
}

std::uint8_t mx25r6435f::shift(std::uint8_t tx) {
    const std::uint32_t position = m_position++;
    if (m_ignored) return 0xFF;
    const frame_shape shape = shape_of(m_opcode);
    if (position < shape.address_bytes) {
        m_address = ((m_address << 8) | tx) & 0xFFFFFF;
        return 0xFF;
    }
    if (position < std::uint32_t(shape.address_bytes) + shape.dummy_bytes) return 0xFF;
    const std::uint32_t data_index = position - shape.address_bytes - shape.dummy_bytes;
    data_in(data_index, tx);
    return data_out(data_index);
}

std::uint8_t mx25r6435f::data_out(std::uint32_t i) {
    if (is_array_read(m_opcode)) return m_array.storage().data()[(m_address + i) % flash_size];
    switch (m_opcode) {
    case opcode::read_sfdp: return sfdp_byte(m_address + i);
    case opcode::read_status: return status(m_select_time);
    case opcode::read_configuration: return m_configuration[i % 2];
    case opcode::read_id: return jedec_id[i % 3];
    case opcode::release_power_down: return electronic_id;
    case opcode::read_manufacturer_id:
        return (i + (m_address & 1)) % 2 == 0 ? jedec_id[0] : electronic_id;
    default: return 0xFF;
    }
}

void mx25r6435f::data_in(std::uint32_t i, std::uint8_t tx) {
    if (m_opcode == opcode::page_program || m_opcode == opcode::page_program4) {
        // Bytes past the page end wrap to its start; later bytes win.
        m_page_buffer[(m_address + i) % page_size] = tx;
        m_program_bytes = i + 1;
    } else if (m_opcode == opcode::write_status && i < m_status_bytes.size()) {
        m_status_bytes[i] = tx;
        m_status_count = std::uint8_t(i + 1);
    }
}

void mx25r6435f::deselect(sc_time now) {
    if (!m_selected) return;
    m_selected = false;
    if (m_ignored) return;
    const bool reset_was_enabled = m_reset_enabled;
    m_reset_enabled = false;
    const bool has_address = m_position >= 3;
    switch (m_opcode) {
    case opcode::write_enable: m_write_enabled = true; break;
    case opcode::write_disable: m_write_enabled = false; break;
    case opcode::page_program:
    case opcode::page_program4: finish_program(now); break;
    case opcode::sector_erase:
        if (has_address) finish_erase(sector_size, m_timing.sector_erase, now);
        break;
    case opcode::block32_erase:
        if (has_address) finish_erase(32u << 10, m_timing.block32_erase, now);
        break;
    case opcode::block64_erase:
        if (has_address) finish_erase(64u << 10, m_timing.block64_erase, now);
        break;
    case opcode::chip_erase:
    case opcode::chip_erase_alt: finish_erase(flash_size, m_timing.chip_erase, now); break;
    case opcode::write_status: finish_write_status(now); break;
    case opcode::deep_power_down:
        m_deep_power_down = true;
        m_ready_at = now + m_timing.enter_deep_power_down;
        break;
    case opcode::release_power_down:
        if (m_deep_power_down) {
            m_deep_power_down = false;
            m_ready_at = now + m_timing.exit_deep_power_down;
        }
        break;
    case opcode::reset_enable: m_reset_enabled = true; break;
    case opcode::reset:
        if (reset_was_enabled) m_write_enabled = false;  // SR/CR are non-volatile
        break;
    default: break;
    }
}

void mx25r6435f::finish_program(sc_time now) {
    if (!m_write_enabled || m_program_bytes == 0) return;
    const std::uint32_t column = m_address % page_size;
    if (column + m_program_bytes <= page_size) {
        m_array.program(m_address, &m_page_buffer[column], m_program_bytes);
    } else {
        // Wrapped: untouched columns hold 0xFF, which programming leaves alone.
        m_array.program(m_address - column, m_page_buffer.data(), page_size);
    }
    start_operation(m_timing.page_program, now);
}

void mx25r6435f::finish_erase(std::uint32_t size, sc_time duration, sc_time now) {
    if (!m_write_enabled) return;
    m_array.erase(m_address & ~(size - 1), size);
    start_operation(duration, now);
}

void mx25r6435f::finish_write_status(sc_time now) {
    if (!m_write_enabled || m_status_count == 0) return;
    m_status = m_status_bytes[0] & std::uint8_t(~(sr_wip | sr_wel));
    if (m_status_count >= 2) m_configuration[0] = m_status_bytes[1];
    if (m_status_count >= 3) m_configuration[1] = m_status_bytes[2];
    start_operation(m_timing.write_status, now);
}

void mx25r6435f::start_operation(sc_time duration, sc_time now) {
    m_write_enabled = false;
    m_wip_until = now + duration;
}

std::vector<std::uint8_t> mx25r6435f::transfer(std::uint8_t op,
                                               std::optional<std::uint32_t> address,
                                               const std::vector<std::uint8_t>& tx,
                                               std::size_t rx_size, sc_time now) {
    select(op, now);
    if (address) {
        const std::uint8_t bytes[3] = {std::uint8_t(*address >> 16), std::uint8_t(*address >> 8),
                                       std::uint8_t(*address)};
        exchange(bytes, nullptr, 3);
    }
    exchange(nullptr, nullptr, shape_of(op).dummy_bytes);
    exchange(tx.data(), nullptr, tx.size());
    std::vector<std::uint8_t> rx(rx_size);
    exchange(nullptr, rx.data(), rx_size);
    deselect(now);
    return rx;
}

} // namespace nrf
