#include "sim/common/duration.h"

#include <gtest/gtest.h>

using sim::parse_duration;
using sim::format_duration;

TEST(duration, reads_each_unit) {
    EXPECT_EQ(parse_duration("250ns"), 250'000u);
    EXPECT_EQ(parse_duration("10us"), 10'000'000u);
    EXPECT_EQ(parse_duration("500ms"), 500'000'000'000u);
    EXPECT_EQ(parse_duration("2s"), 2'000'000'000'000u);
}

TEST(duration, reads_decimals_exactly) {
    EXPECT_EQ(parse_duration("1.5ms"), 1'500'000'000u);
    EXPECT_EQ(parse_duration("0.001s"), 1'000'000'000u);
    EXPECT_EQ(parse_duration("1.234ns"), 1'234u);
    EXPECT_EQ(parse_duration("1.2340ns"), 1'234u);  // trailing zeros below 1 ps are fine
}

TEST(duration, allows_one_space_before_the_unit) {
    EXPECT_EQ(parse_duration("3 ms"), 3'000'000'000u);
    EXPECT_THROW(parse_duration("3  ms"), sim::duration_error);
}

TEST(duration, rejects_what_is_not_a_duration) {
    for (const char* bad : {"", "ms", "5", "5 min", "-1ms", "1.ms", ".5ms", "1e3ms", " 5ms", "5ms ",
                            "5MS", "1,5ms", "1.2345ns"})
        EXPECT_THROW(parse_duration(bad), sim::duration_error) << '"' << bad << '"';
}

TEST(duration, says_what_was_expected) {
    try {
        parse_duration("5 min");
        FAIL() << "no error";
    } catch (const sim::duration_error& e) {
        std::string message = e.what();
        EXPECT_NE(message.find("\"5 min\""), std::string::npos) << message;
        EXPECT_NE(message.find("ns, us, ms, s"), std::string::npos) << message;
    }
}

TEST(duration, rejects_overflow) {
    EXPECT_EQ(parse_duration("18446744s"), 18'446'744'000'000'000'000u);
    EXPECT_THROW(parse_duration("18446745s"), sim::duration_error);
    EXPECT_THROW(parse_duration("99999999999999999999999ns"), sim::duration_error);
}

TEST(duration, formats_with_the_coarsest_exact_unit) {
    EXPECT_EQ(format_duration(parse_duration("2s")), "2s");
    EXPECT_EQ(format_duration(parse_duration("1.5ms")), "1500us");
    EXPECT_EQ(format_duration(parse_duration("250ns")), "250ns");
    EXPECT_EQ(format_duration(1'500), "1.5ns");
    EXPECT_EQ(format_duration(0), "0s");
    EXPECT_EQ(parse_duration(format_duration(1'234)), 1'234u);
}
