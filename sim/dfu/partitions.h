// A resolved partition layout, as nRF Connect SDK's Partition Manager writes
// it to partitions.yml: one entry per partition with its absolute address,
// size and region. It is what the partition manager (sim/dfu/partition_manager.h)
// produces and what the build-directory reader (sim/dfu/build_dir.h) loads, so
// that scenario steps can name partitions instead of addresses.
//
// Facts: reference/dfu-pcd-mcuboot-pm.md §5.
#pragma once

#include "sim/common/input_error.h"

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sim {

// How a partition was asked to be placed (kept for partitions.yml).
struct partition_placement {
    std::vector<std::string> before;  // first existing name is the anchor
    std::vector<std::string> after;
    std::optional<std::uint64_t> align_start;
    std::optional<std::uint64_t> align_end;
    bool empty() const { return before.empty() && after.empty() && !align_start && !align_end; }
};

struct partition {
    std::string name;
    std::uint64_t address = 0;  // absolute, in the region's address space
    std::uint64_t size = 0;
    std::string region;  // flash_primary, sram_primary, external_flash, ram_flash, ...
    std::string device;  // the flash device when it is not the SoC's flash controller
    std::vector<std::string> span;       // a container's members, flattened
    std::vector<std::string> orig_span;  // as written, before flattening
    std::vector<std::string> inside;
    std::vector<std::string> share_size;
    partition_placement placement;

    std::uint64_t end_address() const { return address + size; }
    bool is_container() const { return !span.empty(); }
};

// The partitions of one domain (the application core's, or "CPUNET").
class partition_layout {
public:
    partition_layout() = default;
    partition_layout(std::string domain, std::vector<partition> partitions);

    const std::string& domain() const { return m_domain; }
    // Sorted by region, then address, containers before their members.
    const std::vector<partition>& partitions() const { return m_partitions; }
    bool empty() const { return m_partitions.empty(); }

    // nullptr when the layout has no partition of that name.
    const partition* find(std::string_view name) const;

private:
    std::string m_domain;
    std::vector<partition> m_partitions;
};

// Two partitions of one region whose address ranges overlap although
// neither is a span containing the other: "mcuboot (0x0-0x10000) and
// mcuboot_primary (0xc000-0x80000) overlap in flash_primary". A span
// contains the partitions it lists, and the spans whose members it lists
// too (NCS's mcuboot_primary spans mcuboot_pad and app, so it contains
// mcuboot_primary_app, which spans app).
struct partition_overlap {
    const partition* first;  // the lower in address order
    const partition* second;
    std::string describe() const;
};
std::optional<partition_overlap> find_overlap(const partition_layout& layout);

// Reads a partitions.yml. Anchors and aliases are resolved by the YAML
// parser; an entry without address or size, or two partitions that
// overlap (find_overlap), throw input_error with file:line.
partition_layout read_partitions_yml(const std::string& path, const std::string& domain);
partition_layout parse_partitions_yml(const std::string& text, const std::string& file,
                                      const std::string& domain);

// partitions.yml with the fields nRF Connect SDK writes, in name order.
void write_partitions_yml(const partition_layout& layout, std::ostream& out);

// pm_config.h: PM_<NAME>_ADDRESS/_END_ADDRESS/_SIZE/_OFFSET/_ID/_NAME (and
// _DEV for a partition on another device) for `layout`, then the partitions
// of every other domain with the domain as prefix: PM_CPUNET_APP_ADDRESS in
// the application core's header, PM__PCD_SRAM_ADDRESS in the network core's
// (the application domain's name is empty).
void write_pm_config_h(const partition_layout& layout, const std::vector<partition_layout>& others,
                       std::ostream& out);

// "0x1000" style, as partitions.yml and pm_config.h spell numbers.
std::string hex(std::uint64_t value);

}  // namespace sim
