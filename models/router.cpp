#include "models/router.h"

#include <algorithm>
#include <set>
#include <sstream>
#include <stdexcept>

namespace models {

namespace {

struct null_backward_path : tlm::tlm_bw_transport_if<> {
    tlm::tlm_sync_enum nb_transport_bw(tlm::tlm_generic_payload&, tlm::tlm_phase&,
                                       sc_core::sc_time&) override {
        return tlm::TLM_COMPLETED;
    }
    void invalidate_direct_mem_ptr(sc_dt::uint64, sc_dt::uint64) override {}
};

null_backward_path& backward_path() {
    static null_backward_path path;
    return path;
}

// Backward ports already bound, whichever router bound them.
std::set<const void*>& bound_ports() {
    static std::set<const void*> ports;
    return ports;
}

} // namespace

void router::map(std::uint64_t base, std::uint64_t size, tlm::tlm_target_socket<>& target,
                 std::string name) {
    auto& port = target.get_base_port();
    if (bound_ports().insert(&port).second) port.bind(backward_path());
    auto& fw_export = static_cast<sc_core::sc_export<tlm::tlm_fw_transport_if<>>&>(target);
    map(base, size, *fw_export.operator->(), std::move(name));
}

router::router(sc_core::sc_module_name name) : sc_module(name), in("in") {
    in.register_b_transport(this, &router::b_transport);
    in.register_transport_dbg(this, &router::transport_dbg);
}

void router::map(std::uint64_t base, std::uint64_t size, tlm::tlm_fw_transport_if<>& target,
                 std::string name) {
    for (const auto& r : m_regions) {
        if (base < r.base + r.size && r.base < base + size) {
            std::ostringstream msg;
            msg << this->name() << ": region " << name << " at 0x" << std::hex << base
                << " overlaps " << r.name << " at 0x" << r.base;
            throw std::invalid_argument(msg.str());
        }
    }
    region r{base, size, &target, std::move(name)};
    m_regions.insert(std::upper_bound(m_regions.begin(), m_regions.end(), base,
                                      [](std::uint64_t b, const region& x) { return b < x.base; }),
                     std::move(r));
}

const router::region* router::find(std::uint64_t address) const {
    auto it = std::upper_bound(m_regions.begin(), m_regions.end(), address,
                               [](std::uint64_t a, const region& x) { return a < x.base; });
    if (it == m_regions.begin()) return nullptr;
    --it;
    return address - it->base < it->size ? &*it : nullptr;
}

void router::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    const std::uint64_t address = trans.get_address();
    const region* r = find(address);
    if (!r || address + trans.get_data_length() > r->base + r->size) {
        trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    trans.set_address(address - r->base);
    r->target->b_transport(trans, delay);
    trans.set_address(address);
}

unsigned router::transport_dbg(tlm::tlm_generic_payload& trans) {
    const std::uint64_t address = trans.get_address();
    const region* r = find(address);
    if (!r) return 0;
    trans.set_address(address - r->base);
    unsigned n = r->target->transport_dbg(trans);
    trans.set_address(address);
    return n;
}

} // namespace models
