#include "peripherals/qspi.h"

#include <algorithm>
#include <sstream>
#include <vector>

#include "models/log.h"

using sc_core::sc_time;

namespace nrf {
namespace {

namespace reg {
constexpr std::uint32_t EVENTS_READY = 0x100, ENABLE = 0x500, READ_SRC = 0x504, READ_DST = 0x508,
                        READ_CNT = 0x50C, WRITE_DST = 0x510, WRITE_SRC = 0x514,
                        WRITE_CNT = 0x518, ERASE_PTR = 0x51C, ERASE_LEN = 0x520,
                        PSEL_SCK = 0x524, PSEL_CSN = 0x528, PSEL_IO = 0x530, XIPOFFSET = 0x540,
                        IFCONFIG0 = 0x544, XIPEN = 0x54C, IFCONFIG1 = 0x600,
                        CINSTRDAT0 = 0x638, CINSTRDAT1 = 0x63C;
}

constexpr std::uint32_t psel_disconnected = 1u << 31;
constexpr std::uint32_t cnt_mask = 0x1FFFFF;
constexpr std::uint8_t op_write_enable = 0x06, op_read_status = 0x05;
// Opcodes IFCONFIG0.READOC / WRITEOC select, and the data lines they use.
constexpr std::uint8_t read_opcodes[] = {0x0B, 0x3B, 0xBB, 0x6B, 0xEB};
constexpr unsigned read_line_counts[] = {1, 2, 2, 4, 4};
constexpr std::uint8_t write_opcodes[] = {0x02, 0xA2, 0x32, 0x38};
constexpr unsigned write_line_counts[] = {1, 2, 4, 4};
constexpr std::uint8_t erase_opcodes[] = {0x20, 0xD8, 0xC7, 0xC7};
constexpr std::uint32_t erase_sizes[] = {4096, 65536, mx25r6435f::flash_size,
                                         mx25r6435f::flash_size};

// Time to request clocks and read the flash status (assumed; the PS gives none).
const sc_time activate_time(5, sc_core::SC_US);

// CINSTRCONF fields.
constexpr std::uint32_t cinstr_wipwait = 1u << 14, cinstr_wren = 1u << 15,
                        cinstr_lfen = 1u << 16, cinstr_lfstop = 1u << 17;

} // namespace

using R = models::regs<qspi>;
struct qspi_registers {
    static constexpr R::row rows[] = {
        R::task("TASKS_ACTIVATE", 0x000).on_task(&qspi::task_activate),
        R::task("TASKS_READSTART", 0x004).on_task(&qspi::task_readstart),
        R::task("TASKS_WRITESTART", 0x008).on_task(&qspi::task_writestart),
        R::task("TASKS_ERASESTART", 0x00C).on_task(&qspi::task_erasestart),
        R::task("TASKS_DEACTIVATE", 0x010).on_task(&qspi::task_deactivate),
        R::subscribe("SUBSCRIBE_ACTIVATE", 0x080),
        R::subscribe("SUBSCRIBE_READSTART", 0x084),
        R::subscribe("SUBSCRIBE_WRITESTART", 0x088),
        R::subscribe("SUBSCRIBE_ERASESTART", 0x08C),
        R::subscribe("SUBSCRIBE_DEACTIVATE", 0x090),
        R::event("EVENTS_READY", 0x100),
        R::publish("PUBLISH_READY", 0x180),
        R::inten(0x300).mask(1),
        R::inten_set(0x304).mask(1),
        R::inten_clr(0x308).mask(1),
        R::rw("ENABLE", 0x500).mask(1),
        R::rw("READ.SRC", 0x504),
        R::rw("READ.DST", 0x508),
        R::rw("READ.CNT", 0x50C).mask(cnt_mask),
        R::rw("WRITE.DST", 0x510),
        R::rw("WRITE.SRC", 0x514),
        R::rw("WRITE.CNT", 0x518).mask(cnt_mask),
        R::rw("ERASE.PTR", 0x51C),
        R::rw("ERASE.LEN", 0x520).mask(3),
        R::rw("PSEL.SCK", 0x524).reset(0xFFFFFFFF),
        R::rw("PSEL.CSN", 0x528).reset(0xFFFFFFFF),
        R::rw("PSEL.IO", 0x530).array(4).reset(0xFFFFFFFF),
        R::rw("XIPOFFSET", 0x540).on_write(&qspi::write_xip_setting),
        R::rw("IFCONFIG0", 0x544),
        R::rw("XIPEN", 0x54C).reset(1).mask(1).on_write(&qspi::write_xip_setting),
        R::rw("XIP_ENC.KEY", 0x560).array(4),
        R::rw("XIP_ENC.NONCE", 0x570).array(3),
        R::rw("XIP_ENC.ENABLE", 0x57C).mask(1).on_write(&qspi::write_encryption_enable),
        R::rw("DMA_ENC.KEY", 0x580).array(4),
        R::rw("DMA_ENC.NONCE", 0x590).array(3),
        R::rw("DMA_ENC.ENABLE", 0x59C).mask(1).on_write(&qspi::write_encryption_enable),
        R::rw("IFCONFIG1", 0x600).reset(0x00040480),
        R::ro("STATUS", 0x604).on_read(&qspi::read_status),
        R::rw("DPMDUR", 0x614).reset(0xFFFFFFFF),
        R::rw("ADDRCONF", 0x624).reset(0x000000B7),
        R::rw("CINSTRCONF", 0x634).reset(0x00002000).on_write(&qspi::write_cinstrconf),
        R::rw("CINSTRDAT0", 0x638),
        R::rw("CINSTRDAT1", 0x63C),
        R::rw("IFTIMING", 0x640).reset(0x00000600),
    };
};

qspi::qspi(sc_core::sc_module_name name, mx25r6435f& flash, models::dma_port& dma)
    : models::peripheral(name), xip("xip"), m_flash(flash), m_dma(dma) {
    declare_registers(*this, qspi_registers::rows);
    xip.register_b_transport(this, &qspi::xip_transport);
    xip.register_transport_dbg(this, &qspi::xip_debug);
    SC_METHOD(on_ready);
    sensitive << m_ready_event;
    dont_initialize();
}

void qspi::reset() {
    models::peripheral::reset();
    m_busy = false;
    m_long_frame = false;
    m_ready_event.cancel();
}

std::uint32_t qspi::xip_offset() const { return m_bank.stored(reg::XIPOFFSET); }
bool qspi::xip_enabled() const { return m_bank.stored(reg::XIPEN) & 1; }

void qspi::write_xip_setting(std::uint32_t) {
    if (m_on_xip_changed) m_on_xip_changed();
}

void qspi::write_encryption_enable(std::uint32_t value) {
    if (value & 1) models::log::warning(std::string(name()) + ": encryption is not modeled");
}

sc_time qspi::spi_time(std::uint64_t cycles) const {
    const std::uint32_t sckfreq = m_bank.stored(reg::IFCONFIG1) >> 28;
    // SCK period = 2 * (SCKFREQ + 1) cycles of 192 MHz; 1/192 MHz = 5208.33 ps.
    return sc_time(double(cycles * 2 * (sckfreq + 1) * 15625 / 3), sc_core::SC_PS);
}

unsigned qspi::read_lines() const {
    const unsigned readoc = m_bank.stored(reg::IFCONFIG0) & 7;
    return readoc < 5 ? read_line_counts[readoc] : 1;
}

unsigned qspi::write_lines() const {
    return write_line_counts[(m_bank.stored(reg::IFCONFIG0) >> 3) & 3];
}

bool qspi::pins_connected() const {
    if (m_bank.stored(reg::PSEL_SCK) & psel_disconnected) return false;
    return !(m_bank.stored(reg::PSEL_CSN) & psel_disconnected);
}

bool qspi::start_operation(const char* what, bool needs_enable) {
    if (m_busy) {
        models::log::warning(std::string(name()) + ": " + what + " while busy, ignored");
        return false;
    }
    if (needs_enable && !(m_bank.stored(reg::ENABLE) & 1)) {
        models::log::warning(std::string(name()) + ": " + what + " with ENABLE = 0, ignored");
        return false;
    }
    m_busy = true;
    return true;
}

void qspi::finish_at(const sc_time& when) {
    m_ready_event.notify(when - sc_core::sc_time_stamp());
}

void qspi::on_ready() {
    m_busy = false;
    signal_event(reg::EVENTS_READY);
}

void qspi::poll_status(const sc_time& when) {
    m_status_register = m_flash.transfer(op_read_status, {}, {}, 1, when)[0];
}

void qspi::task_activate() {
    if (!start_operation("ACTIVATE", false)) return;
    sc_time ready = now() + activate_time;
    if (pins_connected() && !m_flash.deep_power_down()) {
        ready = std::max(ready, m_flash.busy_until());
        poll_status(ready);
    }
    finish_at(ready);
}

void qspi::task_readstart() {
    if (!start_operation("READSTART")) return;
    const std::uint32_t address = m_bank.stored(reg::READ_SRC);
    const std::uint32_t count = m_bank.stored(reg::READ_CNT);
    const unsigned readoc = m_bank.stored(reg::IFCONFIG0) & 7;
    const std::uint8_t opcode = readoc < 5 ? read_opcodes[readoc] : read_opcodes[0];
    const std::vector<std::uint8_t> data = m_flash.transfer(opcode, address, {}, count, now());
    if (!m_dma.dma_write(m_bank.stored(reg::READ_DST), data.data(), data.size())) {
        std::ostringstream msg;
        msg << name() << ": READ.DST 0x" << std::hex << m_bank.stored(reg::READ_DST)
            << " is not RAM";
        models::log::warning(msg.str());
    }
    const unsigned lines = read_lines();
    finish_at(now() + spi_time(8 + (32 + 8ull * count) / lines));
}

void qspi::task_writestart() {
    if (!start_operation("WRITESTART")) return;
    std::uint32_t address = m_bank.stored(reg::WRITE_DST);
    const std::uint32_t count = m_bank.stored(reg::WRITE_CNT);
    std::vector<std::uint8_t> data(count);
    if (!m_dma.dma_read(m_bank.stored(reg::WRITE_SRC), data.data(), count)) {
        std::ostringstream msg;
        msg << name() << ": WRITE.SRC 0x" << std::hex << m_bank.stored(reg::WRITE_SRC)
            << " is not readable";
        models::log::warning(msg.str());
        finish_at(now());
        return;
    }
    const std::uint32_t page = (m_bank.stored(reg::IFCONFIG0) >> 12) & 1 ? 512 : 256;
    const std::uint8_t opcode = write_opcodes[(m_bank.stored(reg::IFCONFIG0) >> 3) & 3];
    const unsigned lines = write_lines();
    sc_time t = now();
    for (std::uint32_t done = 0; done < count;) {
        const std::uint32_t chunk = std::min(count - done, page - address % page);
        t = std::max(t, m_flash.busy_until());
        m_flash.transfer(op_write_enable, {}, {}, 0, t);
        t += spi_time(8);
        const std::vector<std::uint8_t> bytes(data.begin() + done, data.begin() + done + chunk);
        m_flash.transfer(opcode, address, bytes, 0, t);
        t += spi_time(8 + (24 + 8ull * chunk) / lines);
        done += chunk;
        address += chunk;
    }
    t = std::max(t, m_flash.busy_until());
    poll_status(t);
    finish_at(t);
}

void qspi::task_erasestart() {
    if (!start_operation("ERASESTART")) return;
    const unsigned len = m_bank.stored(reg::ERASE_LEN) & 3;
    sc_time t = std::max(now(), m_flash.busy_until());
    m_flash.transfer(op_write_enable, {}, {}, 0, t);
    t += spi_time(8);
    if (erase_sizes[len] == mx25r6435f::flash_size) {
        m_flash.transfer(erase_opcodes[len], {}, {}, 0, t);
        t += spi_time(8);
    } else {
        m_flash.transfer(erase_opcodes[len], m_bank.stored(reg::ERASE_PTR), {}, 0, t);
        t += spi_time(32);
    }
    poll_status(t);
    finish_at(t);
}

void qspi::task_deactivate() {
    if (m_long_frame) m_flash.deselect(now());
    m_long_frame = false;
}

// Sends opcode and data of a custom instruction, or the next chunk of a
// long frame; response bytes replace CINSTRDAT0/1's sent bytes.
void qspi::write_cinstrconf(std::uint32_t value) {
    if (!start_operation("custom instruction")) return;
    const unsigned length = std::clamp<unsigned>((value >> 8) & 0xF, 1, 9);
    const bool long_frame = value & cinstr_lfen;
    sc_time t = now();
    if (!m_long_frame) {
        if ((value & cinstr_wipwait) && !m_flash.deep_power_down())
            t = std::max(t, m_flash.busy_until());
        if (value & cinstr_wren) {
            m_flash.transfer(op_write_enable, {}, {}, 0, t);
            t += spi_time(8);
        }
        const std::uint8_t opcode = value & 0xFF;
        m_flash.select(opcode, t);
        if (opcode == op_read_status && length >= 2)
            m_status_register = m_flash.status(t);
        t += spi_time(8);
    }
    exchange_cinstr_data(length - 1);
    t += spi_time(8ull * (length - 1));
    const bool stop = !long_frame || (value & cinstr_lfstop);
    if (stop) m_flash.deselect(t);
    m_long_frame = !stop;
    finish_at(t);
}

void qspi::exchange_cinstr_data(unsigned count) {
    std::uint8_t bytes[8];
    const std::uint32_t dat0 = m_bank.stored(reg::CINSTRDAT0);
    const std::uint32_t dat1 = m_bank.stored(reg::CINSTRDAT1);
    for (unsigned i = 0; i < 8; ++i) bytes[i] = std::uint8_t((i < 4 ? dat0 : dat1) >> (8 * (i % 4)));
    m_flash.exchange(bytes, bytes, count);
    std::uint32_t new0 = 0, new1 = 0;
    for (unsigned i = 0; i < 4; ++i) {
        new0 |= std::uint32_t(bytes[i]) << (8 * i);
        new1 |= std::uint32_t(bytes[i + 4]) << (8 * i);
    }
    m_bank.store(reg::CINSTRDAT0, new0);
    m_bank.store(reg::CINSTRDAT1, new1);
}

std::uint32_t qspi::read_status() {
    return std::uint32_t(m_status_register) << 24 | (m_busy ? 0 : 1u << 3);
}

void qspi::xip_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time&) {
    const std::uint64_t offset = trans.get_address() + xip_offset();
    const unsigned length = trans.get_data_length();
    if (trans.is_write() || !xip_enabled() || offset + length > mx25r6435f::flash_size) {
        trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    std::copy_n(xip_memory().data() + offset, length, trans.get_data_ptr());
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

unsigned qspi::xip_debug(tlm::tlm_generic_payload& trans) {
    const std::uint64_t offset = trans.get_address() + xip_offset();
    const unsigned length = trans.get_data_length();
    if (trans.is_write() || offset + length > mx25r6435f::flash_size) return 0;
    std::copy_n(xip_memory().data() + offset, length, trans.get_data_ptr());
    return length;
}

} // namespace nrf
