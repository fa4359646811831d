// The nRF5340's protection as on silicon, applied by the SoC (sim/soc/soc.cpp):
//   - SPU FLASHREGION/RAMREGION R/W/X for the application core (it runs
//     secure, so SECATTR never refuses it; a cleared permission bit does);
//   - SPU EXTDOMAIN: the network core's accesses to application RAM carry
//     its security attribute (non-secure at reset), so secure RAM regions
//     refuse them;
//   - SPU PERIPHID security: an access whose security differs from the
//     peripheral's is refused (security = the alias: 0x5xxxxxxx secure,
//     0x4xxxxxxx non-secure; the network core's also needs EXTDOMAIN
//     secure to be secure);
//   - the network NVMC's ACL read protection on the network core's view of
//     its flash (its write path refuses stores itself).
// Flash and RAM are mapped straight into Unicorn, so their permissions are
// applied by changing the cores' mappings whenever the SPU or the ACL
// changes (cortex_m33::set_region_access), never by checking each access.
// Peripheral accesses go through a gate in front of each mapping. A refused
// access is a bus fault on the core and an ACCERR event in the SPU.
//
// Deviates from HW: the core's protection is 4 KB granular, so an ACL
// region of one 2 KB net-flash page protects its 4 KB neighbour too; ACL
// read protection refuses reads, not instruction fetches; EasyDMA is not
// checked (DMA/DMASEC not modelled); an access refused in RAM or flash
// does not raise EVENTS_RAMACCERR/FLASHACCERR (the core sees the fault, the
// SPU does not hear of it).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <set>
#include <vector>

#include <tlm>

#include "cores/cortex_m33.h"
#include "peripherals/nvmc.h"
#include "peripherals/spu.h"

namespace sim {

class protection {
public:
    protection(armv8m::cortex_m33& app, armv8m::cortex_m33& net);
    ~protection();

    // Wires the SPU and the network NVMC and applies their reset state.
    void attach(nrf::spu& spu, nrf::nvmc& net_nvmc);

    // The target to map at `base` instead of `peripheral` (an application
    // peripheral, ID = bits 19:12 of base). `from_net`: the mapping is in
    // the network core's view. The gate binds the peripheral socket's
    // backward path; map each peripheral through gates only.
    tlm::tlm_fw_transport_if<>& gate(tlm::tlm_target_socket<>& peripheral, std::uint32_t base, bool from_net);

    // The peripheral itself, for a mapping outside the SPU's reach (the
    // network core's window on the shared GPIO ports, ruled by MCUSEL).
    tlm::tlm_fw_transport_if<>& direct(tlm::tlm_target_socket<>& peripheral);

    // Recomputes every core mapping from the SPU and the ACL (cheap when
    // nothing changed: only regions whose access differs are re-mapped).
    void apply();

private:
    class peripheral_gate;
    struct access {
        bool read = true, write = true, execute = true;
        bool operator==(const access& o) const {
            return read == o.read && write == o.write && execute == o.execute;
        }
    };
    static constexpr unsigned net_flash_blocks = 64;  // 256 KB in 4 KB steps

    void set(armv8m::cortex_m33& core, access& applied, std::uint32_t base, std::uint32_t size, access wanted);
    access ram_access(std::uint32_t address, bool secure) const;

    armv8m::cortex_m33& m_app;
    armv8m::cortex_m33& m_net;
    nrf::spu* m_spu = nullptr;
    nrf::nvmc* m_net_nvmc = nullptr;
    std::vector<std::unique_ptr<peripheral_gate>> m_gates;
    std::set<const void*> m_bound_ports;  // peripheral sockets whose backward path is bound
    std::array<access, nrf::spu::region_count> m_app_flash{}, m_app_ram{}, m_net_app_ram{};
    std::array<access, net_flash_blocks> m_net_flash{};
};

}  // namespace sim
