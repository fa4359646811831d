// The Partition Manager: places the partitions every image asks for in its
// pm.yml into the nRF5340's memory regions, with pm_static.yml overriding,
// and yields the partition_layout that partitions.yml and pm_config.h are
// written from. Written from the documented behaviour of nRF Connect SDK's
// partition_manager.py (reference/dfu-pcd-mcuboot-pm.md §5), not its code.
//
// pm.yml keys: size (a number, or a symbol given in pm_input::symbols, as
// NCS's preprocessed files use Kconfig values), region, placement {before,
// after, align {start, end}}, span, inside, share_size, and {one_of: [...]}
// in lists. A name ending in _sram defaults to region sram_primary.
//
// Placement: complex regions (flash_primary, sram_primary) order their
// partitions around one dynamic partition (app, resp. sram_primary) that
// takes the space left over; start_to_end regions (external_flash,
// ram_flash) fill from their start in the order the files list them, and
// the space left becomes a partition named after the region.
//
// Deviates from NCS: no C preprocessing (#if/#include) of pm.yml; sharers
// of the dynamic partition get a page-aligned share and any remainder is
// left as an EMPTY_n partition, so shared slots are exactly equal.
#pragma once

#include "sim/common/input_error.h"
#include "sim/dfu/partitions.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sim {

struct pm_region {
    enum class strategy { complex, start_to_end };
    std::string name;
    std::uint64_t base = 0;
    std::uint64_t size = 0;
    std::uint64_t page_size = 0;  // 0: no page rule (RAM)
    std::string device;           // written as each partition's device; empty for the SoC flash
    strategy placement = strategy::complex;
    std::string dynamic_partition;  // gets what is left: app, sram_primary, or the region's name
};

// The regions of one nRF5340 domain: "" the application core (1 MiB flash
// in 4 KiB pages, 512 KiB RAM, the 8 MiB QSPI NOR, 256 KiB RAM flash) or
// "CPUNET" the network core (256 KiB flash in 2 KiB pages, 64 KiB RAM).
std::vector<pm_region> nrf5340_regions(const std::string& domain);

// One YAML file: where it came from (for messages) and its text.
struct pm_file {
    std::string path;
    std::string text;
};
pm_file read_pm_file(const std::string& path);

struct pm_input {
    std::string domain;                      // "" or "CPUNET"
    std::vector<pm_region> regions;          // nrf5340_regions(domain) by default
    std::vector<pm_file> pm_yml;             // each image's pm.yml, in build order
    std::optional<pm_file> pm_static;        // fixed addresses, win over pm.yml
    std::map<std::string, std::uint64_t> symbols;  // CONFIG_* values usable as sizes
};

// An impossible layout (overlap, overfull region, misaligned partition,
// span not contiguous, unresolvable placement). The message names the
// partitions and, where one is to blame, its file:line.
class layout_error : public input_error {
public:
    using input_error::input_error;
};

// Throws layout_error for an impossible layout, input_error for a malformed
// file.
partition_layout resolve_partitions(const pm_input& input);

// `nrf53sim pm [--domain CPUNET] [--static pm_static.yml] [--config .config]
// [--partitions OUT.yml] [--header OUT.h] pm.yml...`. argv[0] is "pm".
// Exit codes: 0 written, 2 bad usage, malformed input or impossible layout.
int pm_main(int argc, char** argv);

}  // namespace sim
