// The cache tag array: 2-way LRU replacement, invalidation, counters.
#include <gtest/gtest.h>

#include "models/line_cache.h"

namespace {

// 64 bytes, 2 ways of 16-byte lines: 2 sets; lines 0, 2, 4 share set 0.
struct line_cache_test : ::testing::Test {
    models::line_cache cache{64};
    line_cache_test() {
        cache.enable(true);
        cache.set_profiling(true);
    }
};

TEST_F(line_cache_test, a_line_misses_once_then_hits) {
    EXPECT_FALSE(cache.fetch_instruction_line(0));
    EXPECT_TRUE(cache.fetch_instruction_line(0));
    EXPECT_EQ(cache.instruction_hits(), 1u);
    EXPECT_EQ(cache.instruction_misses(), 1u);
}

TEST_F(line_cache_test, the_least_recently_used_way_is_replaced) {
    cache.fetch_instruction_line(0);
    cache.fetch_instruction_line(2);
    cache.fetch_instruction_line(0);              // 2 is now the older
    EXPECT_FALSE(cache.fetch_instruction_line(4)); // evicts 2
    EXPECT_TRUE(cache.holds(0));
    EXPECT_FALSE(cache.holds(2));
    EXPECT_TRUE(cache.fetch_instruction_line(1) == false && cache.holds(1));  // set 1 untouched
}

TEST_F(line_cache_test, invalidate_and_reenabling_start_cold) {
    cache.fetch_instruction_line(0);
    cache.invalidate();
    EXPECT_FALSE(cache.holds(0));
    cache.fetch_instruction_line(0);
    cache.enable(false);
    cache.enable(true);
    EXPECT_FALSE(cache.holds(0));
}

TEST_F(line_cache_test, counters_count_only_while_profiling) {
    cache.set_profiling(false);
    cache.fetch_instruction_line(0);
    cache.count_data_hits(3);
    EXPECT_EQ(cache.instruction_misses(), 0u);
    EXPECT_EQ(cache.data_hits(), 0u);
    cache.set_profiling(true);
    cache.count_data_hits(3);
    cache.count_instruction_hits(5);
    EXPECT_EQ(cache.data_hits(), 3u);
    EXPECT_EQ(cache.instruction_hits(), 5u);
    cache.clear_counters();
    EXPECT_EQ(cache.instruction_hits() + cache.data_hits(), 0u);
}

} // namespace
