#include "sim/report/report.h"

#include <algorithm>
#include <fstream>
#include <iomanip>
#include <iterator>
#include <sstream>
#include <stdexcept>

#include "sim/report/markup.h"
#include "sim/report/sweep_json.h"
#include "sim/report/sweep_junit.h"
#include "sim/report/sweep_summary.h"

namespace sim {
namespace {

constexpr std::uint64_t ps_per_second = 1'000'000'000'000ULL;

std::string seconds_text(std::uint64_t ps) {
    std::ostringstream s;
    s << ps / ps_per_second << '.' << std::setw(6) << std::setfill('0') << (ps % ps_per_second) / 1'000'000;
    return s.str();
}

std::string host_seconds_text(double seconds) {
    std::ostringstream s;
    s << std::fixed << std::setprecision(3) << seconds;
    return s.str();
}

std::string system_out(const scenario_result& r) {
    std::string text = "simulated time: " + seconds_text(r.simulated_ps) + " s (host time: " +
                       host_seconds_text(r.host_seconds) + " s)\n" + sweep_counts_lines(r);
    for (const console_tail& c : r.consoles) {
        text += "--- " + c.name + " console" + (c.truncated ? " (last lines)" : "") + " ---\n" + c.text;
        if (!c.text.empty() && c.text.back() != '\n') text += '\n';
    }
    return text;
}

std::size_t count_skipped(const std::vector<scenario_result>& results) {
    return static_cast<std::size_t>(
        std::count_if(results.begin(), results.end(), [](const scenario_result& r) { return r.skipped; }));
}

std::size_t count(const std::vector<scenario_result>& results, int exit_code) {
    return static_cast<std::size_t>(std::count_if(results.begin(), results.end(),
                                                  [&](const scenario_result& r) { return r.exit_code == exit_code; }));
}

// Every sweep's points per verdict, and their total.
nlohmann::json sweep_point_counts(const std::vector<scenario_result>& results) {
    std::vector<sweep_point_result> points;
    for (const scenario_result& r : results)
        for (const sweep_result& sweep : r.sweeps) points.insert(points.end(), sweep.points.begin(), sweep.points.end());
    nlohmann::json j = {{"total", points.size()}};
    for (point_verdict v : all_verdicts) j[to_string(v)] = count_with_verdict(points, v);
    return j;
}

}  // namespace

console_tail make_console_tail(const std::string& name, const std::string& printed) {
    // Firmware ends lines with \r\n; a report wants plain lines.
    std::string text;
    std::copy_if(printed.begin(), printed.end(), std::back_inserter(text), [](char c) { return c != '\r'; });
    std::size_t start = text.size() > console_tail_bytes ? text.size() - console_tail_bytes : 0;
    // Count lines back from the end, ignoring the final newline.
    std::size_t lines = 0;
    for (std::size_t i = text.size(); i > start; --i) {
        if (text[i - 1] == '\n' && i != text.size() && ++lines == console_tail_lines) {
            start = i;
            break;
        }
    }
    if (start > 0 && text[start - 1] != '\n') {  // cut by bytes: start at a whole line if there is one
        std::size_t next_line = text.find('\n', start);
        if (next_line != std::string::npos && next_line + 1 < text.size()) start = next_line + 1;
    }
    return {name, text.substr(start), start > 0};
}

const char* verdict(const scenario_result& result) {
    if (result.skipped) return "skipped";
    switch (result.exit_code) {
    case 0: return "pass";
    case 1: return "fail";
    default: return "error";
    }
}

nlohmann::json to_json(const scenario_result& r) {
    nlohmann::json consoles = nlohmann::json::object();
    for (const console_tail& c : r.consoles) consoles[c.name] = {{"tail", c.text}, {"truncated", c.truncated}};
    nlohmann::json j = {{"name", r.name},
                        {"file", r.file},
                        {"verdict", verdict(r)},
                        {"exit_code", r.exit_code},
                        {"skipped", r.skipped},
                        {"message", r.message},
                        {"simulated_time_s", static_cast<double>(r.simulated_ps) / static_cast<double>(ps_per_second)},
                        {"simulated_time_ps", r.simulated_ps},
                        {"host_time_s", r.host_seconds},
                        {"consoles", consoles}};
    if (r.slots) j.update(to_json(*r.slots));
    nlohmann::json sweeps = nlohmann::json::array();
    for (const sweep_result& sweep : r.sweeps) sweeps.push_back(to_json(sweep));
    j["sweeps"] = sweeps;
    return j;
}

scenario_result result_from_json(const nlohmann::json& j) {
    scenario_result r;
    r.name = j.at("name").get<std::string>();
    r.file = j.at("file").get<std::string>();
    r.exit_code = j.at("exit_code").get<int>();
    r.skipped = j.at("skipped").get<bool>();
    r.message = j.at("message").get<std::string>();
    r.simulated_ps = j.at("simulated_time_ps").get<std::uint64_t>();
    r.host_seconds = j.at("host_time_s").get<double>();
    for (const auto& [name, c] : j.at("consoles").items())
        r.consoles.push_back({name, c.at("tail").get<std::string>(), c.at("truncated").get<bool>()});
    if (j.contains("slots")) r.slots = slot_report_from_json(j);
    if (j.contains("sweeps"))
        for (const nlohmann::json& sweep : j.at("sweeps")) r.sweeps.push_back(sweep_from_json(sweep));
    return r;
}

std::string junit_xml(const std::vector<scenario_result>& results, double host_seconds) {
    std::ostringstream x;
    // A sweep's points are test cases of their own beside their scenario's.
    const std::string tests = std::to_string(results.size() + count_points(results));
    const std::string failures = std::to_string(count(results, 1) + count_failed_points(results));
    const std::string errors = std::to_string(results.size() - count(results, 0) - count(results, 1));
    const std::string skipped = std::to_string(count_skipped(results));
    const std::string time = host_seconds_text(host_seconds);
    x << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<testsuites name=\"nrf53sim\" tests=\"" << tests << "\" failures=\"" << failures << "\" errors=\""
      << errors << "\" time=\"" << time << "\">\n"
      << "  <testsuite name=\"nrf53sim\" tests=\"" << tests << "\" failures=\"" << failures << "\" errors=\""
      << errors << "\" skipped=\"" << skipped << "\" time=\"" << time << "\">\n";
    for (const scenario_result& r : results) {
        x << "    <testcase name=\"" << xml_escape(r.name) << "\" classname=\"" << xml_escape(r.file)
          << "\" time=\"" << host_seconds_text(r.host_seconds) << "\" status=\"" << verdict(r) << "\">\n";
        if (r.skipped) x << "      <skipped message=\"" << xml_escape(r.message) << "\"/>\n";
        if (r.exit_code != 0) {
            const char* element = r.exit_code == 1 ? "failure" : "error";
            x << "      <" << element << " type=\"" << verdict(r) << "\" message=\"" << xml_escape(r.message)
              << "\">" << xml_escape(r.message) << "</" << element << ">\n";
        }
        x << "      <system-out>" << xml_escape(system_out(r)) << "</system-out>\n"
          << "    </testcase>\n"
          << point_testcases_xml(r);
    }
    x << "  </testsuite>\n</testsuites>\n";
    return x.str();
}

std::string results_json(const std::vector<scenario_result>& results, double host_seconds) {
    nlohmann::json scenarios = nlohmann::json::array();
    for (const scenario_result& r : results) scenarios.push_back(to_json(r));
    nlohmann::json document = {
        {"scenarios", scenarios},
        {"summary",
         {{"scenarios", results.size()},
          {"passed", count(results, 0) - count_skipped(results)},
          {"skipped", count_skipped(results)},
          {"failed", count(results, 1)},
          {"errors", results.size() - count(results, 0) - count(results, 1)},
          {"sweep_points", sweep_point_counts(results)},
          {"host_time_s", host_seconds}}}};
    // A console may print bytes that are not UTF-8: replace them rather than throw.
    return document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

void write_file(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) throw std::runtime_error("cannot write " + path);
}

}  // namespace sim
