#include "cores/nvic.h"

#include <algorithm>

namespace armv8m {

nvic::nvic(unsigned num_irq, unsigned priority_bits)
    : m_num_irq(num_irq),
      m_priority_mask(static_cast<std::uint8_t>(0xFF << (8 - priority_bits))),
      m_priority(exc_irq0 + num_irq),
      m_enabled(exc_irq0 + num_irq),
      m_pending_latch(exc_irq0 + num_irq),
      m_active(exc_irq0 + num_irq),
      m_line(num_irq) {
    reset();
}

void nvic::reset() {
    std::fill(m_priority.begin(), m_priority.end(), 0);
    std::fill(m_pending_latch.begin(), m_pending_latch.end(), false);
    std::fill(m_active.begin(), m_active.end(), false);
    std::fill(m_enabled.begin(), m_enabled.end(), false);
    // Lines are inputs: they keep the level the peripherals drive.
    m_prigroup = 0;
}

void nvic::set_line(unsigned irq, bool level) {
    if (irq >= m_num_irq) return;
    if (level && !m_line[irq]) m_pending_latch[exc_irq0 + irq] = true;
    m_line[irq] = level;
}

bool nvic::enabled(unsigned exc) const {
    switch (exc) {
    case exc_memmanage: case exc_busfault: case exc_usagefault: case exc_securefault:
        return m_enabled[exc];  // SHCSR.*ENA
    default:
        return exc < exc_irq0 || m_enabled[exc];
    }
}

void nvic::set_enabled(unsigned exc, bool on) {
    if (exc < m_enabled.size()) m_enabled[exc] = on;
}

bool nvic::pending(unsigned exc) const {
    if (exc >= m_pending_latch.size()) return false;
    if (m_pending_latch[exc]) return true;
    return exc >= exc_irq0 && m_line[exc - exc_irq0] && !m_active[exc];
}

void nvic::set_pending(unsigned exc, bool on) {
    if (exc < m_pending_latch.size()) m_pending_latch[exc] = on;
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
    for (unsigned exc = 1; exc < m_active.size(); ++exc)
        if (m_active[exc] && exc != except_exc) best = std::min(best, group_priority(priority(exc)));
    return best;
}

unsigned nvic::active_count() const {
    return static_cast<unsigned>(std::count(m_active.begin(), m_active.end(), true));
}

int nvic::execution_priority(const priority_masks& masks) const {
    int prio = active_priority();
    if (masks.basepri & m_priority_mask) prio = std::min(prio, group_priority(masks.basepri & m_priority_mask));
    if (masks.primask) prio = std::min(prio, 0);
    if (masks.faultmask) prio = std::min(prio, -1);
    return prio;
}

unsigned nvic::highest_pending() const {
    unsigned best = exc_none;
    int best_prio = thread_priority + 1;
    for (unsigned exc = 1; exc < m_pending_latch.size(); ++exc) {
        if (!pending(exc) || !enabled(exc)) continue;
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

bool nvic::any_pending() const { return highest_pending() != exc_none; }

void nvic::activate(unsigned exc) {
    m_pending_latch[exc] = false;
    m_active[exc] = true;
}

void nvic::deactivate(unsigned exc) { m_active[exc] = false; }

} // namespace armv8m
