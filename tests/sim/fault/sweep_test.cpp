#include "sim/fault/sweep.h"

#include <gtest/gtest.h>

#include <csignal>
#include <sstream>

using namespace sim;

namespace {

std::vector<sweep_point> numbered(std::uint64_t n) {
    std::vector<sweep_point> points;
    for (std::uint64_t k = 1; k <= n; ++k) points.push_back({k, std::nullopt, {{k, fault_kind::power_cut}}});
    return points;
}

}  // namespace

TEST(sweep, forked_points_report_in_point_order_and_a_crash_is_a_fault) {
    std::size_t reports = 0;
    const std::vector<point_outcome> outcomes = run_forked(
        numbered(5), 2,
        [](const sweep_point& p) -> point_outcome {
            if (p.number == 4) {
                // The default action, a death by the signal: under the
                // sanitizer build ASan's SEGV handler would report it and
                // exit(1) instead (a real crash there is ASan's report).
                std::signal(SIGSEGV, SIG_DFL);
                std::raise(SIGSEGV);
            }
            return {p.number == 2 ? point_verdict::wrong_image : point_verdict::recovered,
                    "point " + std::to_string(p.number)};
        },
        [&](std::size_t, const point_outcome&) { ++reports; });
    ASSERT_EQ(outcomes.size(), 5u);
    EXPECT_EQ(outcomes[0].verdict, point_verdict::recovered);
    EXPECT_EQ(outcomes[1].verdict, point_verdict::wrong_image);
    EXPECT_EQ(outcomes[1].message, "point 2");
    EXPECT_EQ(outcomes[3].verdict, point_verdict::fault);
    EXPECT_NE(outcomes[3].message.find("Segmentation"), std::string::npos);
    EXPECT_EQ(outcomes[4].message, "point 5");
    EXPECT_EQ(reports, 5u);
}

TEST(sweep, children_forked_along_one_pass_carry_the_state_at_their_fork) {
    // As the sweep forks at each point's operation: a child sees what the
    // parent had done up to its fork, and the parent goes on.
    point_children children(3, 2, nullptr);
    int progress = 0;
    for (std::size_t i = 0; i < 3; ++i) {
        progress += 10;
        if (children.fork_for(i)) children.finish_in_child({point_verdict::no_boot, std::to_string(progress)});
    }
    children.wait_all();
    ASSERT_EQ(children.outcomes().size(), 3u);
    EXPECT_EQ(children.outcomes()[0].message, "10");
    EXPECT_EQ(children.outcomes()[2].message, "30");
    EXPECT_EQ(children.outcomes()[2].verdict, point_verdict::no_boot);
}

TEST(sweep, a_child_result_may_exceed_a_pipe_buffer) {
    const std::string big(200'000, 'x');
    EXPECT_EQ(run_in_child([&] { return big; }), big);
    EXPECT_THROW(run_in_child([]() -> std::string { throw std::runtime_error("no"); }), std::runtime_error);
}

TEST(sweep, counts_name_every_verdict_in_order) {
    verdict_counts counts{{point_verdict::recovered, 3}, {point_verdict::timeout, 1}};
    EXPECT_EQ(counts_text(counts), "3 recovered, 0 wrong_image, 0 no_boot, 0 fault, 1 timeout");
    EXPECT_EQ(counts_text(counts, false), "3 recovered, 1 timeout");
}

TEST(sweep, progress_off_a_terminal_prints_about_ten_lines_and_the_last) {
    std::ostringstream out;
    double now = 0;
    sweep_progress progress(out, 100, false, [&now] { return now; });
    verdict_counts counts;
    for (std::size_t done = 1; done <= 100; ++done) {
        now += 0.01;
        ++counts[done == 50 ? point_verdict::no_boot : point_verdict::recovered];
        progress.update(counts);
    }
    const std::string text = out.str();
    const auto lines = std::count(text.begin(), text.end(), '\n');
    EXPECT_GE(lines, 10);
    EXPECT_LE(lines, 12);
    EXPECT_EQ(text.find('\r'), std::string::npos);  // plain lines, no redrawing
    EXPECT_NE(text.find("power_fail_sweep: 1/100 points: 1 recovered, about 1 s left\n"), std::string::npos) << text;
    EXPECT_NE(text.find("power_fail_sweep: 100/100 points: 99 recovered, 1 no_boot\n"), std::string::npos) << text;
}

TEST(sweep, progress_off_a_terminal_prints_a_line_every_ten_seconds_of_a_slow_sweep) {
    std::ostringstream out;
    double now = 0;
    sweep_progress progress(out, 1000, false, [&now] { return now; });
    verdict_counts counts{{point_verdict::recovered, 1}};
    progress.update(counts);  // the first line
    now = 5;
    counts[point_verdict::recovered] = 2;
    progress.update(counts);  // neither a tenth nor 10 s since the last line
    now = 11;
    counts[point_verdict::recovered] = 3;
    progress.update(counts);  // 10 s
    EXPECT_EQ(out.str(),
              "power_fail_sweep: 1/1000 points: 1 recovered, about 0 s left\n"
              "power_fail_sweep: 3/1000 points: 3 recovered, about 3656 s left\n");
}

TEST(sweep, progress_on_a_terminal_redraws_one_line_and_ends_it) {
    std::ostringstream out;
    double now = 0;
    sweep_progress progress(out, 2, true, [&now] { return now; });
    now = 2;
    progress.update({{point_verdict::wrong_image, 1}});
    now = 4;
    progress.update({{point_verdict::wrong_image, 1}, {point_verdict::recovered, 1}});
    EXPECT_EQ(out.str(),
              "\r\033[Kpower_fail_sweep: 1/2 points: 0 recovered, 1 wrong_image, about 2 s left"
              "\r\033[Kpower_fail_sweep: 2/2 points: 1 recovered, 1 wrong_image\n");
}
