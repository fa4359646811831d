#include "peripherals/mutex.h"

namespace nrf {
namespace {
constexpr std::uint32_t MUTEX = 0x400;
}

mutex::mutex(sc_core::sc_module_name name) : peripheral(name) {
    using R = models::regs<mutex>;
    static constexpr R::row rows[] = {
        R::rw("MUTEX", MUTEX).array(mutex_count).mask(1).on_read(&mutex::read_mutex).read_has_side_effects(),
    };
    declare_registers(*this, rows);
    reset();
}

std::uint32_t mutex::read_mutex(unsigned n) {
    const std::uint32_t offset = MUTEX + 4 * n;
    const std::uint32_t taken = m_bank.stored(offset);
    m_bank.store(offset, 1);
    return taken;
}

} // namespace nrf
