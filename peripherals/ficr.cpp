#include "peripherals/ficr.h"

#include <cstring>

namespace nrf {
namespace {

namespace offset {
constexpr std::uint32_t PART_CODE = 0x130, REVISION_CODE = 0x134, INFO_CONFIGID = 0x200,
                        INFO_DEVICEID = 0x204, INFO_PART = 0x20C, INFO_VARIANT = 0x210,
                        INFO_PACKAGE = 0x214, INFO_RAM = 0x218, INFO_FLASH = 0x21C,
                        INFO_CODEPAGESIZE = 0x220, INFO_CODESIZE = 0x224,
                        INFO_DEVICETYPE = 0x228, DEVICEADDRTYPE = 0x2A0, DEVICEADDR = 0x2A4;
}

struct core_info {
    std::uint32_t ram_kb, flash_kb, code_page_size, code_size;
};
constexpr core_info app_info{512, 1024, 0x1000, 256};
constexpr core_info net_info{64, 256, 0x800, 128};

} // namespace

ficr::ficr(sc_core::sc_module_name name, core which)
    : sc_module(name), socket("socket"), m_memory(std::string(this->name()), size, 0xFF) {
    const core_info& info = which == core::application ? app_info : net_info;
    m_memory.write32(offset::PART_CODE, 0x07);
    m_memory.write32(offset::REVISION_CODE, 0x04);
    m_memory.write32(offset::INFO_CONFIGID, 0x00000000);
    m_memory.write32(offset::INFO_DEVICEID, 0x5E3A1C07);
    m_memory.write32(offset::INFO_DEVICEID + 4, 0x9D2B64F1);
    m_memory.write32(offset::INFO_PART, 0x5340);
    m_memory.write32(offset::INFO_VARIANT, 0x514B4141);  // "QKAA"
    m_memory.write32(offset::INFO_PACKAGE, 0x2000);      // QK
    m_memory.write32(offset::INFO_RAM, info.ram_kb);
    m_memory.write32(offset::INFO_FLASH, info.flash_kb);
    m_memory.write32(offset::INFO_CODEPAGESIZE, info.code_page_size);
    m_memory.write32(offset::INFO_CODESIZE, info.code_size);
    m_memory.write32(offset::INFO_DEVICETYPE, 0);  // die
    if (which == core::network) {
        m_memory.write32(offset::DEVICEADDRTYPE, 1);  // random
        m_memory.write32(offset::DEVICEADDR, 0x53C0FFEE);
        m_memory.write32(offset::DEVICEADDR + 4, 0xFFFFC053);  // top bits 11: static random
    }
    socket.register_b_transport(this, &ficr::b_transport);
    socket.register_transport_dbg(this, &ficr::transport_dbg);
}

void ficr::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time&) {
    const std::uint64_t address = trans.get_address();
    const unsigned length = trans.get_data_length();
    if (trans.is_write() || address + length > size) {
        trans.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
        return;
    }
    std::memcpy(trans.get_data_ptr(), m_memory.data() + address, length);
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

unsigned ficr::transport_dbg(tlm::tlm_generic_payload& trans) {
    const std::uint64_t address = trans.get_address();
    const unsigned length = trans.get_data_length();
    if (trans.is_write() || address + length > size) return 0;
    std::memcpy(trans.get_data_ptr(), m_memory.data() + address, length);
    return length;
}

std::unique_ptr<models::nor_flash> make_uicr(const std::string& name) {
    return std::make_unique<models::nor_flash>(name, uicr_size, uicr_size, 4, 1);
}

} // namespace nrf
