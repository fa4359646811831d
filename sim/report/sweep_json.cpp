#include "sim/report/sweep_json.h"

#include <stdexcept>

#include "sim/report/sweep_summary.h"

namespace sim {
namespace {

nlohmann::json to_json(const span_operation& op) {
    return {{"number", op.number}, {"array", op.array},  {"kind", op.kind},
            {"address", op.address}, {"size", op.size}, {"partition", op.partition}};
}

span_operation operation_from_json(const nlohmann::json& j) {
    span_operation op;
    op.number = j.at("number").get<std::uint64_t>();
    op.array = j.at("array").get<std::string>();
    op.kind = j.at("kind").get<std::string>();
    op.address = j.at("address").get<std::uint32_t>();
    op.size = j.at("size").get<std::uint32_t>();
    op.partition = j.at("partition").get<std::string>();
    return op;
}

nlohmann::json to_json(const sweep_point_result& point) {
    nlohmann::json j = {{"number", point.number},
                        {"fault", point.fault},
                        {"operations", point.operations},
                        {"verdict", to_string(point.verdict)},
                        {"message", bounded_point_text(point.message)},
                        {"replay", bounded_point_text(point.replay)}};
    if (point.seed) j["seed"] = *point.seed;
    return j;
}

sweep_point_result point_from_json(const nlohmann::json& j) {
    sweep_point_result point;
    point.number = j.at("number").get<std::uint64_t>();
    point.fault = j.at("fault").get<std::string>();
    point.operations = j.at("operations").get<std::vector<std::uint64_t>>();
    if (j.contains("seed")) point.seed = j.at("seed").get<std::uint64_t>();
    const std::string verdict = j.at("verdict").get<std::string>();
    const std::optional<point_verdict> known = verdict_from_string(verdict);
    if (!known) throw std::invalid_argument("point " + std::to_string(point.number) + ": unknown verdict \"" + verdict + "\"");
    point.verdict = *known;
    point.message = j.at("message").get<std::string>();
    point.replay = j.at("replay").get<std::string>();
    return point;
}

}  // namespace

nlohmann::json to_json(const sweep_result& sweep) {
    nlohmann::json operations = nlohmann::json::array(), points = nlohmann::json::array(),
                   counts = nlohmann::json::object();
    for (const span_operation& op : sweep.operations) operations.push_back(to_json(op));
    for (const sweep_point_result& point : sweep.points) points.push_back(to_json(point));
    for (point_verdict verdict : all_verdicts) counts[to_string(verdict)] = count_with_verdict(sweep.points, verdict);
    return {{"where", sweep.where},
            {"shard", {{"index", sweep.shard_index}, {"count", sweep.shard_count}}},
            {"total_points", sweep.total_points},
            {"operations", operations},
            {"points", points},
            {"counts", counts}};
}

sweep_result sweep_from_json(const nlohmann::json& j) {
    sweep_result sweep;
    sweep.where = j.at("where").get<std::string>();
    sweep.shard_index = j.at("shard").at("index").get<unsigned>();
    sweep.shard_count = j.at("shard").at("count").get<unsigned>();
    sweep.total_points = j.at("total_points").get<std::uint64_t>();
    for (const nlohmann::json& op : j.at("operations")) sweep.operations.push_back(operation_from_json(op));
    for (const nlohmann::json& point : j.at("points")) sweep.points.push_back(point_from_json(point));
    return sweep;
}

}  // namespace sim
