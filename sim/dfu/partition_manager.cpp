#include "sim/dfu/partition_manager.h"

#include "sim/common/input_file.h"
#include "sim/common/yaml_input.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <functional>
#include <set>
#include <sstream>

namespace sim {

std::vector<pm_region> nrf5340_regions(const std::string& domain) {
    using s = pm_region::strategy;
    if (domain == "CPUNET") {
        return {{"flash_primary", 0x01000000, 0x40000, 0x800, "", s::complex, "app"},
                {"sram_primary", 0x21000000, 0x10000, 0, "", s::complex, "sram_primary"}};
    }
    return {{"flash_primary", 0x0, 0x100000, 0x1000, "", s::complex, "app"},
            {"sram_primary", 0x20000000, 0x80000, 0, "", s::complex, "sram_primary"},
            {"external_flash", 0x0, 0x800000, 0x1000, "MX25R64", s::start_to_end, "external_flash"},
            {"ram_flash", 0x0, 0x40000, 0x1000, "flash_ctrl", s::start_to_end, "ram_flash"}};
}

pm_file read_pm_file(const std::string& path) { return {path, read_input_file(path, max_text_file_size)}; }

namespace {

using yaml_input::fail;
using yaml_input::names;

// One partition as asked for, before placement.
struct request {
    partition part;                   // name, region, placement, span, ...
    std::optional<std::uint64_t> size;
    bool is_static = false;           // address and size fixed by pm_static.yml
    std::string file;
    unsigned line = 0;
    std::string where() const { return file + (line ? ":" + std::to_string(line) : ""); }
};

std::string list(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

[[noreturn]] void layout_fail(const std::string& what) { throw layout_error("", 0, 0, what); }
[[noreturn]] void layout_fail(const request& r, const std::string& what) {
    throw layout_error(r.file, r.line, 0, what);
}

std::uint64_t align_up(std::uint64_t v, std::uint64_t a) { return a ? (v + a - 1) / a * a : v; }
std::uint64_t align_down(std::uint64_t v, std::uint64_t a) { return a ? v / a * a : v; }

class resolver {
public:
    explicit resolver(const pm_input& input) : m_input(input) {}

    partition_layout run() {
        for (const pm_file& file : m_input.pm_yml) read_requests(file, false);
        if (m_input.pm_static) read_requests(*m_input.pm_static, true);
        resolve_names();
        for (const pm_region& region : m_input.regions) place_region(region);
        std::vector<partition> out;
        for (const std::string& name : m_order) {
            request& r = m_requests.at(name);
            if (r.part.is_container()) place_container(r);
            if (r.part.is_container() || m_placed.count(name)) out.push_back(r.part);
        }
        for (partition& p : m_empties) out.push_back(p);
        partition_layout layout(m_input.domain, std::move(out));
        check_page_alignment(layout);
        check_overlaps(layout);
        return layout;
    }

private:
    // ---- reading ----

    std::uint64_t size_value(const std::string& file, const YAML::Node& node) {
        if (node.IsScalar()) {
            auto symbol = m_input.symbols.find(node.Scalar());
            if (symbol != m_input.symbols.end()) return symbol->second;
        }
        return yaml_input::number(file, node, "size (or a symbol defined in the configuration)");
    }

    void read_requests(const pm_file& file, bool is_static) {
        const YAML::Node root = yaml_input::load(file.path, file.text);
        if (root.IsNull()) return;
        if (!root.IsMap()) fail(file.path, root, "expected a mapping of partition names");
        for (const auto& entry : root) {
            const std::string name = yaml_input::text(file.path, entry.first, "a partition name");
            if (is_static && name == "app") continue;  // app always takes what is left
            request r = read_request(file.path, entry.first, entry.second, is_static);
            auto known = m_requests.find(name);
            if (known != m_requests.end() && !is_static)
                layout_fail(r, "partition " + name + " is also defined at " + known->second.where());
            if (known == m_requests.end()) m_order.push_back(name);
            if (known != m_requests.end() && r.part.region.empty()) r.part.region = known->second.part.region;
            m_requests[name] = std::move(r);
        }
    }

    request read_request(const std::string& file, const YAML::Node& key, const YAML::Node& node,
                         bool is_static) {
        request r;
        r.part.name = yaml_input::text(file, key, "a partition name");
        r.file = file;
        r.line = yaml_input::line_of(key);
        r.is_static = is_static;
        if (!node.IsMap()) fail(file, key, "partition " + r.part.name + ": expected a mapping");
        static const std::set<std::string> keys = {"size", "region", "placement", "span", "inside",
                                                   "share_size", "address", "end_address", "device",
                                                   "orig_span", "affiliation", "extra_params"};
        for (const auto& entry : node)
            if (!keys.count(yaml_input::text(file, entry.first, "a key")))
                fail(file, entry.first, "partition " + r.part.name + ": unknown key " + entry.first.Scalar());
        if (node["size"]) r.size = size_value(file, node["size"]);
        if (node["region"]) r.part.region = yaml_input::text(file, node["region"], "a region");
        if (node["span"]) r.part.span = names(file, node["span"], "span");
        if (node["inside"]) r.part.inside = names(file, node["inside"], "inside");
        if (node["share_size"]) r.part.share_size = names(file, node["share_size"], "share_size");
        if (node["device"]) r.part.device = yaml_input::text(file, node["device"], "a device");
        if (const YAML::Node placement = node["placement"]) {
            if (r.part.is_container()) fail(file, placement, "a span (" + r.part.name + ") cannot have a placement");
            yaml_input::mapping(file, placement, "partition " + r.part.name + ": placement");
            if (placement["before"]) r.part.placement.before = names(file, placement["before"], "before");
            if (placement["after"]) r.part.placement.after = names(file, placement["after"], "after");
            if (const YAML::Node align = placement["align"]) {
                yaml_input::mapping(file, align, "partition " + r.part.name + ": placement: align");
                if (align["start"]) r.part.placement.align_start = yaml_input::number(file, align["start"], "align");
                if (align["end"]) r.part.placement.align_end = yaml_input::number(file, align["end"], "align");
            }
        }
        if (is_static) {
            if (!node["address"] || !node["size"])
                fail(file, key, "static partition " + r.part.name + ": needs address and size");
            r.part.address = yaml_input::number(file, node["address"], "address");
            r.part.size = *r.size;
        }
        return r;
    }

    // ---- names: one_of, missing references, inside, flattening ----

    bool exists(const std::string& name) const { return m_requests.count(name) != 0; }

    // The first name of the list that exists (one_of:a,b counts as a list).
    std::optional<std::string> first_existing(const std::string& choice) const {
        std::string text = choice.rfind("one_of:", 0) == 0 ? choice.substr(7) : choice;
        std::stringstream items(text);
        for (std::string item; std::getline(items, item, ',');)
            if (exists(item) || item == "start" || item == "end") return item;
        return std::nullopt;
    }

    std::vector<std::string> existing(const std::vector<std::string>& choices) const {
        std::vector<std::string> out;
        for (const std::string& c : choices)
            if (auto name = first_existing(c)) out.push_back(*name);
        return out;
    }

    void resolve_names() {
        ensure_dynamic_partitions();
        for (const std::string& name : m_order) {
            request& r = m_requests.at(name);
            for (const std::string& c : r.part.inside)
                if (auto host = first_existing(c)) m_requests.at(*host).part.span.push_back(name);
        }
        for (const std::string& name : m_order) {
            request& r = m_requests.at(name);
            r.part.orig_span = r.part.span;
            r.part.share_size = existing(r.part.share_size);
            r.part.placement.before = existing(r.part.placement.before);
            r.part.placement.after = existing(r.part.placement.after);
        }
        // Zero-size partitions do not exist (NCS drops them).
        m_order.erase(std::remove_if(m_order.begin(), m_order.end(), [&](const std::string& n) {
                          const request& r = m_requests.at(n);
                          bool gone = !r.part.is_container() && r.size && *r.size == 0 && !is_dynamic(n);
                          if (gone) m_requests.erase(n);
                          return gone;
                      }), m_order.end());
        for (const std::string& name : m_order) {
            std::set<std::string> seen;
            request& r = m_requests.at(name);
            if (r.part.is_container()) r.part.span = flatten(name, seen);
        }
        for (const std::string& name : m_order) assign_region(m_requests.at(name));
    }

    void ensure_dynamic_partitions() {
        for (const pm_region& region : m_input.regions) {
            if (region.placement != pm_region::strategy::complex || exists(region.dynamic_partition)) continue;
            request r;
            r.part.name = region.dynamic_partition;
            r.part.region = region.name;
            r.file = "(the region's free space)";
            m_requests[r.part.name] = r;
            m_order.insert(m_order.begin(), r.part.name);
        }
    }

    bool is_dynamic(const std::string& name) const {
        for (const pm_region& region : m_input.regions)
            if (region.dynamic_partition == name) return true;
        return false;
    }

    std::vector<std::string> flatten(const std::string& name, std::set<std::string>& seen) {
        request& r = m_requests.at(name);
        if (!seen.insert(name).second) layout_fail(r, "span of " + name + " contains itself");
        std::vector<std::string> out;
        for (const std::string& member : existing(r.part.span)) {
            if (member == "start" || member == "end") continue;
            if (m_requests.at(member).part.is_container()) {
                for (const std::string& leaf : flatten(member, seen)) out.push_back(leaf);
            } else {
                out.push_back(member);
            }
        }
        if (out.empty()) layout_fail(r, "span of " + name + " names no partition that exists");
        seen.erase(name);
        return out;
    }

    void assign_region(request& r) {
        if (r.part.is_container()) {
            const std::string& region = m_requests.at(r.part.span.front()).part.region;
            for (const std::string& member : r.part.span)
                if (m_requests.at(member).part.region != region)
                    layout_fail(r, "span of " + r.part.name + " mixes regions: " + r.part.span.front() + " is in " +
                                       region + ", " + member + " in " + m_requests.at(member).part.region);
            if (!r.part.region.empty() && r.part.region != region)
                layout_fail(r, r.part.name + " says region " + r.part.region + " but its span is in " + region);
            r.part.region = region;
            return;
        }
        if (r.part.region.empty()) {
            const std::string& n = r.part.name;
            bool sram = n.size() > 5 && n.compare(n.size() - 5, 5, "_sram") == 0;
            r.part.region = sram ? "sram_primary" : "flash_primary";
        }
        if (!find_region(r.part.region)) layout_fail(r, r.part.name + ": unknown region " + r.part.region);
        if (!r.size && r.part.share_size.empty() && !is_dynamic(r.part.name))
            layout_fail(r, "partition " + r.part.name + " has neither size nor share_size");
    }

    const pm_region* find_region(const std::string& name) const {
        for (const pm_region& region : m_input.regions)
            if (region.name == name) return &region;
        return nullptr;
    }

    // ---- sizes ----

    // The partitions of `container` that are the region's dynamic one, or
    // contain it: sharing their size means splitting the free space.
    bool grows(const std::string& name, const std::string& dynamic) const {
        const request& r = m_requests.at(name);
        if (name == dynamic) return true;
        return std::find(r.part.span.begin(), r.part.span.end(), dynamic) != r.part.span.end();
    }

    std::uint64_t known_size(const std::string& name, std::set<std::string>& seen) {
        request& r = m_requests.at(name);
        if (r.size) return *r.size;
        if (m_placed.count(name)) return r.part.size;
        if (!seen.insert(name).second) layout_fail(r, "share_size of " + name + " is circular");
        if (r.part.is_container()) {
            std::uint64_t sum = 0;
            for (const std::string& m : r.part.span) sum += known_size(m, seen);
            return sum;
        }
        if (r.part.share_size.empty()) layout_fail(r, name + " has no size yet (share_size refers to it too early)");
        r.size = known_size(r.part.share_size.front(), seen);
        return *r.size;
    }

    // ---- placement ----

    std::vector<std::string> leaves_in(const pm_region& region) const {
        std::vector<std::string> out;
        for (const std::string& name : m_order) {
            const request& r = m_requests.at(name);
            if (r.part.region == region.name && !r.part.is_container()) out.push_back(name);
        }
        return out;
    }

    void place_region(const pm_region& region) {
        std::vector<std::string> leaves = leaves_in(region);
        if (leaves.empty() || (leaves.size() == 1 && leaves[0] == region.dynamic_partition &&
                               region.placement == pm_region::strategy::start_to_end))
            return;
        auto [gap_start, gap_end] = dynamic_gap(region, leaves);
        std::vector<std::string> dynamic;
        for (const std::string& n : leaves)
            if (!m_requests.at(n).is_static) dynamic.push_back(n);
        if (region.placement == pm_region::strategy::complex) {
            place_complex(region, order_complex(region, dynamic), gap_start, gap_end);
        } else {
            place_start_to_end(region, dynamic, gap_start, gap_end);
        }
    }

    // Checks the static partitions of a region and returns the one free
    // interval left for the others.
    std::pair<std::uint64_t, std::uint64_t> dynamic_gap(const pm_region& region,
                                                        const std::vector<std::string>& leaves) {
        std::vector<request*> statics;
        for (const std::string& n : leaves)
            if (m_requests.at(n).is_static) statics.push_back(&m_requests.at(n));
        std::sort(statics.begin(), statics.end(), [](auto* a, auto* b) { return a->part.address < b->part.address; });
        std::uint64_t region_end = region.base + region.size;
        std::vector<std::pair<std::uint64_t, std::uint64_t>> gaps;
        std::uint64_t cursor = region.base;
        for (request* s : statics) {
            if (s->part.address < region.base || s->part.end_address() > region_end)
                layout_fail(*s, s->part.name + " (" + hex(s->part.address) + "-" + hex(s->part.end_address()) +
                                    ") lies outside region " + region.name + " (" + hex(region.base) + "-" +
                                    hex(region_end) + ")");
            if (s->part.address > cursor) gaps.push_back({cursor, s->part.address});
            cursor = std::max(cursor, s->part.end_address());
            m_placed.insert(s->part.name);
        }
        if (cursor < region_end) gaps.push_back({cursor, region_end});
        bool need_gap = statics.size() < leaves.size();
        if (!need_gap) return {region_end, region_end};
        if (gaps.size() > 1 && region.placement == pm_region::strategy::complex)
            layout_fail("region " + region.name + ": the static partitions leave " + std::to_string(gaps.size()) +
                        " free gaps, but only one may hold the other partitions");
        if (gaps.empty()) layout_fail("region " + region.name + " is full of static partitions");
        return gaps.front();
    }

    // The NCS order: seeded with the dynamic partition, `after: start`
    // first, `before: end` last, then partitions next to placed anchors.
    std::vector<std::string> order_complex(const pm_region& region, std::vector<std::string> pending) {
        std::vector<std::string> order{region.dynamic_partition};
        pending.erase(std::remove(pending.begin(), pending.end(), region.dynamic_partition), pending.end());
        std::vector<std::string> firsts, lasts;
        for (auto it = pending.begin(); it != pending.end();) {
            const partition_placement& p = m_requests.at(*it).part.placement;
            bool first = !p.after.empty() && p.after.front() == "start";
            bool last = !p.before.empty() && p.before.front() == "end";
            if (first) firsts.push_back(*it);
            if (last && !first) lasts.push_back(*it);
            it = (first || last) ? pending.erase(it) : it + 1;
        }
        order.insert(order.begin(), firsts.begin(), firsts.end());
        order.insert(order.end(), lasts.rbegin(), lasts.rend());
        while (!pending.empty()) {
            auto placeable = std::find_if(pending.begin(), pending.end(),
                                          [&](const std::string& n) { return insert_index(n, order).has_value(); });
            if (placeable == pending.end()) {
                const request& r = m_requests.at(pending.front());
                layout_fail(r, "cannot place " + list(pending) + ": each needs a before: or after: naming a "
                               "partition that is placed in " + region.name);
            }
            order.insert(order.begin() + *insert_index(*placeable, order), *placeable);
            pending.erase(placeable);
        }
        check_spans_contiguous(region, order);
        return order;
    }

    // Where `name` goes in `order`, or nullopt while its anchor is not there.
    std::optional<size_t> insert_index(const std::string& name, const std::vector<std::string>& order) const {
        const partition_placement& p = m_requests.at(name).part.placement;
        // A static anchor lies outside the gap: its neighbours go to the
        // gap's edge on its side.
        const std::string& anchor = !p.before.empty() ? p.before.front() : (!p.after.empty() ? p.after.front() : name);
        if (anchor != name && anchor != "start" && anchor != "end" && m_requests.at(anchor).is_static)
            return p.before.empty() ? 0 : order.size();
        auto position = [&](const std::string& anchor, bool last) -> std::optional<size_t> {
            std::optional<size_t> found;
            for (size_t i = 0; i < order.size(); ++i)
                if (order[i] == anchor || contains(anchor, order[i])) {
                    if (!found || last) found = i;
                }
            return found;
        };
        if (!p.before.empty()) return position(p.before.front(), false);
        if (!p.after.empty()) {
            if (auto i = position(p.after.front(), true)) return *i + 1;
            return std::nullopt;
        }
        return std::nullopt;
    }

    bool contains(const std::string& container, const std::string& leaf) const {
        auto it = m_requests.find(container);
        if (it == m_requests.end()) return false;
        const auto& span = it->second.part.span;
        return std::find(span.begin(), span.end(), leaf) != span.end();
    }

    void check_spans_contiguous(const pm_region& region, const std::vector<std::string>& order) const {
        for (const std::string& name : m_order) {
            const request& c = m_requests.at(name);
            if (!c.part.is_container() || c.part.region != region.name || c.is_static) continue;
            std::vector<size_t> at;
            for (size_t i = 0; i < order.size(); ++i)
                if (contains(name, order[i])) at.push_back(i);
            for (size_t k = 1; k < at.size(); ++k)
                if (at[k] != at[k - 1] + 1)
                    layout_fail(c, "span of " + name + " is not contiguous: " + order[at[k - 1] + 1] +
                                       " lies between " + order[at[k - 1]] + " and " + order[at[k]]);
        }
    }

    void add_empty(const pm_region& region, std::uint64_t from, std::uint64_t to) {
        if (to <= from) return;
        partition p;
        p.name = "EMPTY_" + std::to_string(m_empties.size());
        p.address = from;
        p.size = to - from;
        p.region = region.name;
        p.device = region.device;
        m_empties.push_back(p);
    }

    void set_placed(const pm_region& region, request& r, std::uint64_t address, std::uint64_t size) {
        r.part.address = address;
        r.part.size = size;
        if (r.part.device.empty()) r.part.device = region.device;
        m_placed.insert(r.part.name);
    }

    [[noreturn]] void overfull(const pm_region& region, const std::vector<std::string>& names,
                               std::uint64_t need, std::uint64_t have) {
        layout_fail("region " + region.name + " is overfull: " + list(names) + " need " + hex(need) +
                    " bytes, " + hex(have) + " are free");
    }

    void place_complex(const pm_region& region, const std::vector<std::string>& order, std::uint64_t gap_start,
                       std::uint64_t gap_end) {
        const std::string& dynamic = region.dynamic_partition;
        std::uint64_t fixed = 0;
        std::vector<std::string> sharers;
        for (const std::string& n : order) {
            const request& r = m_requests.at(n);
            if (n == dynamic) continue;
            if (!r.size && grows(r.part.share_size.front(), dynamic)) {
                sharers.push_back(n);
            } else {
                std::set<std::string> seen;
                fixed += known_size(n, seen);
            }
        }
        std::uint64_t free = gap_end - gap_start;
        if (fixed > free) overfull(region, order, fixed, free);
        std::uint64_t dynamic_size = free - fixed;
        if (!sharers.empty()) dynamic_size = share_dynamic(region, sharers, free - fixed);

        std::uint64_t low = gap_start;
        size_t pivot = std::find(order.begin(), order.end(), dynamic) - order.begin();
        for (size_t i = 0; i < pivot; ++i) {
            request& r = m_requests.at(order[i]);
            std::uint64_t address = align_up(low, r.part.placement.align_start.value_or(0));
            add_empty(region, low, address);
            set_placed(region, r, address, *r.size);
            low = align_up(r.part.end_address(), r.part.placement.align_end.value_or(0));
            add_empty(region, r.part.end_address(), low);
        }
        std::uint64_t high = gap_end;
        for (size_t i = order.size(); i-- > pivot + 1;) {
            request& r = m_requests.at(order[i]);
            std::uint64_t end = align_down(high, r.part.placement.align_end.value_or(0));
            if (end < low + *r.size) overfull(region, order, fixed, free);
            std::uint64_t address = align_down(end - *r.size, r.part.placement.align_start.value_or(0));
            if (address < low) overfull(region, order, fixed, free);
            set_placed(region, r, address, *r.size);
            add_empty(region, r.part.end_address(), high);
            high = address;
        }
        if (high < low || (sharers.empty() ? high - low : dynamic_size) > high - low)
            overfull(region, order, fixed, free);
        if (sharers.empty()) dynamic_size = high - low;
        if (dynamic_size == 0 && dynamic != "app") return;
        if (dynamic_size == 0) overfull(region, order, fixed, free);
        set_placed(region, m_requests.at(dynamic), low, dynamic_size);
        add_empty(region, low + dynamic_size, high);
    }

    // Sharers of the dynamic partition (or of a span holding it) and the
    // dynamic partition split `free` equally; each sharer's size is a
    // multiple of the page so that the slots can be erased alike.
    std::uint64_t share_dynamic(const pm_region& region, const std::vector<std::string>& sharers, std::uint64_t free) {
        std::uint64_t others = 0;  // the fixed members of the shared spans
        std::vector<std::uint64_t> extra;
        for (const std::string& n : sharers) {
            std::uint64_t e = 0;
            for (const std::string& m : m_requests.at(m_requests.at(n).part.share_size.front()).part.span)
                if (m != region.dynamic_partition) e += *m_requests.at(m).size;
            extra.push_back(e);
            others += e;
        }
        std::uint64_t share = (free - std::min(free, others)) / (sharers.size() + 1);
        std::uint64_t dynamic = share;
        for (size_t k = 0; k < sharers.size(); ++k) {
            std::uint64_t slot = align_down(share + extra[k], region.page_size);
            m_requests.at(sharers[k]).size = slot;
            dynamic = std::min(dynamic, slot - std::min(slot, extra[k]));
        }
        return dynamic;
    }

    void place_start_to_end(const pm_region& region, const std::vector<std::string>& names, std::uint64_t start,
                            std::uint64_t end) {
        std::uint64_t cursor = start;
        std::vector<std::string> placed;
        for (const std::string& n : names) {
            if (n == region.dynamic_partition) continue;
            request& r = m_requests.at(n);
            std::set<std::string> seen;
            std::uint64_t size = known_size(n, seen);
            std::uint64_t address = align_up(cursor, r.part.placement.align_start.value_or(0));
            placed.push_back(n);
            if (address + size > end) overfull(region, placed, address + size - start, end - start);
            add_empty(region, cursor, address);
            set_placed(region, r, address, size);
            cursor = address + size;
        }
        if (cursor >= end) return;
        request& rest = m_requests[region.dynamic_partition];
        if (rest.part.name.empty()) {
            rest.part.name = region.dynamic_partition;
            rest.part.region = region.name;
            m_order.push_back(rest.part.name);
        }
        set_placed(region, rest, cursor, end - cursor);
    }

    void place_container(request& c) {
        if (c.is_static) {
            check_static_span(c);
            return;
        }
        const partition& first = m_requests.at(c.part.span.front()).part;
        std::uint64_t start = first.address, end = first.end_address();
        for (const std::string& m : c.part.span) {
            start = std::min(start, m_requests.at(m).part.address);
            end = std::max(end, m_requests.at(m).part.end_address());
        }
        c.part.address = start;
        c.part.size = end - start;
        const pm_region* region = find_region(c.part.region);
        if (c.part.device.empty() && region) c.part.device = region->device;
        check_static_span(c);
    }

    // A span's members must tile it exactly: no gap, nothing outside.
    void check_static_span(const request& c) const {
        std::vector<const partition*> members;
        for (const std::string& m : c.part.span) members.push_back(&m_requests.at(m).part);
        std::sort(members.begin(), members.end(), [](auto* a, auto* b) { return a->address < b->address; });
        std::uint64_t cursor = c.part.address;
        for (const partition* m : members) {
            if (m->address != cursor)
                layout_fail(c, "span of " + c.part.name + " is not contiguous: " + m->name + " starts at " +
                                   hex(m->address) + ", expected " + hex(cursor));
            cursor = m->end_address();
        }
        if (cursor != c.part.end_address())
            layout_fail(c, "span of " + c.part.name + " (" + hex(c.part.address) + "-" + hex(c.part.end_address()) +
                               ") is not covered by its members, which end at " + hex(cursor));
    }

    // ---- checks on the result ----

    // A partition that is erased on its own (not a proper part of a span)
    // must begin and end on a flash page.
    // Regions in their declared order, so the internal flash, whose layout
    // the others copy sizes from, is reported first.
    void check_page_alignment(const partition_layout& layout) const {
        for (const pm_region& region : m_input.regions)
            for (const partition& p : layout.partitions())
                if (p.region == region.name) check_page_alignment(layout, region, p);
    }

    void check_page_alignment(const partition_layout& layout, const pm_region& region, const partition& p) const {
        if (region.page_size == 0 || p.name.rfind("EMPTY_", 0) == 0 || nested(p, layout)) return;
        if (p.address % region.page_size == 0 && p.size % region.page_size == 0) return;
        std::string what = p.name + " (" + hex(p.address) + "-" + hex(p.end_address()) +
                           ") is not aligned to the " + hex(region.page_size) + "-byte flash page of " + region.name;
        auto r = m_requests.find(p.name);
        if (r != m_requests.end()) layout_fail(r->second, what);
        layout_fail(what);
    }

    bool nested(const partition& p, const partition_layout& layout) const {
        std::vector<std::string> mine = p.is_container() ? p.span : std::vector<std::string>{p.name};
        std::set<std::string> own(mine.begin(), mine.end());
        for (const partition& c : layout.partitions()) {
            if (!c.is_container() || c.name == p.name || c.span.size() <= own.size()) continue;
            std::set<std::string> theirs(c.span.begin(), c.span.end());
            if (std::includes(theirs.begin(), theirs.end(), own.begin(), own.end())) return true;
        }
        return false;
    }

    // Named at the file and line of a partition to blame (a static one
    // wins: pm_static.yml is what the user wrote addresses in).
    void check_overlaps(const partition_layout& layout) const {
        std::optional<partition_overlap> overlap = find_overlap(layout);
        if (!overlap) return;
        const std::string what = "partitions " + overlap->describe();
        const request* blamed = nullptr;
        for (const partition* p : {overlap->second, overlap->first}) {
            auto r = m_requests.find(p->name);
            if (r == m_requests.end() || r->second.line == 0) continue;  // the region's free space
            if (!blamed || (r->second.is_static && !blamed->is_static)) blamed = &r->second;
        }
        if (blamed) layout_fail(*blamed, what);
        layout_fail(what);
    }

    const pm_input& m_input;
    std::map<std::string, request> m_requests;
    std::vector<std::string> m_order;  // definition order, for determinism
    std::set<std::string> m_placed;
    std::vector<partition> m_empties;
};

}  // namespace

partition_layout resolve_partitions(const pm_input& input) {
    pm_input with_regions = input;
    if (with_regions.regions.empty()) with_regions.regions = nrf5340_regions(input.domain);
    return resolver(with_regions).run();
}

}  // namespace sim
