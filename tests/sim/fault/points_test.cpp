#include "sim/fault/points.h"

#include <gtest/gtest.h>

#include <set>

#include "models/splitmix64.h"

using namespace sim;

namespace {

// e: erase, p: program.
std::vector<span_operation> span_of(const std::string& kinds) {
    std::vector<span_operation> span;
    for (char c : kinds) {
        span_operation op;
        op.number = span.size() + 1;
        op.kind = c == 'e' ? "erase" : "program";
        span.push_back(op);
    }
    return span;
}

std::vector<bool> none_critical(std::size_t n) { return std::vector<bool>(n, false); }

}  // namespace

TEST(points, splitmix64_matches_the_reference_sequence) {
    // First outputs of the reference splitmix64 for seed 1234567.
    models::splitmix64 random(1234567);
    EXPECT_EQ(random.next(), 6457827717110365317ull);
    EXPECT_EQ(random.next(), 3203168211198807973ull);
    EXPECT_EQ(random.next(), 9817491932198370423ull);
}

TEST(points, the_exhaustive_sweep_faults_each_operation_once_per_kind_that_applies) {
    point_plan plan;
    plan.kinds = {fault_kind::power_cut, fault_kind::interrupted_erase, fault_kind::weak_program};
    const std::vector<sweep_point> points = plan_points(plan, span_of("epp"), none_critical(3));
    ASSERT_EQ(points.size(), 6u);  // e: power_cut, interrupted_erase; p: power_cut, weak_program (x2)
    EXPECT_EQ(points[0].faults, (std::vector<planned_fault>{{1, fault_kind::power_cut}}));
    EXPECT_EQ(points[1].faults, (std::vector<planned_fault>{{1, fault_kind::interrupted_erase}}));
    EXPECT_EQ(points[2].faults, (std::vector<planned_fault>{{2, fault_kind::power_cut}}));
    EXPECT_EQ(points[3].faults, (std::vector<planned_fault>{{2, fault_kind::weak_program}}));
    for (std::size_t i = 0; i < points.size(); ++i) EXPECT_EQ(points[i].number, i + 1);
}

TEST(points, random_points_are_a_function_of_the_seed) {
    point_plan plan;
    plan.cuts = 3;
    const std::vector<span_operation> span = span_of(std::string(100, 'p'));
    const sweep_point a = random_point(1, 42, plan, span), b = random_point(1, 42, plan, span);
    EXPECT_EQ(a.faults, b.faults);
    ASSERT_EQ(a.faults.size(), 3u);
    for (const planned_fault& f : a.faults) {
        EXPECT_GE(f.operation, 1u);
        EXPECT_LE(f.operation, 100u);
        EXPECT_EQ(f.kind, fault_kind::power_cut);
    }
    EXPECT_NE(random_point(1, 43, plan, span).faults, a.faults);
    plan.runs = 4;
    plan.seed = 7;
    const std::vector<sweep_point> runs = plan_points(plan, span, none_critical(100));
    ASSERT_EQ(runs.size(), 4u);
    EXPECT_EQ(runs[2].seed, 9u);
}

TEST(points, a_random_first_fault_moves_to_an_operation_its_kind_applies_to) {
    point_plan plan;
    plan.cuts = 1;
    plan.kinds = {fault_kind::interrupted_erase};
    const std::vector<span_operation> span = span_of("ppppppppe");
    for (std::uint64_t seed = 1; seed < 20; ++seed)
        EXPECT_EQ(random_point(1, seed, plan, span).faults[0].operation, 9u);
}

TEST(points, sampling_keeps_every_header_or_trailer_operation_and_spreads_the_rest) {
    point_plan plan;
    plan.sample = sample_plan{true, 3};
    std::vector<bool> critical(100, false);
    critical[0] = critical[99] = true;
    const std::vector<sweep_point> points = plan_points(plan, span_of(std::string(100, 'p')), critical);
    std::vector<std::uint64_t> operations;
    for (const sweep_point& p : points) operations.push_back(p.faults[0].operation);
    EXPECT_EQ(operations, (std::vector<std::uint64_t>{1, 2, 34, 67, 100}));
}

TEST(points, second_faults_are_added_after_the_points_they_extend) {
    point_plan plan;
    plan.second_faults = 2;
    plan.kinds = {fault_kind::power_cut, fault_kind::torn};
    const std::vector<sweep_point> points = plan_points(plan, span_of("pppp"), none_critical(4));
    ASSERT_EQ(points.size(), 10u);
    for (std::size_t i = 8; i < 10; ++i) {
        EXPECT_EQ(points[i].number, i + 1);
        ASSERT_EQ(points[i].faults.size(), 2u);
        EXPECT_TRUE(points[i].seed);
        EXPECT_LE(points[i].faults[1].operation, 4u);
    }
    EXPECT_EQ(points[8].faults[0], points[0].faults[0]);
    EXPECT_EQ(points[9].faults[0], points[4].faults[0]);
    EXPECT_EQ(describe(points[8]).rfind("9 (power_cut at operation 1, then ", 0), 0u) << describe(points[8]);
}

TEST(points, shards_split_the_points_by_number_and_cover_them_once) {
    const std::vector<sweep_point> points = plan_points(point_plan{}, span_of("ppppppp"), none_critical(7));
    std::multiset<std::uint64_t> all;
    for (unsigned i = 1; i <= 3; ++i)
        for (const sweep_point& p : shard_points(points, i, 3)) {
            EXPECT_EQ((p.number - 1) % 3, i - 1);
            all.insert(p.number);
        }
    EXPECT_EQ(all, (std::multiset<std::uint64_t>{1, 2, 3, 4, 5, 6, 7}));
}

TEST(points, replay_commands_name_the_point) {
    const sweep_point point{17, std::nullopt, {{17, fault_kind::torn}}};
    EXPECT_EQ(replay_command("s.yaml", point), "nrf53sim run s.yaml --sweep-point 17");
    EXPECT_EQ(describe(point), "17 (torn at operation 17)");
}
