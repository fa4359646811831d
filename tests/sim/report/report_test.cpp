#include "sim/report/report.h"

#include <gtest/gtest.h>

#include <string>

namespace {

sim::scenario_result failed_result() {
    sim::scenario_result r;
    r.name = "boot <\"odd\" & name>";
    r.file = "suite/boot.yaml";
    r.exit_code = 1;
    r.message = "boot.yaml:8:5: wait_for app uart 0: \"ready\" not seen within 50ms";
    r.simulated_ps = 54'760'000'000;
    r.host_seconds = 0.25;
    r.consoles.push_back(sim::make_console_tail("app", "hello\r\nbell \x07 and \xC3\r\n"));
    return r;
}

TEST(report, console_tail_keeps_the_last_lines_without_carriage_returns) {
    std::string text;
    for (int i = 1; i <= 30; ++i) text += "line " + std::to_string(i) + "\r\n";
    sim::console_tail tail = sim::make_console_tail("net", text);
    EXPECT_TRUE(tail.truncated);
    EXPECT_EQ(tail.text.substr(0, 8), "line 11\n");
    EXPECT_EQ(tail.text.substr(tail.text.size() - 8), "line 30\n");
}

TEST(report, console_tail_is_bounded_in_bytes_and_starts_at_a_line) {
    std::string text = std::string(5000, 'x') + "\n" + std::string(1000, 'y') + "\nlast\n";
    sim::console_tail tail = sim::make_console_tail("app", text);
    EXPECT_TRUE(tail.truncated);
    EXPECT_LE(tail.text.size(), sim::console_tail_bytes);
    EXPECT_EQ(tail.text, std::string(1000, 'y') + "\nlast\n");
}

TEST(report, a_short_console_is_kept_whole) {
    sim::console_tail tail = sim::make_console_tail("app", "one\ntwo\n");
    EXPECT_FALSE(tail.truncated);
    EXPECT_EQ(tail.text, "one\ntwo\n");
}

TEST(report, junit_escapes_markup_and_control_bytes) {
    const std::string xml = sim::junit_xml({failed_result()}, 1.5);
    EXPECT_NE(xml.find("name=\"boot &lt;&quot;odd&quot; &amp; name&gt;\""), std::string::npos) << xml;
    EXPECT_NE(xml.find("<failure type=\"fail\" message=\"boot.yaml:8:5: wait_for app uart 0: &quot;ready&quot;"),
              std::string::npos)
        << xml;
    EXPECT_NE(xml.find("bell \\x07 and \\xC3\n"), std::string::npos) << xml;
    EXPECT_NE(xml.find("simulated time: 0.054760 s (host time: 0.250 s)"), std::string::npos) << xml;
    EXPECT_NE(xml.find("tests=\"1\" failures=\"1\" errors=\"0\""), std::string::npos) << xml;
}

TEST(report, an_error_is_an_error_element_and_a_pass_has_none) {
    sim::scenario_result error = failed_result();
    error.exit_code = 2;
    sim::scenario_result pass = failed_result();
    pass.exit_code = 0;
    pass.message.clear();
    const std::string xml = sim::junit_xml({error, pass}, 1.0);
    EXPECT_NE(xml.find("<error type=\"error\""), std::string::npos) << xml;
    EXPECT_EQ(xml.find("<failure"), std::string::npos) << xml;
    EXPECT_NE(xml.find("tests=\"2\" failures=\"0\" errors=\"1\""), std::string::npos) << xml;
}

TEST(report, json_has_verdict_times_and_console_tails) {
    const nlohmann::json document = nlohmann::json::parse(sim::results_json({failed_result()}, 2.0));
    const nlohmann::json& s = document.at("scenarios").at(0);
    EXPECT_EQ(s.at("verdict"), "fail");
    EXPECT_EQ(s.at("simulated_time_ps"), 54'760'000'000ULL);
    EXPECT_DOUBLE_EQ(s.at("host_time_s").get<double>(), 0.25);
    EXPECT_EQ(s.at("consoles").at("app").at("tail").get<std::string>().substr(0, 6), "hello\n");
    EXPECT_EQ(document.at("summary").at("failed"), 1);
    EXPECT_EQ(document.at("summary").at("passed"), 0);
}

TEST(report, a_result_survives_the_trip_through_json) {
    const sim::scenario_result original = failed_result();
    const sim::scenario_result copy = sim::result_from_json(sim::to_json(original));
    EXPECT_EQ(copy.name, original.name);
    EXPECT_EQ(copy.exit_code, original.exit_code);
    EXPECT_EQ(copy.message, original.message);
    EXPECT_EQ(copy.simulated_ps, original.simulated_ps);
    ASSERT_EQ(copy.consoles.size(), 1U);
    EXPECT_EQ(copy.consoles[0].text, original.consoles[0].text);
}

}  // namespace
