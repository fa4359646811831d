#include "sim/fault/span.h"

namespace sim {
namespace {

bool is_external(const partition& p) { return p.region == "external_flash"; }

// The partitions of the array's address space.
const partition_layout& layout_of(flash_array array, const dfu_layout& layout) {
    return array == flash_array::net ? layout.net : layout.app;
}

bool in_array(const partition& p, flash_array array) {
    if (array == flash_array::external) return is_external(p);
    return p.region == "flash_primary";
}

bool overlaps(std::uint64_t a, std::uint64_t a_size, std::uint64_t b, std::uint64_t b_size) {
    return a < b + b_size && b < a + a_size;
}

}  // namespace

bool is_slot(const std::string& name) {
    return name.rfind("mcuboot_primary", 0) == 0 || name.rfind("mcuboot_secondary", 0) == 0;
}

span_operation locate(std::uint64_t number, flash_array array, const models::flash_op& op, const dfu_layout& layout) {
    span_operation located;
    located.number = number;
    located.array = to_string(array);
    located.kind = op.type == models::flash_op::kind::erase ? "erase" : "program";
    located.address = array == flash_array::net ? net_flash_base + op.address : op.address;
    located.size = op.size;
    // A slot names the operation when one holds it, else the smallest partition.
    const partition* best = nullptr;
    for (const partition& p : layout_of(array, layout).partitions()) {
        if (!in_array(p, array) || located.address < p.address || located.address >= p.end_address()) continue;
        const bool better = !best || (is_slot(p.name) && !is_slot(best->name)) ||
                            (is_slot(p.name) == is_slot(best->name) && p.size < best->size);
        if (better) best = &p;
    }
    if (best) located.partition = best->name;
    return located;
}

std::vector<bool> header_or_trailer(const std::vector<span_operation>& span, const dfu_layout& layout,
                                    const std::function<std::uint32_t(const partition& slot)>& header_size) {
    struct area { bool external; std::uint64_t address, size; };
    std::vector<area> areas;
    for (const partition& p : layout.app.partitions()) {
        if (!is_slot(p.name) || (p.region != "flash_primary" && !is_external(p))) continue;
        areas.push_back({is_external(p), p.address, header_size(p)});
        if (p.size >= trailer_bytes) areas.push_back({is_external(p), p.end_address() - trailer_bytes, trailer_bytes});
    }
    std::vector<bool> critical(span.size(), false);
    for (std::size_t i = 0; i < span.size(); ++i) {
        const bool external = span[i].array == to_string(flash_array::external);
        if (span[i].array == to_string(flash_array::net)) continue;
        for (const area& a : areas)
            if (a.external == external && overlaps(span[i].address, span[i].size, a.address, a.size)) critical[i] = true;
    }
    return critical;
}

}  // namespace sim
