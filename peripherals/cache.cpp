#include "peripherals/cache.h"

namespace nrf {
namespace {

constexpr std::uint32_t ENABLE = 0x500, INVALIDATE = 0x504, ERASE = 0x508, PROFILINGCLEAR = 0x510,
                        MODE = 0x514, DEBUGLOCK = 0x518, ERASESTATUS = 0x51C, WRITELOCK = 0x520;
constexpr std::uint32_t profiling_stride = 0x20;

} // namespace

cache::cache(sc_core::sc_module_name name) : peripheral(name) {
    using R = models::regs<cache>;
    static constexpr R::row rows[] = {
        R::ro("PROFILING.IHIT", 0x400).array(2, profiling_stride).on_read(&cache::read_ihit),
        R::ro("PROFILING.IMISS", 0x404).array(2, profiling_stride).on_read(&cache::read_imiss),
        R::ro("PROFILING.DHIT", 0x408).array(2, profiling_stride).on_read(&cache::read_dhit),
        R::ro("PROFILING.DMISS", 0x40C).array(2, profiling_stride).on_read(&cache::read_dmiss),
        R::rw("ENABLE", ENABLE).mask(1).on_write(&cache::write_enable),
        R::rw("INVALIDATE", INVALIDATE).mask(1).on_write(&cache::write_invalidate),
        R::rw("ERASE", ERASE).mask(1).on_write(&cache::write_erase),
        R::rw("PROFILINGENABLE", 0x50C).mask(1).on_write(&cache::write_profilingenable),
        R::rw("PROFILINGCLEAR", PROFILINGCLEAR).mask(1).on_write(&cache::write_profilingclear),
        R::rw("MODE", MODE).mask(1).on_write(&cache::write_mode),
        R::rw("DEBUGLOCK", DEBUGLOCK).mask(1).on_write(&cache::write_debuglock),
        R::rw("ERASESTATUS", ERASESTATUS).mask(1),
        R::rw("WRITELOCK", WRITELOCK).mask(1).on_write(&cache::write_writelock),
    };
    declare_registers(*this, rows);
    reset();
}

void cache::reset() {
    peripheral::reset();
    m_invalidations = 0;
    m_debuglock = m_writelock = 0;
    m_tags.set_profiling(false);
    m_tags.clear_counters();
    update_tags();
}

void cache::update_tags() { m_tags.enable(enabled() && !ram_mode()); }

void cache::write_enable(std::uint32_t) { update_tags(); }
void cache::write_mode(std::uint32_t) { update_tags(); }
void cache::write_profilingenable(std::uint32_t value) { m_tags.set_profiling(value & 1); }

// PROFILING[0] counts the flash; XIP (PROFILING[1]) is not cached here.
std::uint32_t cache::read_profiling(unsigned index, std::uint32_t flash_value) { return index == 0 ? flash_value : 0; }
std::uint32_t cache::read_ihit(unsigned i) { return read_profiling(i, m_tags.instruction_hits()); }
std::uint32_t cache::read_imiss(unsigned i) { return read_profiling(i, m_tags.instruction_misses()); }
std::uint32_t cache::read_dhit(unsigned i) { return read_profiling(i, m_tags.data_hits()); }
std::uint32_t cache::read_dmiss(unsigned i) { return read_profiling(i, m_tags.data_misses()); }

bool cache::enabled() const { return m_bank.stored(ENABLE) & 1; }
bool cache::ram_mode() const { return m_bank.stored(MODE) & 1; }

void cache::write_invalidate(std::uint32_t value) {
    if (value & 1) {
        ++m_invalidations;
        m_tags.invalidate();
    }
    m_bank.store(INVALIDATE, 0);
}

void cache::write_erase(std::uint32_t value) {
    if (value & 1) {
        ++m_invalidations;
        m_tags.invalidate();
        m_bank.store(ERASESTATUS, 1);
    }
    m_bank.store(ERASE, 0);
}

void cache::write_profilingclear(std::uint32_t value) {
    if (value & 1) m_tags.clear_counters();
    m_bank.store(PROFILINGCLEAR, 0);
}

void cache::write_debuglock(std::uint32_t value) {
    m_debuglock |= value & 1;
    m_bank.store(DEBUGLOCK, m_debuglock);
}

void cache::write_writelock(std::uint32_t value) {
    m_writelock |= value & 1;
    m_bank.store(WRITELOCK, m_writelock);
}

} // namespace nrf
