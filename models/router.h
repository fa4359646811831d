// An address decoder: forwards each TLM transaction to the target whose
// region holds its address, with the address made relative to the region
// base (so a peripheral mapped at its secure and non-secure alias sees the
// same offsets). An address in no region gets TLM_ADDRESS_ERROR_RESPONSE,
// which a core turns into a bus fault.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

namespace models {

// Who started a transaction, carried as a TLM extension so that targets
// (SPU checks, IPC, MUTEX) can tell the cores apart.
struct bus_master : tlm::tlm_extension<bus_master> {
    unsigned core = 0;     // 0 application core, 1 network core
    bool secure = true;    // security attribute of the access
    std::uint32_t pc = 0;  // for diagnostics

    tlm::tlm_extension_base* clone() const override { return new bus_master(*this); }
    void copy_from(const tlm::tlm_extension_base& other) override {
        *this = static_cast<const bus_master&>(other);
    }
};

class router : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<router> in;

    explicit router(sc_core::sc_module_name name);

    // Regions must not overlap; map() throws std::invalid_argument if they do.
    void map(std::uint64_t base, std::uint64_t size, tlm::tlm_fw_transport_if<>& target,
             std::string name);
    // The same for a target socket. Routers call targets directly and never
    // use the backward path, so the socket's backward port is bound once to
    // a no-op interface (once only: a peripheral shared by both cores'
    // routers is mapped twice).
    void map(std::uint64_t base, std::uint64_t size, tlm::tlm_target_socket<>& target,
             std::string name);

    struct region {
        std::uint64_t base, size;
        tlm::tlm_fw_transport_if<>* target;
        std::string name;
    };
    const region* find(std::uint64_t address) const;
    const std::vector<region>& regions() const { return m_regions; }

private:
    void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    unsigned transport_dbg(tlm::tlm_generic_payload& trans);

    std::vector<region> m_regions;  // sorted by base
};

} // namespace models
