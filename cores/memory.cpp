// The core's view of memory: RAM and ROM buffers mapped straight into
// Unicorn, peripheral windows and the System Control Space as MMIO
// callbacks (TLM transactions on `bus`), access restrictions, and
// dropping translated code that changed.
#include "cores/cortex_m33.h"

#include <algorithm>
#include <sstream>

namespace armv8m {

using sc_core::sc_time;

void cortex_m33::map_ram(std::uint32_t base, models::memory& memory) {
    uc_err err = uc_mem_map_ptr(m_cpu.engine(), base, memory.size(), UC_PROT_ALL, memory.data());
    if (err != UC_ERR_OK)
        throw std::invalid_argument(std::string(name()) + ": cannot map " + memory.name() + ": " +
                                    unicorn_cpu::error_text(err));
    m_cpu.note_ram(base, base + memory.size());
    m_regions.push_back({base, std::uint32_t(memory.size()), &memory, true, &m_fetch_timings.emplace_back()});
}

void cortex_m33::map_rom(std::uint32_t base, models::memory& memory) {
    uc_err err = uc_mem_map_ptr(m_cpu.engine(), base, memory.size(), UC_PROT_READ | UC_PROT_EXEC,
                                memory.data());
    if (err != UC_ERR_OK)
        throw std::invalid_argument(std::string(name()) + ": cannot map " + memory.name() + ": " +
                                    unicorn_cpu::error_text(err));
    m_regions.push_back({base, std::uint32_t(memory.size()), &memory, false, &m_fetch_timings.emplace_back()});
}

void cortex_m33::map_io(std::uint32_t base, std::uint32_t size) {
    m_io_windows.push_back(std::make_unique<io_window>(io_window{this, base}));
    io_window* window = m_io_windows.back().get();
    uc_err err = uc_mmio_map(m_cpu.engine(), base, size, io_read, window, io_write, window);
    if (err != UC_ERR_OK) {
        std::ostringstream msg;
        msg << name() << ": cannot map I/O at 0x" << std::hex << base << ": " << unicorn_cpu::error_text(err);
        throw std::invalid_argument(msg.str());
    }
    m_regions.push_back({base, size, nullptr, false, nullptr});
}

void cortex_m33::set_region_access(std::uint32_t base, std::uint32_t size, bool read, bool write,
                                   bool execute) {
    const region* r = find_region(base);
    if (!r || !r->memory) throw std::invalid_argument(std::string(name()) + ": set_region_access outside memory");
    // Applied at the next stop: a protection change from inside a guest
    // access (an SPU register write) must not remap memory under Unicorn.
    m_access_changes.push_back({base, size, read, write, execute});
    request_stop();
}

void cortex_m33::apply_access_changes() {
    if (m_access_changes.empty()) return;
    for (const access_change& c : m_access_changes) {
        // Translated code goes first: in Unicorn 2.0.1 removing it after
        // uc_mem_protect would undo the protection (the protect call ends
        // with the TLB flush that makes it stick).
        m_invalidations.emplace_back(c.base, c.size);
        apply_invalidations();
        const region* r = find_region(c.base);
        // ROM keeps Unicorn's write protection either way: its stores go to
        // the bus, refused here while writes are not allowed.
        const std::uint32_t perms = (c.read ? UC_PROT_READ : 0) | (c.execute ? UC_PROT_EXEC : 0) |
                                    (c.write && r->writable ? UC_PROT_WRITE : 0);
        const uc_err err = uc_mem_protect(m_cpu.engine(), c.base, c.size, perms);
        if (err != UC_ERR_OK)
            throw std::invalid_argument(std::string(name()) + ": set_region_access: " + unicorn_cpu::error_text(err));
        if (!r->writable) {
            auto it = std::find_if(m_rom_write_blocks.begin(), m_rom_write_blocks.end(),
                                   [&](const auto& b) { return b.first == c.base; });
            if (it != m_rom_write_blocks.end()) m_rom_write_blocks.erase(it);
            if (!c.write) m_rom_write_blocks.emplace_back(c.base, c.size);
        }
    }
    m_access_changes.clear();
}

const cortex_m33::region* cortex_m33::find_region(std::uint32_t address) const {
    for (const region& r : m_regions)
        if (address - r.base < r.size) return &r;
    return nullptr;
}

std::uint8_t* cortex_m33::host_pointer(std::uint32_t address, std::size_t size, bool for_write) {
    const region* r = find_region(address);
    if (!r || !r->memory || (for_write && !r->writable)) return nullptr;
    if (address - r->base + size > r->size) return nullptr;
    return r->memory->data() + (address - r->base);
}

void cortex_m33::note_code_page(std::uint64_t address, std::uint32_t size) {
    m_cpu.note_code(address, address + size);
    for (std::uint64_t page = address / code_page_bytes; page <= (address + size - 1) / code_page_bytes; ++page)
        m_code_pages[page] = true;
}

// Code is dropped a whole page at a time, and only from pages this core
// ran code in: the page is then clean until code runs there again.
void cortex_m33::invalidate_code(std::uint32_t address, std::uint32_t size) {
    if (size == 0) return;
    bool queued = false;
    for (std::uint64_t page = address / code_page_bytes; page <= (std::uint64_t(address) + size - 1) / code_page_bytes;
         ++page) {
        if (!m_code_pages[page]) continue;
        m_code_pages[page] = false;
        m_invalidations.emplace_back(static_cast<std::uint32_t>(page * code_page_bytes), code_page_bytes);
        queued = true;
    }
    if (queued) request_stop();
}

void cortex_m33::apply_invalidations() {
    for (const auto& [address, size] : m_invalidations) {
        m_cpu.invalidate(address, std::uint64_t(address) + size);
        const std::uint32_t first = address > max_block_bytes ? address - max_block_bytes : 0;
        for (std::uint64_t a = first; a < std::uint64_t(address) + size; a += 2) {
            cached_block& entry = m_block_cache[(a >> 1) & (block_cache_entries - 1)];
            if (entry.address == a && entry.address + entry.size > address) entry = cached_block{};
        }
    }
    m_invalidations.clear();
}

bool cortex_m33::rom_write_blocked(std::uint32_t address) const {
    for (const auto& [base, size] : m_rom_write_blocks)
        if (address - base < size) return true;
    return false;
}

bool cortex_m33::hook_unmapped(uc_engine*, uc_mem_type, std::uint64_t address, int, std::int64_t,
                               void* self) {
    auto& core = *static_cast<cortex_m33*>(self);
    core.m_fault_address = static_cast<std::uint32_t>(address);
    return false;
}

bool cortex_m33::hook_rom_write(uc_engine*, uc_mem_type, std::uint64_t address, int size,
                                std::int64_t value, void* self) {
    auto& core = *static_cast<cortex_m33*>(self);
    std::uint32_t data = static_cast<std::uint32_t>(value);
    const region* r = core.find_region(static_cast<std::uint32_t>(address));
    const bool refused = !r || r->writable || core.rom_write_blocked(static_cast<std::uint32_t>(address));
    if (!refused && core.bus_access(tlm::TLM_WRITE_COMMAND, static_cast<std::uint32_t>(address), &data, size))
        return true;  // the flash controller applied it; Unicorn drops the store
    core.m_fault_address = static_cast<std::uint32_t>(address);
    return false;
}

std::uint64_t cortex_m33::io_read(uc_engine*, std::uint64_t offset, unsigned size, void* window) {
    auto& w = *static_cast<io_window*>(window);
    const std::uint32_t address = w.base + static_cast<std::uint32_t>(offset);
    std::uint32_t value = 0;
    if (!w.core->bus_access(tlm::TLM_READ_COMMAND, address, &value, size)) {
        w.core->m_pending_bus_error = true;
        w.core->m_bus_error_address = address;
        w.core->m_bus_error_write = false;
        w.core->request_stop();
        return 0;
    }
    w.core->skip_polling(address, value);
    return value;
}

void cortex_m33::io_write(uc_engine*, std::uint64_t offset, unsigned size, std::uint64_t value, void* window) {
    auto& w = *static_cast<io_window*>(window);
    const std::uint32_t address = w.base + static_cast<std::uint32_t>(offset);
    std::uint32_t data = static_cast<std::uint32_t>(value);
    if (!w.core->bus_access(tlm::TLM_WRITE_COMMAND, address, &data, size)) {
        w.core->m_pending_bus_error = true;
        w.core->m_bus_error_address = address;
        w.core->m_bus_error_write = true;
        w.core->request_stop();
    }
}

std::uint64_t cortex_m33::ppb_read(uc_engine*, std::uint64_t offset, unsigned size, void* self) {
    auto& core = *static_cast<cortex_m33*>(self);
    if (offset == system_control::dwt_cyccnt_offset || offset == system_control::syst_cvr_offset)
        core.skip_busy_wait();
    return core.m_scs.read(static_cast<std::uint32_t>(offset), size);
}

void cortex_m33::ppb_write(uc_engine*, std::uint64_t offset, unsigned size, std::uint64_t value, void* self) {
    static_cast<cortex_m33*>(self)->m_scs.write(static_cast<std::uint32_t>(offset),
                                                static_cast<std::uint32_t>(value), size);
}

bool cortex_m33::bus_access(tlm::tlm_command cmd, std::uint32_t address, void* data, unsigned size) {
    m_trans.set_command(cmd);
    m_trans.set_address(address);
    m_trans.set_data_ptr(static_cast<unsigned char*>(data));
    m_trans.set_data_length(size);
    m_trans.set_streaming_width(size);
    m_trans.set_byte_enable_ptr(nullptr);
    m_trans.set_dmi_allowed(false);
    m_trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    m_master->pc = m_block_pc;
    act_outward();
    const sc_time before = current_delay();
    sc_time delay = before;
    bus->b_transport(m_trans, delay);
    if (delay > before) {
        // The access stalled the core (e.g. an NVMC write): charge its cycles.
        const unsigned __int128 ps = (delay - before).value();
        const std::uint64_t stall = static_cast<std::uint64_t>((ps * m_clock_hz + ps_per_second - 1) / ps_per_second);
        m_slice_cycles += stall;
        m_slice_stall_cycles += stall;
        if (m_slice_cycles >= m_budget) request_stop();
    }
    return m_trans.is_response_ok();
}

} // namespace armv8m
