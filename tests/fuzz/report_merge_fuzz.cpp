// `nrf53sim report merge`'s reader of --json results files
// (sim/report/report_merge.h), then the merge and the three reports it writes.
#include "fuzz_input.h"
#include "sim/report/report_merge.h"
#include "sim/report/sweep_html.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = fuzz::as_file(data, size, "shard.json");
    return fuzz::run([&] {
        const sim::results_file file = sim::read_results_file(path);
        const std::vector<sim::scenario_result> merged = sim::merge_results({file});
        sim::results_json(merged, 0);
        sim::junit_xml(merged, 0);
        sim::html_report(merged);
        sim::merge_results({file, file});  // the same shard twice: refused, never a crash
    });
}
