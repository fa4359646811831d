// The exception state of an Armv8-M Mainline core (secure-only firmware):
// enabled, pending and active flags and the priority of every exception,
// external interrupt lines as levels with a pending latch, and the
// priority rules (PRIGROUP, PRIMASK/BASEPRI/FAULTMASK, preemption).
// Pure logic: nothing here knows Unicorn or SystemC.
#pragma once

#include <bitset>
#include <cstdint>
#include <vector>

namespace armv8m {

enum exception : unsigned {
    exc_none = 0,
    exc_reset = 1,
    exc_nmi = 2,
    exc_hardfault = 3,
    exc_memmanage = 4,
    exc_busfault = 5,
    exc_usagefault = 6,
    exc_securefault = 7,
    exc_svcall = 11,
    exc_debugmonitor = 12,
    exc_pendsv = 14,
    exc_systick = 15,
    exc_irq0 = 16,
};

struct priority_masks {
    bool primask = false;
    bool faultmask = false;
    std::uint8_t basepri = 0;
};

class nvic {
public:
    // Thread mode runs below every exception priority.
    static constexpr int thread_priority = 256;

    nvic(unsigned num_irq, unsigned priority_bits);

    unsigned num_irq() const { return m_num_irq; }
    unsigned num_exceptions() const { return exc_irq0 + m_num_irq; }
    void reset();

    // External lines (level-sensitive): a rising edge latches pending; a line
    // still high when its handler returns pends the interrupt again.
    void set_line(unsigned irq, bool level);
    bool line(unsigned irq) const { return irq < m_num_irq && m_line[exc_irq0 + irq]; }

    bool enabled(unsigned exc) const;
    void set_enabled(unsigned exc, bool on);
    bool pending(unsigned exc) const;
    void set_pending(unsigned exc, bool on);
    bool active(unsigned exc) const { return m_active[exc]; }
    void set_active(unsigned exc, bool on) { m_active[exc] = on; }

    // Up to 16 system exceptions and 496 external interrupts.
    static constexpr unsigned max_exceptions = 512;
    using exception_set = std::bitset<max_exceptions>;

    // Configurable priority as written (the low unimplemented bits read 0).
    std::uint8_t priority_field(unsigned exc) const { return m_priority[exc]; }
    void set_priority_field(unsigned exc, std::uint8_t value);
    int priority(unsigned exc) const;
    void set_prigroup(unsigned prigroup) { m_prigroup = prigroup & 7; }
    unsigned prigroup() const { return m_prigroup; }
    int group_priority(int priority) const;

    int execution_priority(const priority_masks& masks) const;
    // Priority of the active exceptions alone (RETTOBASE, tail-chaining).
    int active_priority(unsigned except_exc = exc_none) const;
    unsigned active_count() const;

    // The pending, enabled exception with the highest priority (lowest
    // number, then lowest exception number), or exc_none.
    unsigned highest_pending() const;
    // The exception to take now under the given masks, or exc_none.
    unsigned exception_to_take(const priority_masks& masks) const;
    // WFI wakes on an interrupt that would preempt if PRIMASK were clear.
    bool wakes_from_wfi(const priority_masks& masks) const;
    bool any_pending() const;

    // Exception entry and return bookkeeping.
    void activate(unsigned exc);
    void deactivate(unsigned exc);

private:
    bool is_configurable(unsigned exc) const { return exc >= exc_memmanage; }
    // Pending and enabled, as a set: the hot question is whether it is empty.
    exception_set candidates() const { return (m_pending_latch | (m_line & ~m_active)) & m_enabled; }

    unsigned m_num_irq;
    std::uint8_t m_priority_mask;
    unsigned m_prigroup = 0;
    std::vector<std::uint8_t> m_priority;  // per exception number
    // All indexed by exception number. Enabled: IRQs by NVIC, faults by
    // SHCSR, the other system exceptions always.
    exception_set m_enabled, m_pending_latch, m_active, m_line;
};

} // namespace armv8m
