#include "sim/dfu/partitions.h"

#include "sim/common/input_file.h"
#include "sim/common/yaml_input.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <ostream>
#include <sstream>

namespace sim {

std::string hex(std::uint64_t value) {
    std::ostringstream out;
    out << "0x" << std::hex << value;
    return out.str();
}

partition_layout::partition_layout(std::string domain, std::vector<partition> partitions)
    : m_domain(std::move(domain)), m_partitions(std::move(partitions)) {
    // Larger first at one address, so a container precedes its members.
    std::stable_sort(m_partitions.begin(), m_partitions.end(), [](const partition& a, const partition& b) {
        if (a.region != b.region) return a.region < b.region;
        if (a.address != b.address) return a.address < b.address;
        if (a.size != b.size) return a.size > b.size;
        return a.name < b.name;
    });
}

const partition* partition_layout::find(std::string_view name) const {
    for (const partition& p : m_partitions)
        if (p.name == name) return &p;
    return nullptr;
}

namespace {

using yaml_input::fail;
using yaml_input::mapping;
using yaml_input::names;
using yaml_input::number;
using yaml_input::text;

partition_placement read_placement(const std::string& file, const YAML::Node& node) {
    partition_placement placement;
    mapping(file, node, "placement");
    if (node["before"]) placement.before = names(file, node["before"], "before");
    if (node["after"]) placement.after = names(file, node["after"], "after");
    if (const YAML::Node align = node["align"]) {
        mapping(file, align, "placement: align");
        if (align["start"]) placement.align_start = number(file, align["start"], "align: start");
        if (align["end"]) placement.align_end = number(file, align["end"], "align: end");
    }
    return placement;
}

partition read_entry(const std::string& file, const YAML::Node& key, const YAML::Node& node) {
    partition p;
    p.name = text(file, key, "a partition name");
    if (!node.IsMap()) fail(file, key, "partition " + p.name + ": expected a mapping");
    if (!node["address"] || !node["size"])
        fail(file, key, "partition " + p.name + ": needs address and size");
    p.address = number(file, node["address"], "address");
    p.size = number(file, node["size"], "size");
    if (node["end_address"] && number(file, node["end_address"], "end_address") != p.end_address())
        fail(file, node["end_address"], "partition " + p.name + ": end_address is not address + size");
    if (node["region"]) p.region = text(file, node["region"], "a region");
    if (node["device"]) p.device = text(file, node["device"], "a device");
    if (node["span"]) p.span = names(file, node["span"], "span");
    if (node["orig_span"]) p.orig_span = names(file, node["orig_span"], "orig_span");
    if (node["inside"]) p.inside = names(file, node["inside"], "inside");
    if (node["share_size"]) p.share_size = names(file, node["share_size"], "share_size");
    if (node["placement"]) p.placement = read_placement(file, node["placement"]);
    return p;
}

void write_names(std::ostream& out, const char* key, const std::vector<std::string>& list,
                 const char* indent) {
    if (list.empty()) return;
    out << indent << key << ":\n";
    for (const std::string& name : list) out << indent << "- " << name << "\n";
}

std::string upper(std::string text) {
    for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

// The start of p's region, for PM_<NAME>_OFFSET: the smallest address of
// the region in the layout is the best a layout alone can tell, except for
// regions that start at a known base.
std::uint64_t region_base(const partition_layout& layout, const partition& p) {
    if (p.region == "sram_primary") return p.address & ~std::uint64_t{0xffffff};
    std::uint64_t base = p.address;
    for (const partition& other : layout.partitions())
        if (other.region == p.region) base = std::min(base, other.address);
    return p.region == "flash_primary" ? (base & ~std::uint64_t{0xffffff}) : base;
}

void write_defines(std::ostream& out, const std::string& prefix, const partition_layout& layout,
                   bool with_ids) {
    unsigned id = 0;
    for (const partition& p : layout.partitions()) {
        std::string name = prefix + upper(p.name);
        out << "#define " << name << "_OFFSET " << hex(p.address - region_base(layout, p)) << "\n";
        out << "#define " << name << "_ADDRESS " << hex(p.address) << "\n";
        out << "#define " << name << "_END_ADDRESS " << hex(p.end_address()) << "\n";
        out << "#define " << name << "_SIZE " << hex(p.size) << "\n";
        out << "#define " << name << "_NAME " << p.name << "\n";
        if (!p.device.empty()) out << "#define " << name << "_DEV " << p.device << "\n";
        if (with_ids && p.region != "sram_primary") {
            out << "#define " << name << "_ID " << id << "\n";
            out << "#define PM_" << p.name << "_ID " << name << "_ID\n";
            out << "#define PM_" << p.name << "_IS_ENABLED 1\n";
            out << "#define PM_" << id << "_LABEL " << upper(p.name) << "\n";
            ++id;
        }
    }
    if (with_ids) out << "#define PM_NUM " << id << "\n";
}

}  // namespace

std::string partition_overlap::describe() const {
    return first->name + " (" + hex(first->address) + "-" + hex(first->end_address()) + ") and " + second->name +
           " (" + hex(second->address) + "-" + hex(second->end_address()) + ") overlap in " + second->region;
}

std::optional<partition_overlap> find_overlap(const partition_layout& layout) {
    std::map<std::string, const partition*> by_name;
    for (const partition& p : layout.partitions()) by_name.emplace(p.name, &p);
    // The partitions a span stands for, spans in it expanded; a partition
    // that is no span stands for itself.
    std::map<const partition*, std::set<std::string>> leaves;
    auto leaves_of = [&](const partition* p) -> const std::set<std::string>& {
        auto known = leaves.find(p);
        if (known != leaves.end()) return known->second;
        std::set<std::string>& out = leaves[p];
        std::set<const partition*> seen;
        std::vector<const partition*> todo{p};
        while (!todo.empty()) {
            const partition* q = todo.back();
            todo.pop_back();
            if (!seen.insert(q).second) continue;
            if (!q->is_container()) out.insert(q->name);
            for (const std::string& member : q->span) {
                auto m = by_name.find(member);
                if (m != by_name.end()) todo.push_back(m->second);
                else out.insert(member);
            }
        }
        return out;
    };
    auto contains = [&](const partition* span, const partition* p) {
        if (!span->is_container()) return false;
        const std::set<std::string>& outer = leaves_of(span);
        const std::set<std::string>& inner = leaves_of(p);
        return std::includes(outer.begin(), outer.end(), inner.begin(), inner.end());
    };
    // Partitions come sorted by region and address: each is checked against
    // the earlier ones of its region that reach past its start.
    std::vector<const partition*> reaching;
    for (const partition& p : layout.partitions()) {
        if (p.size == 0) continue;
        reaching.erase(std::remove_if(reaching.begin(), reaching.end(),
                                      [&](const partition* q) {
                                          return q->region != p.region || q->end_address() <= p.address;
                                      }),
                       reaching.end());
        for (const partition* q : reaching)
            if (!contains(q, &p) && !contains(&p, q)) return partition_overlap{q, &p};
        reaching.push_back(&p);
    }
    return std::nullopt;
}

partition_layout parse_partitions_yml(const std::string& text, const std::string& file,
                                      const std::string& domain) {
    const YAML::Node root = yaml_input::load(file, text);
    if (root.IsNull()) return partition_layout(domain, {});
    if (!root.IsMap()) fail(file, root, "expected a mapping of partition names");
    std::vector<partition> partitions;
    std::map<std::string, YAML::Node> keys;  // for the line of an overlapping partition
    for (const auto& entry : root) {
        partitions.push_back(read_entry(file, entry.first, entry.second));
        keys.emplace(partitions.back().name, entry.first);
    }
    partition_layout layout(domain, std::move(partitions));
    if (std::optional<partition_overlap> overlap = find_overlap(layout))
        fail(file, keys.at(overlap->second->name), "partitions " + overlap->describe());
    return layout;
}

partition_layout read_partitions_yml(const std::string& path, const std::string& domain) {
    return parse_partitions_yml(read_input_file(path, max_text_file_size), path, domain);
}

void write_partitions_yml(const partition_layout& layout, std::ostream& out) {
    std::vector<const partition*> by_name;
    for (const partition& p : layout.partitions()) by_name.push_back(&p);
    std::sort(by_name.begin(), by_name.end(), [](auto* a, auto* b) { return a->name < b->name; });
    for (const partition* p : by_name) {
        out << p->name << ":\n";
        out << "  address: " << hex(p->address) << "\n";
        if (!p->device.empty()) out << "  device: " << p->device << "\n";
        out << "  end_address: " << hex(p->end_address()) << "\n";
        write_names(out, "inside", p->inside, "  ");
        write_names(out, "orig_span", p->orig_span, "  ");
        const partition_placement& placement = p->placement;
        if (!placement.empty()) {
            out << "  placement:\n";
            if (placement.align_start || placement.align_end) {
                out << "    align:\n";
                if (placement.align_end) out << "      end: " << hex(*placement.align_end) << "\n";
                if (placement.align_start) out << "      start: " << hex(*placement.align_start) << "\n";
            }
            write_names(out, "after", placement.after, "    ");
            write_names(out, "before", placement.before, "    ");
        }
        out << "  region: " << p->region << "\n";
        write_names(out, "share_size", p->share_size, "  ");
        out << "  size: " << hex(p->size) << "\n";
        write_names(out, "span", p->span, "  ");
    }
}

void write_pm_config_h(const partition_layout& layout, const std::vector<partition_layout>& others,
                       std::ostream& out) {
    out << "/* File generated by nrf53sim's partition manager, do not edit */\n";
    out << "#ifndef PM_CONFIG_H__\n#define PM_CONFIG_H__\n";
    write_defines(out, "PM_", layout, true);
    if (const partition* app = layout.find("app")) {
        out << "#define PM_ADDRESS " << hex(app->address) << "\n";
        out << "#define PM_SIZE " << hex(app->size) << "\n";
    }
    for (const partition_layout& other : others)
        write_defines(out, "PM_" + upper(other.domain()) + "_", other, false);
    out << "#endif /* PM_CONFIG_H__ */\n";
}

}  // namespace sim
