// nRF5340 NVMC, one per core (app S 0x50039000 / NS 0x40039000; net
// 0x41080000). PS: https://docs.nordicsemi.com/bundle/ps_nrf5340/page/nvmc.html
// Facts used: the nRF5340 Product Specification, NVMC chapter
// (https://docs.nordicsemi.com/bundle/ps_nrf5340/page/nvmc.html); nrfx MDK (NVMC registers); nrfx hal/nrf_nvmc.h
// (nRF53 has no ERASEPAGE: a page is erased by writing 0xFFFFFFFF into it
// with CONFIG=EEN); BabbleSim ext_nRF_hw_models NHW_NVMC.c and
// NHW_config.5340.h (the write and erase times it takes from the PS).
//
// The NVMC owns the write path of its core's flash and UICR. The SoC maps
// both arrays read-only into the core (fast reads and fetches) and routes
// every store to them to flash_port / uicr_port (addresses relative to the
// array). A store there must be a word-aligned 32-bit write with
// CONFIG = Wen (program, NOR rule new = old & value), Een (0xFFFFFFFF
// erases the flash page holding the address) or PEen (0xFFFFFFFF runs one
// partial erase step of ERASEPAGEPARTIALCFG ms; the page is erased once the
// steps add up to a full page erase). Anything else answers a TLM error,
// which the core turns into a bus fault. The store's annotated delay grows
// by the operation time (43 us write, 87.5 ms erase): the core stalls, and
// READY reads 0 until the operation ends. Non-secure stores use CONFIGNS
// (app) and need WRITEUICRNS for UICR. ERASEALL (with CONFIG = Een) erases
// flash and UICR in 173 ms without stalling; poll READY.
// Net core: ACL[8] regions (write-once PERM: bit 1 blocks write/erase,
// bit 2 blocks read) refuse stores, and reads through flash_port; the SoC
// asks acl_allows() to keep protected ranges off its direct map.
//
// Net core: the I-code cache is a timing model (models::line_cache:
// 2 KB by the PS's NVMC "Cache size"; 2-way and 16-byte lines assumed, as
// the app core's CACHE): the SoC puts icache() in front of the network
// flash. ICACHECNF.CACHEEN turns it on (cold), CACHEPROFEN makes IHIT and
// IMISS count; writing them sets the counters (software clears with 0).
//
// Not modeled: flash endurance, KMU, READYNEXT differs from READY in nothing.
// Deviates from HW: the array changes at the start of the operation.
#pragma once

#include <cstdint>
#include <functional>
#include <map>

#include <systemc>
#include <tlm_utils/simple_target_socket.h>

#include "models/line_cache.h"
#include "models/nor_flash.h"
#include "models/peripheral.h"

namespace nrf {

class nvmc : public models::peripheral {
public:
    struct config {
        std::uint32_t flash_base;  // bus address of the flash (ACL.ADDR is absolute)
        std::uint32_t page_size;   // 4096 app, 2048 net
        bool network;              // net core: ICACHE and ACL; app: CONFIGNS, WRITEUICRNS
    };
    static config application() { return {0x00000000, 4096, false}; }
    static config network_core() { return {0x01000000, 2048, true}; }

    tlm_utils::simple_target_socket<nvmc> flash_port;
    tlm_utils::simple_target_socket<nvmc> uicr_port;

    nvmc(sc_core::sc_module_name name, config cfg, models::nor_flash& flash,
         models::nor_flash& uicr);

    // Whether the ACL lets `size` bytes at flash offset `address` be read
    // (write = false) or written/erased (write = true).
    bool acl_allows(std::uint32_t address, std::uint32_t size, bool write) const;
    void set_on_acl_changed(std::function<void()> f) { m_on_acl_changed = std::move(f); }

    static sc_core::sc_time write_time() { return sc_core::sc_time(43, sc_core::SC_US); }
    static sc_core::sc_time page_erase_time() { return sc_core::sc_time(87500, sc_core::SC_US); }
    static sc_core::sc_time erase_all_time() { return sc_core::sc_time(173, sc_core::SC_MS); }

    static constexpr unsigned icache_bytes = 2048;  // 2-way, 16-byte lines assumed (models::line_cache)
    models::line_cache& icache() { return m_icache; }

    void reset() override;

private:
    friend struct nvmc_registers;

    std::uint32_t read_ready();
    void write_eraseall(std::uint32_t value);
    void write_acl_perm(unsigned region, std::uint32_t value);
    void write_icachecnf(std::uint32_t value);
    std::uint32_t read_ihit();
    std::uint32_t read_imiss();
    void write_ihit(std::uint32_t value);
    void write_imiss(std::uint32_t value);

    void flash_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    void uicr_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    unsigned flash_debug(tlm::tlm_generic_payload& trans);
    unsigned uicr_debug(tlm::tlm_generic_payload& trans);
    void store(models::nor_flash& array, bool is_uicr, tlm::tlm_generic_payload& trans,
               sc_core::sc_time& delay);
    std::uint32_t write_mode(const tlm::tlm_generic_payload& trans, bool is_uicr) const;
    bool partial_erase(std::uint32_t page, sc_core::sc_time& duration);
    void fail(tlm::tlm_generic_payload& trans, const char* why) const;

    config m_config;
    models::nor_flash& m_flash;
    models::nor_flash& m_uicr;
    sc_core::sc_time m_busy_until = sc_core::SC_ZERO_TIME;
    std::map<std::uint32_t, sc_core::sc_time> m_partial_erase_done;  // page -> time spent
    std::uint32_t m_acl_perm[8] = {};  // write-once bits, kept across writes of 0
    std::function<void()> m_on_acl_changed;
    models::line_cache m_icache{icache_bytes};
};

} // namespace nrf
