#include "sim/report/report_merge.h"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>
#include <tuple>
#include <utility>

#include "sim/common/input_error.h"
#include "sim/common/input_file.h"

namespace sim {
namespace {

// One piece of a merge and the file it came from, for the error messages.
template <typename T>
struct from_file {
    const std::string* path;
    const T* item;
};

std::string files_text(const std::vector<std::string>& paths) {
    std::string text;
    for (const std::string& path : paths) text += (text.empty() ? "" : ", ") + path;
    return text;
}

template <typename T>
std::vector<std::string> paths_of(const std::vector<from_file<T>>& parts) {
    std::vector<std::string> paths;
    for (const from_file<T>& part : parts)
        if (std::find(paths.begin(), paths.end(), *part.path) == paths.end()) paths.push_back(*part.path);
    return paths;
}

[[noreturn]] void fail(const std::vector<std::string>& paths, const std::string& message) {
    throw input_error(files_text(paths), 0, 0, message);
}

std::string shard_text(const sweep_result& sweep) {
    return std::to_string(sweep.shard_index) + "/" + std::to_string(sweep.shard_count);
}

bool same_span(const std::vector<span_operation>& a, const std::vector<span_operation>& b) {
    auto fields = [](const span_operation& op) {
        return std::tie(op.number, op.array, op.kind, op.address, op.size, op.partition);
    };
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [&](const span_operation& x, const span_operation& y) { return fields(x) == fields(y); });
}

// Shards of one sweep must come from one sweep definition run on the same firmware.
void check_shards_agree(const std::string& what, const std::vector<from_file<sweep_result>>& parts) {
    const sweep_result& first = *parts.front().item;
    const std::string& first_path = *parts.front().path;
    for (const from_file<sweep_result>& part : parts) {
        const sweep_result& sweep = *part.item;
        if (sweep.shard_count != first.shard_count)
            fail({first_path, *part.path}, what + ": the shard counts disagree: shard " + shard_text(first) +
                                               " in " + first_path + ", shard " + shard_text(sweep) + " in " + *part.path);
        if (sweep.total_points != first.total_points)
            fail({first_path, *part.path}, what + ": the total of points disagrees: " +
                                               std::to_string(first.total_points) + " in " + first_path + ", " +
                                               std::to_string(sweep.total_points) + " in " + *part.path);
        // A shard that stopped before recording the span has none; that is no disagreement.
        if (!sweep.operations.empty() && !first.operations.empty() && !same_span(sweep.operations, first.operations))
            fail({first_path, *part.path}, what + ": the span's flash operations disagree (" +
                                               std::to_string(first.operations.size()) + " in " + first_path + ", " +
                                               std::to_string(sweep.operations.size()) + " in " + *part.path +
                                               "): shards of different firmware?");
    }
}

std::vector<span_operation> span_of(const std::vector<from_file<sweep_result>>& parts) {
    for (const from_file<sweep_result>& part : parts)
        if (!part.item->operations.empty()) return part.item->operations;
    return {};
}

std::string missing_shards_text(const std::vector<from_file<sweep_result>>& parts) {
    std::set<unsigned> present;
    for (const from_file<sweep_result>& part : parts) present.insert(part.item->shard_index);
    const unsigned count = parts.front().item->shard_count;
    std::string missing;
    for (unsigned index = 1; index <= count; ++index)
        if (!present.count(index))
            missing += (missing.empty() ? "" : ", ") + std::to_string(index) + "/" + std::to_string(count);
    return missing.empty() ? "every shard is there, but points are missing"
                           : "missing shard" + std::string(missing.find(',') == std::string::npos ? " " : "s ") + missing;
}

std::vector<sweep_point_result> merged_points(const std::string& what, const std::vector<from_file<sweep_result>>& parts) {
    std::vector<from_file<sweep_point_result>> points;
    for (const from_file<sweep_result>& part : parts)
        for (const sweep_point_result& point : part.item->points) points.push_back({part.path, &point});
    std::stable_sort(points.begin(), points.end(),
                     [](const auto& a, const auto& b) { return a.item->number < b.item->number; });
    const std::uint64_t total = parts.front().item->total_points;
    std::vector<sweep_point_result> merged;
    for (std::size_t i = 0; i < points.size(); ++i) {
        const std::uint64_t number = points[i].item->number;
        if (number == 0 || number > total)
            fail({*points[i].path}, what + ": point " + std::to_string(number) + " is outside the sweep's points 1.." +
                                        std::to_string(total));
        if (i > 0 && points[i - 1].item->number == number) {
            const std::string& earlier = *points[i - 1].path;
            fail(paths_of(std::vector<from_file<sweep_point_result>>{points[i - 1], points[i]}),
                 what + ": point " + std::to_string(number) +
                     (earlier == *points[i].path ? " is twice in " + earlier
                                                 : " is in both " + earlier + " and " + *points[i].path));
        }
        merged.push_back(*points[i].item);
    }
    if (merged.size() < total)
        fail(paths_of(parts), what + ": " + std::to_string(merged.size()) + " of " + std::to_string(total) +
                                  " points in these files; " + missing_shards_text(parts));
    return merged;
}

sweep_result merge_sweep(const std::string& scenario, const std::vector<from_file<sweep_result>>& parts) {
    const std::string what = scenario + ": power_fail_sweep at " + parts.front().item->where;
    check_shards_agree(what, parts);
    sweep_result merged;
    merged.where = parts.front().item->where;
    merged.total_points = parts.front().item->total_points;
    merged.operations = span_of(parts);
    merged.points = merged_points(what, parts);
    return merged;
}

std::vector<sweep_result> merge_sweeps(const std::string& scenario, const std::vector<from_file<scenario_result>>& parts) {
    std::vector<std::string> order;  // where, in the order the steps come
    std::map<std::string, std::vector<from_file<sweep_result>>> by_where;
    for (const from_file<scenario_result>& part : parts) {
        for (const sweep_result& sweep : part.item->sweeps) {
            if (!by_where.count(sweep.where)) order.push_back(sweep.where);
            by_where[sweep.where].push_back({part.path, &sweep});
        }
    }
    std::vector<sweep_result> sweeps;
    for (const std::string& where : order) sweeps.push_back(merge_sweep(scenario, by_where[where]));
    return sweeps;
}

scenario_result merge_scenario(const std::vector<from_file<scenario_result>>& parts) {
    const scenario_result* worst = parts.front().item;
    for (const from_file<scenario_result>& part : parts)
        if (part.item->exit_code > worst->exit_code) worst = part.item;
    scenario_result merged = *worst;
    merged.simulated_ps = 0;
    merged.host_seconds = 0;
    for (const from_file<scenario_result>& part : parts) {
        merged.skipped = merged.skipped && part.item->skipped;
        merged.simulated_ps += part.item->simulated_ps;
        merged.host_seconds += part.item->host_seconds;
    }
    merged.sweeps = merge_sweeps(merged.file + " (" + merged.name + ")", parts);
    return merged;
}

}  // namespace

results_file read_results_file(const std::string& path) {
    const std::string text = read_input_file(path, max_results_file_size);
    results_file file{path, {}};
    try {
        const nlohmann::json document = nlohmann::json::parse(text);
        for (const nlohmann::json& scenario : document.at("scenarios")) file.results.push_back(result_from_json(scenario));
    } catch (const nlohmann::json::exception& e) {
        throw input_error(path, 0, 0, std::string("not an nrf53sim --json results file: ") + e.what());
    } catch (const std::invalid_argument& e) {
        throw input_error(path, 0, 0, std::string("not an nrf53sim --json results file: ") + e.what());
    }
    return file;
}

std::vector<scenario_result> merge_results(const std::vector<results_file>& files) {
    std::map<std::pair<std::string, std::string>, std::vector<from_file<scenario_result>>> by_scenario;
    for (const results_file& file : files)
        for (const scenario_result& result : file.results) by_scenario[{result.file, result.name}].push_back({&file.path, &result});
    std::vector<scenario_result> merged;
    for (const auto& [key, parts] : by_scenario) merged.push_back(merge_scenario(parts));
    return merged;
}

}  // namespace sim
