// `nrf53sim report merge`: shards' --json files back into one result, and
// every inconsistency an error naming the files.
#include "sim/common/input_error.h"
#include "sim/report/report_command.h"
#include "sim/report/report_merge.h"
#include "sim/report/sweep_json.h"
#include "tests/sim/report/sweep_fixtures.h"

#include <unistd.h>

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

using sim::point_verdict;

std::string temp_path(const std::string& name) {
    return ::testing::TempDir() + "/" + std::to_string(::getpid()) + "_" + name;
}

std::string write_text(const std::string& name, const std::string& text) {
    const std::string path = temp_path(name);
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

std::string write_results(const std::string& name, const std::vector<sim::scenario_result>& results) {
    return write_text(name, sim::results_json(results, 1.0));
}

sim::scenario_result plain_scenario(const std::string& file, int exit_code) {
    sim::scenario_result r;
    r.name = file.substr(0, file.find('.'));
    r.file = file;
    r.exit_code = exit_code;
    r.message = exit_code == 0 ? "" : "it failed";
    return r;
}

sim::scenario_result sweep_shard(unsigned index, unsigned count, int exit_code = 1) {
    sim::scenario_result r = test::made_sweep_scenario({test::made_shard(index, count)});
    r.exit_code = exit_code;
    r.message = exit_code == 0 ? "" : "shard " + std::to_string(index) + " failed";
    return r;
}

std::vector<sim::scenario_result> merge_files(const std::vector<std::string>& paths) {
    std::vector<sim::results_file> files;
    for (const std::string& path : paths) files.push_back(sim::read_results_file(path));
    return sim::merge_results(files);
}

std::string merge_error(const std::vector<std::string>& paths) {
    try {
        merge_files(paths);
    } catch (const sim::input_error& e) {
        return e.what();
    }
    return "(no error)";
}

struct outcome {
    int exit_code;
    std::string out, err;
};

outcome report_command(std::vector<std::string> args) {
    args.insert(args.begin(), "report");
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    std::ostringstream out, err;
    const int code = sim::report_main(static_cast<int>(argv.size()), argv.data(), out, err);
    return {code, out.str(), err.str()};
}

TEST(report_merge, shards_merge_into_the_whole_sweep) {
    const std::string first = write_results("s1.json", {sweep_shard(1, 2)});
    const std::string second = write_results("s2.json", {sweep_shard(2, 2)});
    const std::vector<sim::scenario_result> merged = merge_files({second, first});
    ASSERT_EQ(merged.size(), 1U);
    ASSERT_EQ(merged[0].sweeps.size(), 1U);
    // The same as the sweep run whole, shard 1/1.
    EXPECT_EQ(sim::to_json(merged[0].sweeps[0]), sim::to_json(test::made_sweep()));
    EXPECT_EQ(merged[0].simulated_ps, 2 * test::made_sweep_scenario({}).simulated_ps);
}

TEST(report_merge, a_scenario_is_as_bad_as_its_worst_shard) {
    const std::string first = write_results("w1.json", {sweep_shard(1, 2, 0), plain_scenario("b.yaml", 0)});
    const std::string second = write_results("w2.json", {sweep_shard(2, 2, 2), plain_scenario("a.yaml", 1)});
    const std::vector<sim::scenario_result> merged = merge_files({first, second});
    ASSERT_EQ(merged.size(), 3U);
    // Sorted by file.
    EXPECT_EQ(merged[0].file, "a.yaml");
    EXPECT_EQ(merged[1].file, "b.yaml");
    EXPECT_EQ(merged[2].file, "tests/sweep/dfu-sweep.yaml");
    EXPECT_EQ(merged[0].exit_code, 1);
    EXPECT_EQ(merged[2].exit_code, 2);
    EXPECT_EQ(merged[2].message, "shard 2 failed");
}

TEST(report_merge, a_point_in_two_shards_is_an_error_naming_both_files) {
    const std::string first = write_results("d1.json", {sweep_shard(1, 2)});
    const std::string again = write_results("d1-again.json", {sweep_shard(1, 2)});
    const std::string second = write_results("d2.json", {sweep_shard(2, 2)});
    const std::string error = merge_error({first, second, again});
    EXPECT_NE(error.find(first + ", " + again + ": tests/sweep/dfu-sweep.yaml (dfu sweep): power_fail_sweep at "
                                                "sweep.yaml:12: point 1 is in both " + first + " and " + again),
              std::string::npos)
        << error;
}

TEST(report_merge, a_missing_shard_is_an_error_that_says_which) {
    const std::string first = write_results("m1.json", {sweep_shard(1, 3)});
    const std::string third = write_results("m3.json", {sweep_shard(3, 3)});
    const std::string error = merge_error({first, third});
    EXPECT_NE(error.find(first + ", " + third + ": "), std::string::npos) << error;
    EXPECT_NE(error.find("4 of 6 points in these files; missing shard 2/3"), std::string::npos) << error;
}

TEST(report_merge, shards_that_disagree_on_the_count_or_the_total_are_errors) {
    const std::string half = write_results("c2.json", {sweep_shard(1, 2)});
    const std::string third = write_results("c3.json", {sweep_shard(2, 3)});
    EXPECT_NE(merge_error({half, third}).find("the shard counts disagree: shard 1/2 in " + half + ", shard 2/3 in " + third),
              std::string::npos);
    sim::scenario_result bigger = sweep_shard(2, 2);
    bigger.sweeps[0].total_points = 7;
    const std::string other = write_results("c7.json", {bigger});
    EXPECT_NE(merge_error({half, other}).find("the total of points disagrees: 6 in " + half + ", 7 in " + other),
              std::string::npos);
    sim::scenario_result other_firmware = sweep_shard(2, 2);
    other_firmware.sweeps[0].operations[1].size = 32;
    const std::string changed = write_results("cf.json", {other_firmware});
    EXPECT_NE(merge_error({half, changed}).find("the span's flash operations disagree"), std::string::npos);
}

TEST(report_merge, a_point_outside_the_sweep_is_an_error) {
    sim::scenario_result r = sweep_shard(1, 1);
    r.sweeps[0].points.back().number = 9;
    const std::string path = write_results("o.json", {r});
    EXPECT_NE(merge_error({path}).find(path + ": tests/sweep/dfu-sweep.yaml (dfu sweep): power_fail_sweep at sweep.yaml:12: "
                                              "point 9 is outside the sweep's points 1..6"),
              std::string::npos)
        << merge_error({path});
}

TEST(report_merge, what_is_not_a_results_file_is_an_error_naming_it) {
    const std::string garbage = write_text("garbage.json", "{\"scenarios\": [");
    EXPECT_NE(merge_error({garbage}).find(garbage + ": not an nrf53sim --json results file: "), std::string::npos);
    const std::string empty_object = write_text("object.json", "{}");
    EXPECT_NE(merge_error({empty_object}).find(empty_object + ": not an nrf53sim --json results file"), std::string::npos);
    nlohmann::json bad_verdict = nlohmann::json::parse(sim::results_json({sweep_shard(1, 1)}, 1.0));
    bad_verdict["scenarios"][0]["sweeps"][0]["points"][0]["verdict"] = "exploded";
    const std::string verdict = write_text("verdict.json", bad_verdict.dump());
    EXPECT_NE(merge_error({verdict}).find(verdict + ": not an nrf53sim --json results file: point 1: unknown verdict "
                                                    "\"exploded\""),
              std::string::npos)
        << merge_error({verdict});
    const std::string deep = write_text("deep.json", std::string(200000, '[') + std::string(200000, ']'));
    EXPECT_NE(merge_error({deep}).find(deep + ": not an nrf53sim --json results file"), std::string::npos);
    EXPECT_NE(merge_error({temp_path("absent.json")}).find(temp_path("absent.json") + ": cannot open"), std::string::npos);
    EXPECT_NE(merge_error({::testing::TempDir()}).find("a directory, not a file"), std::string::npos);
}

TEST(report_merge, the_command_prints_counts_writes_the_reports_and_exits_with_the_worst_verdict) {
    const std::string first = write_results("cmd1.json", {sweep_shard(1, 2), plain_scenario("a.yaml", 0)});
    const std::string second = write_results("cmd2.json", {sweep_shard(2, 2)});
    const std::string json = temp_path("merged.json"), junit = temp_path("merged.xml"), html = temp_path("merged.html");
    const outcome o = report_command({"merge", first, second, "--json", json, "--junit=" + junit, "--report", html});
    EXPECT_EQ(o.exit_code, 1) << o.err;
    EXPECT_EQ(o.out, "PASS a (a.yaml)\nFAIL dfu sweep (tests/sweep/dfu-sweep.yaml): shard 1 failed\n"
                     "  sweep.yaml:12: power_fail_sweep: 6 points: 3 recovered, 1 wrong_image, 1 no_boot, 0 fault, "
                     "1 timeout\n");
    // The merged file merges again, alone, to the same.
    const outcome again = report_command({"merge", json, "--json", temp_path("again.json")});
    EXPECT_EQ(again.exit_code, 1) << again.err;
    EXPECT_EQ(sim::read_results_file(temp_path("again.json")).results.size(), 2U);
    std::ifstream in(junit);
    const std::string xml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(xml.find("tests=\"8\" failures=\"4\""), std::string::npos) << xml;
    EXPECT_TRUE(std::ifstream(html).good());
}

TEST(report_merge, bad_command_lines_exit_2_with_a_reason) {
    EXPECT_EQ(report_command({}).exit_code, 2);
    const outcome no_files = report_command({"merge"});
    EXPECT_EQ(no_files.exit_code, 2);
    EXPECT_NE(no_files.err.find("no results file to merge"), std::string::npos);
    const outcome unknown = report_command({"merge", "a.json", "--pdf", "x"});
    EXPECT_EQ(unknown.exit_code, 2);
    EXPECT_NE(unknown.err.find("unknown option --pdf"), std::string::npos);
    const outcome no_value = report_command({"merge", "a.json", "--junit"});
    EXPECT_NE(no_value.err.find("--junit needs a FILE"), std::string::npos);
    const std::string path = write_results("unwritable.json", {plain_scenario("a.yaml", 0)});
    const outcome unwritable = report_command({"merge", path, "--json", "/nonexistent-dir/out.json"});
    EXPECT_EQ(unwritable.exit_code, 2);
    EXPECT_NE(unwritable.err.find("cannot write /nonexistent-dir/out.json"), std::string::npos);
    EXPECT_EQ(report_command({"--help"}).exit_code, 0);
}

}  // namespace
