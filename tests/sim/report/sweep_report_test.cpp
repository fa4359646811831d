// A sweep's verdicts in the JSON and JUnit reports and the counts line.
#include "sim/report/report.h"
#include "sim/report/sweep_json.h"
#include "sim/report/sweep_summary.h"
#include "tests/sim/report/sweep_fixtures.h"

#include <gtest/gtest.h>

#include <string>

namespace {

using sim::point_verdict;

std::size_t occurrences(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

TEST(sweep_report, counts_line_names_every_verdict) {
    EXPECT_EQ(sim::verdict_counts_text(test::made_sweep()),
              "power_fail_sweep: 6 points: 3 recovered, 1 wrong_image, 1 no_boot, 0 fault, 1 timeout");
    EXPECT_EQ(sim::verdict_counts_text(std::vector<sim::sweep_point_result>{}),
              "power_fail_sweep: 0 points: 0 recovered, 0 wrong_image, 0 no_boot, 0 fault, 0 timeout");
}

TEST(sweep_report, verdicts_read_back_from_their_names) {
    for (point_verdict v : sim::all_verdicts) EXPECT_EQ(sim::verdict_from_string(sim::to_string(v)), v);
    EXPECT_FALSE(sim::verdict_from_string("exploded"));
}

TEST(sweep_report, a_result_with_sweeps_survives_the_trip_through_json_exactly) {
    sim::sweep_result shard = test::made_shard(2, 3);
    const sim::scenario_result original = test::made_sweep_scenario({test::made_sweep(), shard});
    const sim::scenario_result copy = sim::result_from_json(nlohmann::json::parse(sim::to_json(original).dump()));
    ASSERT_EQ(copy.sweeps.size(), 2U);
    // Re-encoding gives the same text: every field came back.
    EXPECT_EQ(sim::to_json(copy).dump(), sim::to_json(original).dump());
    const sim::sweep_result& back = copy.sweeps[1];
    EXPECT_EQ(back.where, "sweep.yaml:12");
    EXPECT_EQ(back.shard_index, 2U);
    EXPECT_EQ(back.shard_count, 3U);
    EXPECT_EQ(back.total_points, 6U);
    ASSERT_EQ(back.operations.size(), 6U);
    EXPECT_EQ(back.operations[4].address, 0x01008000U);
    EXPECT_EQ(back.operations[4].partition, "");
    ASSERT_EQ(back.points.size(), 2U);
    EXPECT_EQ(back.points[1].number, 5U);
    EXPECT_EQ(back.points[1].operations, (std::vector<std::uint64_t>{2, 6}));
    EXPECT_EQ(back.points[1].seed, 77U);
    EXPECT_EQ(back.points[1].verdict, point_verdict::timeout);
    EXPECT_EQ(back.points[1].replay, "nrf53sim run sweep.yaml --sweep-point 5");
    EXPECT_FALSE(back.points[0].seed);
}

TEST(sweep_report, json_file_has_shard_counts_and_points_per_sweep) {
    const nlohmann::json document =
        nlohmann::json::parse(sim::results_json({test::made_sweep_scenario({test::made_sweep()})}, 1.0));
    const nlohmann::json& sweep = document.at("scenarios").at(0).at("sweeps").at(0);
    EXPECT_EQ(sweep.at("shard"), (nlohmann::json{{"index", 1}, {"count", 1}}));
    EXPECT_EQ(sweep.at("counts"),
              (nlohmann::json{{"recovered", 3}, {"wrong_image", 1}, {"no_boot", 1}, {"fault", 0}, {"timeout", 1}}));
    EXPECT_EQ(sweep.at("points").at(1).at("verdict"), "wrong_image");
    EXPECT_EQ(sweep.at("points").at(4).at("seed"), 77);
    EXPECT_FALSE(sweep.at("points").at(0).contains("seed"));  // only random points have one
    EXPECT_EQ(document.at("summary").at("sweep_points").at("total"), 6);
    EXPECT_EQ(document.at("summary").at("sweep_points").at("timeout"), 1);
}

TEST(sweep_report, an_unknown_verdict_is_refused) {
    nlohmann::json j = sim::to_json(test::made_sweep());
    j["points"][0]["verdict"] = "exploded";
    EXPECT_THROW(sim::sweep_from_json(j), std::invalid_argument);
}

TEST(sweep_report, a_huge_message_is_cut_at_2_kib_on_a_character_boundary) {
    sim::sweep_result sweep = test::made_sweep();
    sweep.points[1].message = std::string(3000, 'x');
    sweep.points[3].message = std::string(sim::point_text_bytes - 9, 'y') + "\xC3\xA9\xC3\xA9 and a longer tail";
    const nlohmann::json j = sim::to_json(sweep);
    const std::string cut = j.at("points").at(1).at("message").get<std::string>();
    EXPECT_LE(cut.size(), sim::point_text_bytes);
    EXPECT_EQ(cut.substr(cut.size() - 6), " [cut]");
    const std::string accented = j.at("points").at(3).at("message").get<std::string>();
    EXPECT_EQ(accented.substr(accented.size() - 9), "y\xC3\xA9 [cut]");  // the second é did not fit whole
    const std::string xml = sim::junit_xml({test::made_sweep_scenario({sweep})}, 1.0);
    EXPECT_EQ(xml.find(std::string(2100, 'x')), std::string::npos);
}

TEST(sweep_report, junit_has_a_testcase_per_point_and_a_failure_per_point_not_recovered) {
    const std::string xml = sim::junit_xml({test::made_sweep_scenario({test::made_sweep()})}, 1.0);
    // The scenario, then its six points.
    EXPECT_NE(xml.find("<testsuite name=\"nrf53sim\" tests=\"7\" failures=\"4\" errors=\"0\""), std::string::npos) << xml;
    EXPECT_EQ(occurrences(xml, "<testcase "), 7U);
    EXPECT_NE(xml.find("<testcase name=\"dfu sweep point 2 (power_cut at op 2)\" classname=\"tests/sweep/dfu-sweep.yaml\" "
                       "status=\"wrong_image\">\n      <failure type=\"wrong_image\" message=\"app started v1.0.0, "
                       "expected v2.0.0\">app started v1.0.0, expected v2.0.0\nreplay: nrf53sim run sweep.yaml "
                       "--sweep-point 2</failure>"),
              std::string::npos)
        << xml;
    EXPECT_NE(xml.find("<testcase name=\"dfu sweep point 5 (multi_cut at op 2, 6, seed 77)\""), std::string::npos) << xml;
    EXPECT_NE(xml.find("<testcase name=\"dfu sweep point 1 (power_cut at op 1)\" classname=\"tests/sweep/dfu-sweep.yaml\" "
                       "status=\"recovered\"/>"),
              std::string::npos)
        << xml;
    EXPECT_EQ(occurrences(xml, "<failure type=\"no_boot\""), 1U);
    EXPECT_EQ(occurrences(xml, "<failure type=\"timeout\""), 1U);
    EXPECT_NE(xml.find("sweep.yaml:12: power_fail_sweep: 6 points: 3 recovered, 1 wrong_image, 1 no_boot, 0 fault, "
                       "1 timeout\n"),
              std::string::npos)
        << xml;
}

}  // namespace
