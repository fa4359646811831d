// The exception state and priority rules, without a core.
#include <gtest/gtest.h>

#include "cores/nvic.h"

using namespace armv8m;

TEST(nvic, level_line_latches_pending_and_repends_while_high_after_return) {
    nvic n(32, 3);
    n.set_enabled(exc_irq0 + 4, true);
    n.set_line(4, true);
    EXPECT_TRUE(n.pending(exc_irq0 + 4));
    n.activate(exc_irq0 + 4);
    EXPECT_FALSE(n.pending(exc_irq0 + 4));   // active: the high level does not pend it again
    n.deactivate(exc_irq0 + 4);
    EXPECT_TRUE(n.pending(exc_irq0 + 4));    // still high after return: pending again
    n.set_line(4, false);
    EXPECT_FALSE(n.pending(exc_irq0 + 4));
    n.set_line(4, true);                     // a pulse leaves the latch set
    n.set_line(4, false);
    EXPECT_TRUE(n.pending(exc_irq0 + 4));
}

TEST(nvic, priorities_use_three_bits_and_prigroup_splits_group_from_subpriority) {
    nvic n(32, 3);
    n.set_priority_field(exc_irq0, 0x5F);
    EXPECT_EQ(n.priority_field(exc_irq0), 0x40);  // unimplemented low bits read 0
    n.set_prigroup(5);                              // bits [5:0] are subpriority
    EXPECT_EQ(n.group_priority(0x60), 0x40);
    EXPECT_EQ(n.priority(exc_hardfault), -1);
    EXPECT_EQ(n.priority(exc_nmi), -2);
}

TEST(nvic, masks_set_the_execution_priority) {
    nvic n(32, 3);
    n.set_enabled(exc_irq0 + 1, true);
    n.set_priority_field(exc_irq0 + 1, 0x80);
    n.set_pending(exc_irq0 + 1, true);
    EXPECT_EQ(n.exception_to_take({}), exc_irq0 + 1);
    EXPECT_EQ(n.exception_to_take({true, false, 0}), exc_none);      // PRIMASK
    EXPECT_EQ(n.exception_to_take({false, false, 0x80}), exc_none);  // BASEPRI equal: no
    EXPECT_EQ(n.exception_to_take({false, false, 0xA0}), exc_irq0 + 1);
    EXPECT_TRUE(n.wakes_from_wfi({true, false, 0}));                 // WFI ignores PRIMASK
    EXPECT_FALSE(n.wakes_from_wfi({false, false, 0x40}));            // but not BASEPRI
}

TEST(nvic, equal_priorities_go_by_exception_number_and_disabled_ones_wait) {
    nvic n(32, 3);
    for (unsigned irq : {3u, 7u}) {
        n.set_enabled(exc_irq0 + irq, true);
        n.set_priority_field(exc_irq0 + irq, 0x20);
        n.set_pending(exc_irq0 + irq, true);
    }
    n.set_pending(exc_irq0 + 1, true);  // not enabled
    EXPECT_EQ(n.highest_pending(), exc_irq0 + 3);
    n.activate(exc_irq0 + 3);
    EXPECT_EQ(n.exception_to_take({}), exc_none);  // same group priority: no preemption
    EXPECT_EQ(n.active_priority(), 0x20);
}
