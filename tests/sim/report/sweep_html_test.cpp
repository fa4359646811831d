// The HTML report read back with xmllint, as a browser or a script would
// see it: well-formed, self-contained, and counting what it should.
#include "sim/report/operation_map.h"
#include "sim/report/sweep_html.h"
#include "tests/sim/report/sweep_fixtures.h"

#include <unistd.h>

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <string>

namespace {

using sim::point_verdict;

struct page {
    std::string path;
    std::string html;
};

page write_page(const std::string& name, const std::vector<sim::scenario_result>& results) {
    page p{::testing::TempDir() + "/" + std::to_string(::getpid()) + "_" + name, sim::html_report(results)};
    std::ofstream(p.path, std::ios::binary) << p.html;
    return p;
}

std::string run(const std::string& command) {
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    std::string output;
    std::array<char, 4096> buffer;
    for (std::size_t n; (n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0;) output.append(buffer.data(), n);
    const int status = ::pclose(pipe);
    return status == 0 ? output : "exit " + std::to_string(status) + ": " + output;
}

// XPath over the page, elements named without their namespace: //rect is //*[local-name()='rect'].
std::string xpath(const page& p, const std::string& expression) {
    std::string result = run("xmllint --xpath \"" + expression + "\" " + p.path);
    if (!result.empty() && result.back() == '\n') result.pop_back();
    return result;
}

std::string element(const std::string& name) { return "*[local-name()='" + name + "']"; }

TEST(sweep_html, the_page_is_well_formed_and_self_contained) {
    const page p = write_page("page.html", {test::made_sweep_scenario({test::made_sweep()})});
    EXPECT_EQ(run("xmllint --noout " + p.path), "");
    EXPECT_EQ(p.html.find("<script"), std::string::npos);
    EXPECT_EQ(p.html.find(" href="), std::string::npos);
    EXPECT_EQ(p.html.find(" src="), std::string::npos);
    EXPECT_EQ(xpath(p, "count(//" + element("link") + ")"), "0");
}

TEST(sweep_html, one_rect_per_operation_in_a_band_per_partition_coloured_by_its_worst_verdict) {
    const page p = write_page("map.html", {test::made_sweep_scenario({test::made_sweep()})});
    const std::string svg = "//" + element("svg");
    EXPECT_EQ(xpath(p, "count(" + svg + "/" + element("rect") + ")"), "6");
    // Bands in the order the span first touches them.
    EXPECT_EQ(xpath(p, "string(" + svg + "/" + element("text") + "[1])"), "mcuboot_primary (app flash)");
    EXPECT_EQ(xpath(p, "string(" + svg + "/" + element("text") + "[2])"), "mcuboot_secondary (external flash)");
    EXPECT_EQ(xpath(p, "string(" + svg + "/" + element("text") + "[3])"), "(no partition) (net flash)");
    // Op 2 is faulted by point 2 (wrong_image) and point 5 (timeout).
    EXPECT_EQ(xpath(p, "string(" + svg + "/" + element("rect") + "[2]/" + element("title") + ")"),
              "op 2: program 0x00010000 size 16 partition mcuboot_primary (app flash): timeout");
    EXPECT_EQ(xpath(p, "string(" + svg + "/" + element("rect") + "[2]/@fill)"),
              sim::verdict_colour(point_verdict::timeout));
    EXPECT_EQ(xpath(p, "string(" + svg + "/" + element("rect") + "[5]/" + element("title") + ")"),
              "op 5: program 0x01008000 size 4 partition (none) (net flash): not faulted");
    // Operations 1 and 2 (same band) side by side, op 3 in the next band.
    EXPECT_EQ(xpath(p, "string(" + svg + "/" + element("rect") + "[1]/@y)"), "0.00");
    EXPECT_EQ(xpath(p, "string(" + svg + "/" + element("rect") + "[3]/@y)"), "22.00");
}

TEST(sweep_html, counts_per_fault_and_verdict_and_the_points_not_recovered) {
    const page p = write_page("tables.html", {test::made_sweep_scenario({test::made_sweep()})});
    const std::string table = "//" + element("table") + "[@class='fault-verdicts']";
    // Header, multi_cut, power_cut, torn, all faults.
    EXPECT_EQ(xpath(p, "count(" + table + "/" + element("tr") + ")"), "5");
    EXPECT_EQ(xpath(p, "string(" + table + "/" + element("tr") + "[3])"), "power_cut210003");
    EXPECT_EQ(xpath(p, "string(" + table + "/" + element("tr") + "[5])"), "all faults311016");
    const std::string failing = "//" + element("table") + "[@class='failing-points']";
    EXPECT_EQ(xpath(p, "count(" + failing + "/" + element("tr") + ")"), "4");
    EXPECT_EQ(xpath(p, "string(" + failing + "/" + element("tr") + "[2]/" + element("td") + "[6])"),
              "nrf53sim run sweep.yaml --sweep-point 2");
    EXPECT_EQ(xpath(p, "string(" + failing + "/" + element("tr") + "[4]/" + element("td") + "[3])"), "2, 6 (seed 77)");
    EXPECT_EQ(xpath(p, "string(//" + element("p") + "[@class='counts'])"),
              "power_fail_sweep: 6 points: 3 recovered, 1 wrong_image, 1 no_boot, 0 fault, 1 timeout; "
              "6 flash operations in the span");
    EXPECT_EQ(xpath(p, "count(//" + element("p") + "[@class='left-out'])"), "0");
}

// A sweep of 5000 operations and as many points, 300 not recovered.
sim::sweep_result big_sweep() {
    sim::sweep_result s;
    s.where = "big.yaml:3";
    s.total_points = 5000;
    for (std::uint64_t k = 1; k <= 5000; ++k) {
        s.operations.push_back({k, "app flash", "program", static_cast<std::uint32_t>(0x10000 + 4 * k), 4,
                                k % 2 ? "mcuboot_primary" : "mcuboot_secondary"});
        s.points.push_back(test::made_point(k, "power_cut", {k}, k <= 300 ? point_verdict::no_boot : point_verdict::recovered,
                                            "no application started"));
    }
    return s;
}

TEST(sweep_html, a_big_sweep_is_drawn_in_runs_and_lists_a_bounded_number_of_points) {
    const page p = write_page("big.html", {test::made_sweep_scenario({big_sweep()})});
    // 1667 columns of three operations, one rect per partition in each.
    EXPECT_EQ(xpath(p, "count(//" + element("rect") + ")"), "3334");
    EXPECT_EQ(xpath(p, "string(//" + element("rect") + "[1]/" + element("title") + ")"),
              "ops 1-3 (2 operations of this partition, 0 erases) partition mcuboot_primary (app flash): worst no_boot");
    const page wide = write_page("wide.html", {test::made_sweep_scenario({[] {
                                                   sim::sweep_result s = big_sweep();
                                                   for (auto& op : s.operations) op.partition = "mcuboot_primary";
                                                   return s;
                                               }()})});
    EXPECT_EQ(xpath(wide, "count(//" + element("rect") + ")"), "1667");  // one partition: a rect per column
    EXPECT_EQ(xpath(wide, "string(//" + element("rect") + "[1]/" + element("title") + ")"),
              "ops 1-3 (3 operations of this partition, 0 erases) partition mcuboot_primary (app flash): worst no_boot");
    EXPECT_EQ(xpath(p, "count(//" + element("table") + "[@class='failing-points']/" + element("tr") + ")"),
              std::to_string(sim::max_listed_failing_points + 1));
    EXPECT_EQ(xpath(p, "string(//" + element("p") + "[@class='left-out'])"),
              "100 more points not recovered are left out here; the --json file lists them all.");
}

TEST(sweep_html, the_page_does_not_change_with_host_time) {
    sim::scenario_result quick = test::made_sweep_scenario({test::made_sweep()});
    sim::scenario_result slow = quick;
    slow.host_seconds = 99;
    EXPECT_EQ(sim::html_report({quick}), sim::html_report({slow}));
}

TEST(sweep_html, scenarios_without_sweeps_are_in_the_overview_only) {
    sim::scenario_result plain;
    plain.name = "boot <fast>";
    plain.file = "boot.yaml";
    plain.exit_code = 0;
    const page p = write_page("plain.html", {plain, test::made_sweep_scenario({test::made_sweep()})});
    EXPECT_EQ(xpath(p, "count(//" + element("table") + "[@class='scenarios']/" + element("tr") + ")"), "3");
    EXPECT_EQ(xpath(p, "string(//" + element("table") + "[@class='scenarios']/" + element("tr") + "[2]/" + element("td") + "[1])"),
              "boot <fast>");
    EXPECT_EQ(xpath(p, "count(//" + element("section") + "[@class='scenario'])"), "1");
    EXPECT_EQ(xpath(p, "string(//" + element("p") + "[@class='summary'])"), "2 scenarios: 1 passed, 0 skipped, 1 failed, 0 errors");
}

}  // namespace
