#include "sim/fault/points.h"

#include <algorithm>

#include "models/splitmix64.h"

namespace sim {
namespace {

models::flash_op::kind type_of(const span_operation& op) {
    return op.kind == "erase" ? models::flash_op::kind::erase : models::flash_op::kind::program;
}

// The operations the plan faults, as indexes into the span.
std::vector<std::size_t> chosen_operations(const point_plan& plan, const std::vector<bool>& critical) {
    std::vector<std::size_t> chosen, others;
    for (std::size_t i = 0; i < critical.size(); ++i) {
        if (!plan.sample || (plan.sample->all_trailers && critical[i]))
            chosen.push_back(i);
        else
            others.push_back(i);
    }
    if (!plan.sample) return chosen;
    const std::uint64_t bulk = std::min<std::uint64_t>(plan.sample->bulk, others.size());
    for (std::uint64_t j = 0; j < bulk; ++j) chosen.push_back(others[j * others.size() / bulk]);
    std::sort(chosen.begin(), chosen.end());
    return chosen;
}

// The first operation from `from` (index) that `kind` applies to, as a number; 0: none.
std::uint64_t first_applicable(const std::vector<span_operation>& span, std::size_t from, fault_kind kind) {
    for (std::size_t i = from; i < span.size(); ++i)
        if (applies_to(kind, type_of(span[i]))) return i + 1;
    return 0;
}

}  // namespace

sweep_point random_point(std::uint64_t number, std::uint64_t seed, const point_plan& plan,
                         const std::vector<span_operation>& span) {
    sweep_point point{number, seed, {}};
    models::splitmix64 random(seed);
    for (unsigned i = 0; i < plan.cuts; ++i) {
        const std::uint64_t k = random.between_1_and(span.size());
        // One kind draws nothing: the points of a seed stay those of earlier versions.
        const fault_kind kind = plan.kinds.size() == 1 ? plan.kinds[0]
                                                       : plan.kinds[random.next() % plan.kinds.size()];
        point.faults.push_back({k, kind});
    }
    // The first fault strikes the first operation from k its kind applies to.
    point.faults[0].operation = first_applicable(span, point.faults[0].operation - 1, point.faults[0].kind);
    return point;
}

namespace {

sweep_point with_second_fault(const sweep_point& first, std::uint64_t number, std::uint64_t seed,
                              const point_plan& plan, std::uint64_t span_size) {
    sweep_point point{number, seed, first.faults};
    models::splitmix64 random(seed);
    const std::uint64_t left = span_size - std::min(span_size, first.faults[0].operation) + 1;
    const fault_kind kind = plan.kinds[random.next() % plan.kinds.size()];
    point.faults.push_back({random.between_1_and(left), kind});
    return point;
}

}  // namespace

std::vector<sweep_point> plan_points(const point_plan& plan, const std::vector<span_operation>& span,
                                     const std::vector<bool>& critical) {
    std::vector<sweep_point> points;
    if (span.empty()) return points;
    if (plan.cuts > 0) {
        for (unsigned run = 0; run < plan.runs; ++run) {
            sweep_point point = random_point(run + 1, plan.seed + run, plan, span);
            if (point.faults[0].operation != 0) points.push_back(point);
        }
    } else {
        for (std::size_t i : chosen_operations(plan, critical))
            for (fault_kind kind : plan.kinds)
                if (applies_to(kind, type_of(span[i])))
                    points.push_back({points.size() + 1, std::nullopt, {{i + 1, kind}}});
    }
    const std::size_t firsts = points.size();
    const std::uint64_t seconds = std::min<std::uint64_t>(plan.second_faults, firsts);
    for (std::uint64_t j = 0; j < seconds; ++j) {
        const std::uint64_t number = points.size() + 1;
        points.push_back(with_second_fault(points[j * firsts / seconds], number, plan.seed + number, plan,
                                           span.size()));
    }
    return points;
}

std::vector<sweep_point> shard_points(const std::vector<sweep_point>& points, unsigned index, unsigned count) {
    std::vector<sweep_point> kept;
    for (const sweep_point& p : points)
        if ((p.number - 1) % count == index - 1) kept.push_back(p);
    return kept;
}

std::string describe(const sweep_point& point) {
    std::string text = std::to_string(point.number) + " (";
    for (std::size_t i = 0; i < point.faults.size(); ++i)
        text += std::string(i ? ", then " : "") + to_string(point.faults[i].kind) + " at operation " +
                std::to_string(point.faults[i].operation);
    if (point.seed) text += ", seed " + std::to_string(*point.seed);
    return text + ")";
}

std::string replay_command(const std::string& scenario_file, const sweep_point& point) {
    return "nrf53sim run " + scenario_file + " --sweep-point " + std::to_string(point.number);
}

}  // namespace sim
