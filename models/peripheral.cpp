#include "models/peripheral.h"

#include <sstream>

#include "models/log.h"
#include "models/router.h"

namespace models {
namespace {

bool g_strict = false;

// Restores a member to its old value when a scope ends (nested accesses).
class scoped_delay {
public:
    scoped_delay(sc_core::sc_time& slot, const sc_core::sc_time& value) : m_slot(slot), m_saved(slot) {
        m_slot = value;
    }
    ~scoped_delay() { m_slot = m_saved; }

private:
    sc_core::sc_time& m_slot;
    sc_core::sc_time m_saved;
};

bool valid_size(unsigned length, std::uint64_t address) {
    return (length == 1 || length == 2 || length == 4) && address % length == 0;
}

} // namespace

peripheral::peripheral(sc_core::sc_module_name name) : sc_module(name), socket("socket") {
    socket.register_b_transport(this, &peripheral::b_transport);
    socket.register_transport_dbg(this, &peripheral::transport_dbg);
}

void peripheral::set_strict(bool strict) { g_strict = strict; }
bool peripheral::strict() { return g_strict; }

void peripheral::reset() {
    m_bank.reset();
    update_irq();
}

void peripheral::connect_dppi(dppi_bus& bus) {
    m_dppi = &bus;
    bus.connect(*this);
}

void peripheral::signal_event(std::uint32_t event_offset) {
    m_bank.store(event_offset, 1);
    update_irq();
    const int channel = m_bank.publish_channel(event_offset);
    if (m_dppi && channel >= 0 && event_routed(event_offset)) {
        m_dppi->publish(static_cast<unsigned>(channel), m_delay);
    }
}

void peripheral::dppi_triggered(unsigned channel, const sc_core::sc_time& delay) {
    const std::vector<std::uint32_t> tasks = m_bank.subscribed_tasks(channel);
    if (tasks.empty()) return;
    scoped_delay at(m_delay, delay);
    for (std::uint32_t task : tasks) m_bank.trigger_task(task);
    update_irq();
}

void peripheral::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    const std::uint64_t address = trans.get_address();
    const unsigned length = trans.get_data_length();
    if (!valid_size(length, address) || trans.get_byte_enable_ptr() ||
        trans.get_streaming_width() < length) {
        report_bad_access(trans, static_cast<std::uint32_t>(address), "unsupported size or alignment");
        trans.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
        return;
    }
    const std::uint32_t offset = static_cast<std::uint32_t>(address) & ~3u;
    const unsigned shift = (address & 3) * 8;
    const std::uint32_t lanes = (length == 4 ? 0xFFFFFFFFu : ((1u << (8 * length)) - 1)) << shift;
    unsigned char* data = trans.get_data_ptr();

    scoped_delay at(m_delay, delay);
    const bus_master* saved_master = m_master;
    m_master = trans.get_extension<bus_master>();
    register_bank::status status;
    if (trans.is_write()) {
        std::uint32_t value = 0;
        for (unsigned i = 0; i < length; ++i) value |= std::uint32_t(data[i]) << (8 * i);
        status = m_bank.write(offset, value << shift, lanes);
        update_irq();
    } else {
        std::uint32_t value = 0;
        status = m_bank.read(offset, value);
        for (unsigned i = 0; i < length; ++i) data[i] = static_cast<unsigned char>(value >> (shift + 8 * i));
    }
    m_master = saved_master;
    delay += m_access_latency;

    if (status == register_bank::status::ok) {
        trans.set_response_status(tlm::TLM_OK_RESPONSE);
        return;
    }
    const bool unmapped = status == register_bank::status::unmapped;
    report_bad_access(trans, offset, unmapped ? "access to an unimplemented register" : "write to a read-only register");
    if (!g_strict) {
        trans.set_response_status(tlm::TLM_OK_RESPONSE);
    } else {
        trans.set_response_status(unmapped ? tlm::TLM_ADDRESS_ERROR_RESPONSE : tlm::TLM_GENERIC_ERROR_RESPONSE);
    }
}

unsigned peripheral::transport_dbg(tlm::tlm_generic_payload& trans) {
    if (!trans.is_read()) return 0;  // a debugger must not fire tasks
    const std::uint64_t address = trans.get_address();
    unsigned char* data = trans.get_data_ptr();
    unsigned done = 0;
    while (done < trans.get_data_length()) {
        const std::uint64_t a = address + done;
        std::uint32_t value = 0;
        if (!m_bank.peek(static_cast<std::uint32_t>(a) & ~3u, value)) value = 0;
        data[done] = static_cast<unsigned char>(value >> ((a & 3) * 8));
        ++done;
    }
    return done;
}

void peripheral::report_bad_access(const tlm::tlm_generic_payload& trans, std::uint32_t offset,
                                   const char* what) {
    if (!m_warned_offsets.insert(offset).second) return;
    std::ostringstream msg;
    msg << name() << ": " << what << " (" << (trans.is_write() ? "write" : "read") << " at offset 0x"
        << std::hex << offset;
    if (const bus_master* master = trans.get_extension<bus_master>()) {
        msg << ", core " << (master->core == 0 ? "app" : "net") << ", pc 0x" << master->pc;
    }
    msg << ")";
    log::warning(msg.str());
}

} // namespace models
