// nRF5340 FICR (app 0x00FF0000, net 0x01FF0000; 4 KB, read-only) and the
// UICR array (app 0x00FF8000, net 0x01FF8000).
// PS: https://docs.nordicsemi.com/bundle/ps_nrf5340/page/ficr.html
// Facts used: nrfx MDK (bsp/stable/mdk/nrf5340_application.h, nrf5340_network.h and their _bitfields.h) (FICR, UICR);
// nrfx MDK system_nrf5340_application.c (what SystemInit reads); BabbleSim
// ext_nRF_hw_models src/HW_models/NHW_53_FICR.c (values it chose).
//
// FICR is erased (0xFFFFFFFF) except INFO and the errata identification
// words: INFO.PART 0x5340, VARIANT QKAA, PACKAGE QK, RAM/FLASH/CODEPAGESIZE/
// CODESIZE for the core, DEVICETYPE die, a fixed DEVICEID (the same on both
// cores), and the undocumented +0x130 = 7 (nRF5340) and +0x134 = 4.
// Revision 4 is chosen so nrfx's errata code takes the harmless paths: the
// revision-2-only and 2..3 workarounds (1, 42, 46, 49, 64, 69, 97) and the
// revision >= 5 ones (160 in SystemInit, QSPI 159's clock check) are
// skipped; 55 and 140 (all revisions) only touch RESET and a register read
// as 0; QSPI 121 (>= 3) writes IFCONFIG0 bits 16/17 and IFTIMING, which the
// QSPI model stores. TRIMCNF stays erased, so SystemInit's trim loop does
// nothing. Net: DEVICEADDRTYPE random, a fixed static DEVICEADDR.
//
// UICR is flash: a models::nor_flash written through the core's NVMC
// (make_uicr()); it starts erased and keeps its contents across resets.
//
// Not modeled: NFC, TRNG90B, XOSC32MTRIM (all erased), ER/IR.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "models/memory.h"
#include "models/nor_flash.h"

namespace nrf {

class ficr : public sc_core::sc_module {
public:
    enum class core { application, network };
    static constexpr std::uint32_t size = 0x1000;

    tlm_utils::simple_target_socket<ficr> socket;

    ficr(sc_core::sc_module_name name, core which);

    // For a direct read-only map into the core.
    const models::memory& memory() const { return m_memory; }
    std::uint32_t word(std::uint32_t offset) const { return m_memory.read32(offset); }

private:
    void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    unsigned transport_dbg(tlm::tlm_generic_payload& trans);

    models::memory m_memory;
};

constexpr std::uint32_t uicr_size = 0x1000;
// A UICR array: erased, one 4 KB erase unit (only ERASEALL erases it),
// warning when a word is written twice between erases.
std::unique_ptr<models::nor_flash> make_uicr(const std::string& name);

} // namespace nrf
