#include "sim/soc/protection.h"

#include <iomanip>
#include <sstream>

#include "models/log.h"
#include "models/router.h"

namespace sim {

namespace {

constexpr std::uint32_t secure_alias_bit = 0x10000000;  // 0x5xxxxxxx vs 0x4xxxxxxx
constexpr std::uint32_t net_flash_base = 0x01000000, block = 0x1000;

struct null_backward_path : tlm::tlm_bw_transport_if<> {
    tlm::tlm_sync_enum nb_transport_bw(tlm::tlm_generic_payload&, tlm::tlm_phase&, sc_core::sc_time&) override {
        return tlm::TLM_COMPLETED;
    }
    void invalidate_direct_mem_ptr(sc_dt::uint64, sc_dt::uint64) override {}
};

null_backward_path& backward_path() {
    static null_backward_path path;
    return path;
}

std::string hex(std::uint32_t v) {
    std::ostringstream s;
    s << "0x" << std::hex << std::uppercase << std::setw(8) << std::setfill('0') << v;
    return s.str();
}

}  // namespace

// Checks PERIPHID security in front of one mapping of a peripheral.
class protection::peripheral_gate : public tlm::tlm_fw_transport_if<> {
public:
    peripheral_gate(protection& owner, tlm::tlm_fw_transport_if<>& target, std::uint32_t base, bool from_net)
        : m_owner(owner), m_target(target), m_base(base), m_id((base >> 12) & 0xFF), m_from_net(from_net) {}

    void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) override {
        if (allowed(trans)) {
            m_target.b_transport(trans, delay);
            return;
        }
        m_owner.m_spu->record_violation(nrf::spu::violation::peripheral, delay);
        trans.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
    }
    unsigned transport_dbg(tlm::tlm_generic_payload& trans) override { return m_target.transport_dbg(trans); }
    tlm::tlm_sync_enum nb_transport_fw(tlm::tlm_generic_payload& trans, tlm::tlm_phase& phase,
                                       sc_core::sc_time& delay) override {
        return m_target.nb_transport_fw(trans, phase, delay);
    }
    bool get_direct_mem_ptr(tlm::tlm_generic_payload&, tlm::tlm_dmi&) override { return false; }

private:
    bool allowed(const tlm::tlm_generic_payload& trans) {
        const nrf::spu* spu = m_owner.m_spu;
        if (!spu) return true;
        const models::bus_master* master = trans.get_extension<models::bus_master>();
        const bool master_secure = m_from_net ? spu->extdomain_secure() : (!master || master->secure);
        const bool secure = master_secure && (m_base & secure_alias_bit) != 0;
        if (spu->allows_peripheral(m_id, secure)) return true;
        if (!m_logged) {  // once per mapping: a polling loop must not flood the log
            m_logged = true;
            const std::uint32_t address = m_base + static_cast<std::uint32_t>(trans.get_address());
            models::log::info(std::string(m_from_net ? "net" : "app") + ": SPU refused a " +
                              (secure ? "secure" : "non-secure") + " access to " + hex(address) +
                              " (PERIPHID " + std::to_string(m_id) + " is " +
                              (spu->peripheral_secure(m_id) ? "secure" : "non-secure") + ") at pc " +
                              hex(master ? master->pc : 0));
        }
        return false;
    }

    protection& m_owner;
    tlm::tlm_fw_transport_if<>& m_target;
    std::uint32_t m_base;
    unsigned m_id;
    bool m_from_net;
    bool m_logged = false;
};

protection::protection(armv8m::cortex_m33& app, armv8m::cortex_m33& net) : m_app(app), m_net(net) {}

protection::~protection() = default;

void protection::attach(nrf::spu& spu, nrf::nvmc& net_nvmc) {
    m_spu = &spu;
    m_net_nvmc = &net_nvmc;
    spu.on_memory_permissions_changed = [this] { apply(); };
    net_nvmc.set_on_acl_changed([this] { apply(); });
    apply();
}

tlm::tlm_fw_transport_if<>& protection::direct(tlm::tlm_target_socket<>& peripheral) {
    auto& port = peripheral.get_base_port();
    if (m_bound_ports.insert(&port).second) port.bind(backward_path());
    auto& fw_export = static_cast<sc_core::sc_export<tlm::tlm_fw_transport_if<>>&>(peripheral);
    return *fw_export.operator->();
}

tlm::tlm_fw_transport_if<>& protection::gate(tlm::tlm_target_socket<>& peripheral, std::uint32_t base,
                                             bool from_net) {
    m_gates.push_back(std::make_unique<peripheral_gate>(*this, direct(peripheral), base, from_net));
    return *m_gates.back();
}

protection::access protection::ram_access(std::uint32_t address, bool secure) const {
    return {m_spu->allows_ram(address, 1, false, false, secure), m_spu->allows_ram(address, 1, true, false, secure),
            m_spu->allows_ram(address, 1, false, true, secure)};
}

void protection::apply() {
    if (!m_spu || !m_net_nvmc) return;
    for (unsigned n = 0; n < nrf::spu::region_count; ++n) {
        const std::uint32_t flash = nrf::spu::flash_base + n * nrf::spu::flash_region_size;
        set(m_app, m_app_flash[n], flash, nrf::spu::flash_region_size,
            {m_spu->allows_flash(flash, 1, false, false, true), m_spu->allows_flash(flash, 1, true, false, true),
             m_spu->allows_flash(flash, 1, false, true, true)});
        const std::uint32_t ram = nrf::spu::ram_base + n * nrf::spu::ram_region_size;
        set(m_app, m_app_ram[n], ram, nrf::spu::ram_region_size, ram_access(ram, true));
        set(m_net, m_net_app_ram[n], ram, nrf::spu::ram_region_size, ram_access(ram, m_spu->extdomain_secure()));
    }
    for (unsigned n = 0; n < net_flash_blocks; ++n) {
        const bool readable = m_net_nvmc->acl_allows(n * block, block, false);
        set(m_net, m_net_flash[n], net_flash_base + n * block, block, {readable, true, true});
    }
}

void protection::set(armv8m::cortex_m33& core, access& applied, std::uint32_t base, std::uint32_t size,
                     access wanted) {
    if (applied == wanted) return;
    core.set_region_access(base, size, wanted.read, wanted.write, wanted.execute);
    applied = wanted;
}

}  // namespace sim
