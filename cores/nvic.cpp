#include "cores/nvic.h"

#include <algorithm>
#include <stdexcept>

namespace armv8m {

nvic::nvic(unsigned num_irq, unsigned priority_bits)
    : m_num_irq(num_irq),
      m_priority_mask(static_cast<std::uint8_t>(0xFF << (8 - priority_bits))),
      m_priority(exc_irq0 + num_irq) {
    if (exc_irq0 + num_irq > max_exceptions) throw std::invalid_argument("nvic: too many interrupts");
    reset();
}

void nvic::reset() {
    std::fill(m_priority.begin(), m_priority.end(), 0);
    m_pending_latch.reset();
    m_active.reset();
    m_enabled.reset();
    for (unsigned exc : {exc_nmi, exc_hardfault, exc_svcall, exc_debugmonitor, exc_pendsv, exc_systick})
        m_enabled.set(exc);
    // Lines are inputs: they keep the level the peripherals drive.
    m_prigroup = 0;
}

void nvic::set_line(unsigned irq, bool level) {
    if (irq >= m_num_irq) return;
    const unsigned exc = exc_irq0 + irq;
    if (level && !m_line[exc]) m_pending_latch.set(exc);
    m_line[exc] = level;
}

bool nvic::enabled(unsigned exc) const { return exc < max_exceptions && m_enabled[exc]; }

void nvic::set_enabled(unsigned exc, bool on) {
    const bool configurable = (exc >= exc_memmanage && exc <= exc_securefault) ||
                              (exc >= exc_irq0 && exc < exc_irq0 + m_num_irq);
    if (configurable) m_enabled[exc] = on;
}

bool nvic::pending(unsigned exc) const {
    if (exc >= exc_irq0 + m_num_irq) return false;
    return m_pending_latch[exc] || (m_line[exc] && !m_active[exc]);
}

void nvic::set_pending(unsigned exc, bool on) {
    if (exc < exc_irq0 + m_num_irq) m_pending_latch[exc] = on;
}

void nvic::set_priority_field(unsigned exc, std::uint8_t value) {
    if (exc < m_priority.size() && is_configurable(exc))
        m_priority[exc] = value & m_priority_mask;
}

int nvic::priority(unsigned exc) const {
    switch (exc) {
    case exc_reset: return -4;
    case exc_nmi: return -2;
    case exc_hardfault: return -1;
    default: return m_priority[exc];
    }
}

int nvic::group_priority(int prio) const {
    if (prio < 0) return prio;
    const int subpriority_mask = (2 << m_prigroup) - 1;
    return prio & ~subpriority_mask;
}

int nvic::active_priority(unsigned except_exc) const {
    int best = thread_priority;
    for (unsigned exc = m_active._Find_first(); exc < max_exceptions; exc = m_active._Find_next(exc))
        if (exc != except_exc) best = std::min(best, group_priority(priority(exc)));
    return best;
}

unsigned nvic::active_count() const { return static_cast<unsigned>(m_active.count()); }

int nvic::execution_priority(const priority_masks& masks) const {
    int prio = active_priority();
    if (masks.basepri & m_priority_mask) prio = std::min(prio, group_priority(masks.basepri & m_priority_mask));
    if (masks.primask) prio = std::min(prio, 0);
    if (masks.faultmask) prio = std::min(prio, -1);
    return prio;
}

unsigned nvic::highest_pending() const {
    const exception_set set = candidates();
    unsigned best = exc_none;
    int best_prio = thread_priority + 1;
    for (unsigned exc = set._Find_first(); exc < max_exceptions; exc = set._Find_next(exc)) {
        const int prio = priority(exc);
        if (prio < best_prio) { best = exc; best_prio = prio; }
    }
    return best;
}

unsigned nvic::exception_to_take(const priority_masks& masks) const {
    const unsigned exc = highest_pending();
    if (exc == exc_none) return exc_none;
    return group_priority(priority(exc)) < execution_priority(masks) ? exc : exc_none;
}

bool nvic::wakes_from_wfi(const priority_masks& masks) const {
    priority_masks without_primask = masks;
    without_primask.primask = false;
    const unsigned exc = highest_pending();
    return exc != exc_none && group_priority(priority(exc)) < execution_priority(without_primask);
}

bool nvic::any_pending() const { return candidates().any(); }

void nvic::activate(unsigned exc) {
    m_pending_latch[exc] = false;
    m_active[exc] = true;
}

void nvic::deactivate(unsigned exc) { m_active[exc] = false; }

} // namespace armv8m
