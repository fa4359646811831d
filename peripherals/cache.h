// nRF5340 CACHE (application core instruction/data cache controller,
// secure 0x50001000, IRQ 1). PS: https://docs.nordicsemi.com/bundle/ps_nrf5340/page/cache.html
// Facts used: the nRF5340 Product Specification, CACHE chapter
// (https://docs.nordicsemi.com/bundle/ps_nrf5340/page/cache.html); nrfx MDK nrf5340_application_bitfields.h (CACHE).
//
// Accesses are never cached in the simulator (flash reads cost what the
// SoC charges), so the cache is its control registers: ENABLE, MODE
// (0 cache, 1 RAM), PROFILINGENABLE are stored; INVALIDATE and
// PROFILINGCLEAR act at once and read 0; ERASE completes at once and sets
// ERASESTATUS (software writes 0 to clear it); DEBUGLOCK and WRITELOCK
// are write-1-sticky until reset. enabled() tells the SoC whether the
// firmware turned the cache on (e.g. to charge cached flash timing).
//
// Not modeled: the cache itself (hits, misses, timing), the CACHEDATA /
//   CACHEINFO RAM at 0x00F00000 / 0x00F08000, RAM mode's use of the cache
//   memory, the PROFILING counters (IHIT/IMISS/DHIT/DMISS always read 0).
// Deviates from HW: INVALIDATE and ERASE take no time.
#pragma once

#include <cstdint>

#include "models/peripheral.h"

namespace nrf {

class cache : public models::peripheral {
public:
    explicit cache(sc_core::sc_module_name name);

    bool enabled() const;
    bool ram_mode() const;
    // Number of INVALIDATE / ERASE operations since reset (diagnostics).
    unsigned invalidations() const { return m_invalidations; }
    void reset() override;

private:
    void write_invalidate(std::uint32_t value);
    void write_erase(std::uint32_t value);
    void write_profilingclear(std::uint32_t value);
    void write_debuglock(std::uint32_t value);
    void write_writelock(std::uint32_t value);

    unsigned m_invalidations = 0;
    std::uint32_t m_debuglock = 0, m_writelock = 0;
};

} // namespace nrf
