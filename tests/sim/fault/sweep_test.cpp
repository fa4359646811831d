#include "sim/fault/sweep.h"

#include <gtest/gtest.h>

#include <csignal>
#include <sstream>

#include "sim/soc/soc.h"

using namespace sim;

TEST(sweep, splitmix64_matches_the_reference_sequence) {
    // First outputs of the reference splitmix64 for seed 1234567.
    splitmix64 random(1234567);
    EXPECT_EQ(random.next(), 6457827717110365317ull);
    EXPECT_EQ(random.next(), 3203168211198807973ull);
    EXPECT_EQ(random.next(), 9817491932198370423ull);
}

TEST(sweep, random_points_are_a_function_of_the_seed) {
    const sweep_point a = random_point(1, 42, 3, 100), b = random_point(1, 42, 3, 100);
    EXPECT_EQ(a.cuts, b.cuts);
    ASSERT_EQ(a.cuts.size(), 3u);
    for (std::uint64_t k : a.cuts) {
        EXPECT_GE(k, 1u);
        EXPECT_LE(k, 100u);
    }
    EXPECT_NE(random_point(1, 43, 3, 100).cuts, a.cuts);
}

TEST(sweep, exhaustive_points_cut_each_operation_once) {
    const std::vector<sweep_point> points = exhaustive_points(3);
    ASSERT_EQ(points.size(), 3u);
    for (std::uint64_t k = 1; k <= 3; ++k) EXPECT_EQ(points[k - 1].cuts, std::vector<std::uint64_t>{k});
}

TEST(sweep, replay_commands_name_the_point) {
    EXPECT_EQ(replay_command("s.yaml", exhaustive_points(17)[16]), "nrf53sim run s.yaml --sweep-point 17");
    EXPECT_EQ(replay_command("s.yaml", random_point(1, 9, 3, 10)), "nrf53sim run s.yaml --sweep-seed 9");
}

TEST(sweep, the_cutter_skips_the_cut_operation_and_everything_after_it_until_power_on) {
    soc chip("soc");
    power_cutter cutter(chip);
    int cuts = 0;
    cutter.on_cut = [&] { ++cuts; };
    cutter.arm({2, 1}, false);
    models::nor_flash& app = chip.flash(core_id::app);
    models::nor_flash& ext = chip.external_flash();
    const std::uint8_t zeros[4] = {0, 0, 0, 0};
    EXPECT_EQ(app.program(0, zeros, 4), models::flash_result::done);     // operation 1
    EXPECT_EQ(ext.program(0, zeros, 4), models::flash_result::skipped);  // 2: cut
    EXPECT_TRUE(cutter.power_is_off());
    EXPECT_EQ(app.program(4, zeros, 4), models::flash_result::skipped);  // power is off
    EXPECT_EQ(ext.storage().read32(0), 0xFFFFFFFFu);
    EXPECT_EQ(app.storage().read32(4), 0xFFFFFFFFu);
    cutter.power_on();
    EXPECT_EQ(chip.flash(core_id::net).program(0, zeros, 4), models::flash_result::skipped);  // segment 2, op 1
    EXPECT_EQ(cuts, 2);
    cutter.power_on();
    EXPECT_EQ(app.program(8, zeros, 4), models::flash_result::done);  // no more cuts
    EXPECT_EQ(cutter.operations(), 1u);
}

TEST(sweep, a_torn_cut_leaves_half_the_word) {
    soc chip("soc");
    power_cutter cutter(chip);
    cutter.arm({1}, true);
    const std::uint8_t zeros[4] = {0, 0, 0, 0};
    chip.flash(core_id::app).program(0, zeros, 4);
    EXPECT_EQ(chip.flash(core_id::app).storage().read32(0), 0xFFFF0000u);
}

TEST(sweep, forked_points_report_in_point_order_and_a_crash_is_a_failure) {
    const std::vector<sweep_point> points = exhaustive_points(5);
    std::size_t reports = 0;
    const std::vector<point_outcome> outcomes = run_forked(
        points, 2,
        [](const sweep_point& p) -> point_outcome {
            if (p.number == 4) {
                // The default action, a death by the signal: under the
                // sanitizer build ASan's SEGV handler would report it and
                // exit(1) instead (a real crash there is ASan's report).
                std::signal(SIGSEGV, SIG_DFL);
                std::raise(SIGSEGV);
            }
            return {p.number != 2, "point " + std::to_string(p.number)};
        },
        [&](std::size_t, std::size_t) { ++reports; });
    ASSERT_EQ(outcomes.size(), 5u);
    EXPECT_TRUE(outcomes[0].passed);
    EXPECT_FALSE(outcomes[1].passed);
    EXPECT_EQ(outcomes[1].message, "point 2");
    EXPECT_FALSE(outcomes[3].passed);
    EXPECT_NE(outcomes[3].message.find("Segmentation"), std::string::npos);
    EXPECT_EQ(outcomes[4].message, "point 5");
    EXPECT_EQ(reports, 5u);
}

TEST(sweep, progress_off_a_terminal_prints_about_ten_lines_and_the_last) {
    std::ostringstream out;
    double now = 0;
    sweep_progress progress(out, 100, false, [&now] { return now; });
    for (std::size_t done = 1; done <= 100; ++done) {
        now += 0.01;
        progress.update(done, done >= 50 ? 1 : 0);
    }
    const std::string text = out.str();
    const auto lines = std::count(text.begin(), text.end(), '\n');
    EXPECT_GE(lines, 10);
    EXPECT_LE(lines, 12);
    EXPECT_EQ(text.find('\r'), std::string::npos);  // plain lines, no redrawing
    EXPECT_NE(text.find("power_fail_sweep: 1/100 points, 0 failed, about 1 s left\n"), std::string::npos) << text;
    EXPECT_NE(text.find("power_fail_sweep: 100/100 points, 1 failed\n"), std::string::npos) << text;
}

TEST(sweep, progress_off_a_terminal_prints_a_line_every_ten_seconds_of_a_slow_sweep) {
    std::ostringstream out;
    double now = 0;
    sweep_progress progress(out, 1000, false, [&now] { return now; });
    progress.update(1, 0);  // the first line
    now = 5;
    progress.update(2, 0);  // neither a tenth nor 10 s since the last line
    now = 11;
    progress.update(3, 0);  // 10 s
    EXPECT_EQ(out.str(),
              "power_fail_sweep: 1/1000 points, 0 failed, about 0 s left\n"
              "power_fail_sweep: 3/1000 points, 0 failed, about 3656 s left\n");
}

TEST(sweep, progress_on_a_terminal_redraws_one_line_and_ends_it) {
    std::ostringstream out;
    double now = 0;
    sweep_progress progress(out, 4, true, [&now] { return now; });
    for (std::size_t done = 1; done <= 4; ++done) {
        now += 2;
        progress.update(done, 0);
    }
    EXPECT_EQ(out.str(),
              "\r\033[Kpower_fail_sweep: 1/4 points, 0 failed, about 6 s left"
              "\r\033[Kpower_fail_sweep: 2/4 points, 0 failed, about 4 s left"
              "\r\033[Kpower_fail_sweep: 3/4 points, 0 failed, about 2 s left"
              "\r\033[Kpower_fail_sweep: 4/4 points, 0 failed\n");
}
