#include "peripherals/nvmc.h"

#include <cstring>
#include <sstream>

#include "models/log.h"
#include "models/router.h"

using sc_core::sc_time;

namespace nrf {
namespace {

namespace reg {
constexpr std::uint32_t CONFIG = 0x504, ERASEPAGEPARTIALCFG = 0x51C, CONFIGNS = 0x584,
                        WRITEUICRNS = 0x588, ACL_ADDR = 0x800, ACL_SIZE = 0x804,
                        ACL_STRIDE = 0x10;
}

constexpr std::uint32_t mode_write = 1, mode_erase = 2, mode_partial_erase = 4;
constexpr std::uint32_t acl_block_write = 1u << 1, acl_block_read = 1u << 2;
constexpr std::uint32_t write_uicr_ns_unlocked = (0xAFBE5A7u << 4) | 1;
constexpr unsigned acl_count = 8;

} // namespace

using R = models::regs<nvmc>;
struct nvmc_registers {
    static constexpr R::row common[] = {
        R::ro("READY", 0x400).on_read(&nvmc::read_ready),
        R::ro("READYNEXT", 0x408).on_read(&nvmc::read_ready),
        R::rw("CONFIG", 0x504).mask(7),
        R::rw("ERASEALL", 0x50C).mask(1).on_write(&nvmc::write_eraseall),
        R::rw("ERASEPAGEPARTIALCFG", 0x51C).mask(0x7F).reset(0x0A),
    };
    static constexpr R::row application[] = {
        R::rw("CONFIGNS", 0x584).mask(3),
        R::rw("WRITEUICRNS", 0x588),
    };
    static constexpr R::row network[] = {
        R::rw("ICACHECNF", 0x540).mask(0x101).on_write(&nvmc::write_icachecnf),
        R::rw("IHIT", 0x548).on_read(&nvmc::read_ihit).on_write(&nvmc::write_ihit),
        R::rw("IMISS", 0x54C).on_read(&nvmc::read_imiss).on_write(&nvmc::write_imiss),
        R::rw("ACL.ADDR", 0x800).array(acl_count, reg::ACL_STRIDE),
        R::rw("ACL.SIZE", 0x804).array(acl_count, reg::ACL_STRIDE),
        R::rw("ACL.PERM", 0x808).array(acl_count, reg::ACL_STRIDE).mask(6)
            .on_write(&nvmc::write_acl_perm),
    };
};

nvmc::nvmc(sc_core::sc_module_name name, config cfg, models::nor_flash& flash,
           models::nor_flash& uicr)
    : models::peripheral(name), flash_port("flash_port"), uicr_port("uicr_port"),
      m_config(cfg), m_flash(flash), m_uicr(uicr) {
    declare_registers(*this, nvmc_registers::common);
    if (cfg.network) declare_registers(*this, nvmc_registers::network);
    else declare_registers(*this, nvmc_registers::application);
    flash_port.register_b_transport(this, &nvmc::flash_transport);
    flash_port.register_transport_dbg(this, &nvmc::flash_debug);
    uicr_port.register_b_transport(this, &nvmc::uicr_transport);
    uicr_port.register_transport_dbg(this, &nvmc::uicr_debug);
}

void nvmc::reset() {
    models::peripheral::reset();
    m_busy_until = sc_core::SC_ZERO_TIME;
    m_partial_erase_done.clear();
    for (auto& perm : m_acl_perm) perm = 0;
    if (m_on_acl_changed) m_on_acl_changed();
    write_icachecnf(0);
    m_icache.clear_counters();
}

void nvmc::write_icachecnf(std::uint32_t value) {
    constexpr std::uint32_t cacheen = 1u << 0, cacheprofen = 1u << 8;
    m_icache.enable(value & cacheen);
    m_icache.set_profiling(value & cacheprofen);
}

std::uint32_t nvmc::read_ihit() { return m_icache.instruction_hits(); }
std::uint32_t nvmc::read_imiss() { return m_icache.instruction_misses(); }
void nvmc::write_ihit(std::uint32_t value) { m_icache.set_instruction_counters(value, m_icache.instruction_misses()); }
void nvmc::write_imiss(std::uint32_t value) { m_icache.set_instruction_counters(m_icache.instruction_hits(), value); }

std::uint32_t nvmc::read_ready() { return now() < m_busy_until ? 0 : 1; }

void nvmc::write_eraseall(std::uint32_t value) {
    if (!(value & 1)) return;
    if ((m_bank.stored(reg::CONFIG) & 7) != mode_erase) {
        models::log::warning(std::string(name()) + ": ERASEALL without CONFIG = Een, ignored");
        return;
    }
    if (m_flash.erase(0, m_flash.size()) == models::flash_result::done)
        m_uicr.erase(0, m_uicr.size());
    m_busy_until = now() + erase_all_time();
}

void nvmc::write_acl_perm(unsigned region, std::uint32_t value) {
    m_acl_perm[region] |= value;
    m_bank.store(reg::ACL_ADDR + 8 + region * reg::ACL_STRIDE, m_acl_perm[region]);
    if (m_on_acl_changed) m_on_acl_changed();
}

bool nvmc::acl_allows(std::uint32_t address, std::uint32_t size, bool write) const {
    if (!m_config.network) return true;
    const std::uint32_t blocked = write ? acl_block_write : acl_block_read;
    for (unsigned i = 0; i < acl_count; ++i) {
        if (!(m_acl_perm[i] & blocked)) continue;
        const std::uint32_t start = m_bank.stored(reg::ACL_ADDR + i * reg::ACL_STRIDE) -
                                    m_config.flash_base;
        const std::uint32_t length = m_bank.stored(reg::ACL_SIZE + i * reg::ACL_STRIDE);
        if (address < start + length && start < address + size) return false;
    }
    return true;
}

void nvmc::fail(tlm::tlm_generic_payload& trans, const char* why) const {
    std::ostringstream msg;
    msg << name() << ": " << why << " (" << (trans.is_write() ? "write" : "read")
        << " at offset 0x" << std::hex << trans.get_address();
    if (const auto* master = trans.get_extension<models::bus_master>())
        msg << ", core " << (master->core == 0 ? "app" : "net") << ", pc 0x" << master->pc;
    msg << ")";
    models::log::warning(msg.str());
    trans.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
}

// CONFIG for secure stores, CONFIGNS for non-secure ones (app core); a
// non-secure UICR store also needs WRITEUICRNS unlocked.
std::uint32_t nvmc::write_mode(const tlm::tlm_generic_payload& trans, bool is_uicr) const {
    const auto* master = trans.get_extension<models::bus_master>();
    if (m_config.network || !master || master->secure) return m_bank.stored(reg::CONFIG) & 7;
    if (is_uicr && m_bank.stored(reg::WRITEUICRNS) != write_uicr_ns_unlocked) return 0;
    return m_bank.stored(reg::CONFIGNS) & 3;
}

void nvmc::flash_transport(tlm::tlm_generic_payload& trans, sc_time& delay) {
    store(m_flash, false, trans, delay);
}

void nvmc::uicr_transport(tlm::tlm_generic_payload& trans, sc_time& delay) {
    store(m_uicr, true, trans, delay);
}

void nvmc::store(models::nor_flash& array, bool is_uicr, tlm::tlm_generic_payload& trans,
                 sc_time& delay) {
    const std::uint32_t offset = std::uint32_t(trans.get_address());
    const unsigned length = trans.get_data_length();
    if (!array.contains(offset, length)) return fail(trans, "outside the array");
    if (!is_uicr && !acl_allows(offset, length, trans.is_write()))
        return fail(trans, "blocked by the ACL");
    if (trans.is_read()) {
        std::memcpy(trans.get_data_ptr(), array.storage().data() + offset, length);
        trans.set_response_status(tlm::TLM_OK_RESPONSE);
        return;
    }
    if (length != 4 || offset % 4 != 0) return fail(trans, "flash store not a 32-bit aligned word");
    const sc_time start = sc_core::sc_time_stamp() + delay;
    if (start < m_busy_until) delay += m_busy_until - start;  // wait for the previous operation
    std::uint32_t value;
    std::memcpy(&value, trans.get_data_ptr(), 4);
    const std::uint32_t mode = write_mode(trans, is_uicr);
    sc_time duration = write_time();
    if (mode == mode_write) {
        array.program(offset, trans.get_data_ptr(), 4);
    } else if ((mode == mode_erase || mode == mode_partial_erase) && value == 0xFFFFFFFF) {
        if (is_uicr) return fail(trans, "UICR can only be erased by ERASEALL");
        const std::uint32_t page = offset - offset % m_config.page_size;
        duration = page_erase_time();
        const bool finished = mode == mode_erase || partial_erase(page, duration);
        if (finished) array.erase(page, m_config.page_size);
    } else {
        return fail(trans, "flash store with CONFIG not allowing it");
    }
    delay += duration;
    m_busy_until = sc_core::sc_time_stamp() + delay;
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

// One partial-erase step; true once the steps add up to a page erase.
bool nvmc::partial_erase(std::uint32_t page, sc_time& duration) {
    duration = sc_time(double(m_bank.stored(reg::ERASEPAGEPARTIALCFG)), sc_core::SC_MS);
    sc_time& done = m_partial_erase_done[page];
    done += duration;
    if (done < page_erase_time()) return false;
    m_partial_erase_done.erase(page);
    return true;
}

unsigned nvmc::flash_debug(tlm::tlm_generic_payload& trans) {
    const std::uint32_t offset = std::uint32_t(trans.get_address());
    if (trans.is_write() || !m_flash.contains(offset, trans.get_data_length())) return 0;
    std::memcpy(trans.get_data_ptr(), m_flash.storage().data() + offset, trans.get_data_length());
    return trans.get_data_length();
}

unsigned nvmc::uicr_debug(tlm::tlm_generic_payload& trans) {
    const std::uint32_t offset = std::uint32_t(trans.get_address());
    if (trans.is_write() || !m_uicr.contains(offset, trans.get_data_length())) return 0;
    std::memcpy(trans.get_data_ptr(), m_uicr.storage().data() + offset, trans.get_data_length());
    return trans.get_data_length();
}

} // namespace nrf
