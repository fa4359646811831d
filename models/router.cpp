#include "models/router.h"

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace models {

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
