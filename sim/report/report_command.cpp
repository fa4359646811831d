#include "sim/report/report_command.h"

#include <algorithm>
#include <cctype>
#include <iostream>
#include <string>
#include <vector>

#include "sim/common/input_error.h"
#include "sim/report/report_merge.h"
#include "sim/report/sweep_html.h"
#include "sim/report/sweep_summary.h"

namespace sim {
namespace {

constexpr int exit_error = 2;

const char* const usage =
    "Usage: nrf53sim report merge SHARD.json... [--json OUT] [--junit OUT] [--report OUT.html]\n"
    "Merges the --json files of the shards of a run (nrf53sim run --shard I/N --json FILE)\n"
    "into one result: a sweep's points from every shard, each scenario's worst verdict.\n"
    "  --json FILE     write the merged results as JSON (the form nrf53sim run --json writes)\n"
    "  --junit FILE    write them as JUnit XML (Jenkins schema)\n"
    "  --report FILE   write them as a self-contained HTML page\n"
    "Exit status: 0 every scenario passed, 1 a scenario failed, 2 an error or bad input.\n";

struct merge_arguments {
    std::vector<std::string> inputs;
    std::string json_file, junit_file, report_file;
};

// Accepts "--json FILE" and "--json=FILE"; throws input_error for anything else.
merge_arguments parse_merge_arguments(int argc, char** argv) {
    merge_arguments arguments;
    for (int i = 2; i < argc; ++i) {
        std::string word = argv[i];
        std::string* target = nullptr;
        for (auto [name, file] : {std::pair{"--json", &arguments.json_file}, std::pair{"--junit", &arguments.junit_file},
                                  std::pair{"--report", &arguments.report_file}}) {
            const std::string option = name;
            if (word == option) {
                if (++i == argc) throw input_error("", 0, 0, option + " needs a FILE");
                *file = argv[i];
                target = file;
            } else if (word.rfind(option + "=", 0) == 0) {
                *file = word.substr(option.size() + 1);
                target = file;
            }
        }
        if (target) continue;
        if (word.rfind("-", 0) == 0) throw input_error("", 0, 0, "unknown option " + word);
        arguments.inputs.push_back(word);
    }
    if (arguments.inputs.empty()) throw input_error("", 0, 0, "no results file to merge");
    return arguments;
}

void print_results(const std::vector<scenario_result>& results, std::ostream& out) {
    for (const scenario_result& r : results) {
        std::string shown = verdict(r);
        std::transform(shown.begin(), shown.end(), shown.begin(), [](unsigned char c) { return std::toupper(c); });
        out << shown << " " << r.name << " (" << r.file << ")" << (r.message.empty() ? "" : ": " + r.message) << "\n";
        for (const sweep_result& sweep : r.sweeps) out << "  " << sweep.where << ": " << verdict_counts_text(sweep) << "\n";
    }
}

double host_seconds_of(const std::vector<scenario_result>& results) {
    double seconds = 0;
    for (const scenario_result& r : results) seconds += r.host_seconds;
    return seconds;
}

int merge(const merge_arguments& arguments, std::ostream& out) {
    std::vector<results_file> files;
    for (const std::string& path : arguments.inputs) files.push_back(read_results_file(path));
    const std::vector<scenario_result> merged = merge_results(files);
    print_results(merged, out);
    // Merged shards ran one after another as far as the report can tell: their host times add up.
    const double host_seconds = host_seconds_of(merged);
    if (!arguments.json_file.empty()) write_file(arguments.json_file, results_json(merged, host_seconds));
    if (!arguments.junit_file.empty()) write_file(arguments.junit_file, junit_xml(merged, host_seconds));
    if (!arguments.report_file.empty()) write_file(arguments.report_file, html_report(merged));
    int worst = 0;
    for (const scenario_result& r : merged) worst = std::max(worst, r.exit_code);
    return worst;
}

}  // namespace

int report_main(int argc, char** argv, std::ostream& out, std::ostream& err) {
    const std::string command = argc >= 2 ? argv[1] : "";
    if (command == "--help" || command == "-h") {
        out << usage;
        return 0;
    }
    if (command != "merge") {
        err << "nrf53sim report: expected the command merge\n" << usage;
        return exit_error;
    }
    try {
        return merge(parse_merge_arguments(argc, argv), out);
    } catch (const std::runtime_error& e) {  // input_error, and write_file's errors
        err << "nrf53sim report merge: " << e.what() << "\n";
    }
    return exit_error;
}

int report_main(int argc, char** argv) { return report_main(argc, argv, std::cout, std::cerr); }

}  // namespace sim
