// Slots of a partitions.yml in the partition manager's format, as a
// programmer writes them.
// A slot in region external_flash is written at the QSPI XIP window
// (0x10000000 + address), one in flash_primary at its address.
#pragma once

#include <cstdint>
#include <string>

#include "sim/dfu/partitions.h"

namespace sim {

struct layout_slot {
    std::string name;
    std::uint32_t address = 0;  // in its device
    std::uint32_t size = 0;
    bool external = false;      // region external_flash (else flash_primary)
};

// The partition `name`; throws std::runtime_error saying what is wrong.
layout_slot find_layout_slot(const std::string& layout_file, const std::string& name);

// Both cores' partitions of a layout: a build directory (sim/dfu/build_dir.h)
// or an application-core partitions.yml with partitions_CPUNET.yml beside
// it (the network core's layout is empty without one). Throws input_error.
struct dfu_layout {
    partition_layout app;
    partition_layout net;
};
dfu_layout read_dfu_layout(const std::string& path);

// Where the network core's application lives: the network layout's `app`
// partition, else the one NCS places by default (0x01008800, 0x37800 bytes).
struct address_range {
    std::uint32_t address = 0;
    std::uint32_t size = 0;
};
address_range network_application(const dfu_layout& layout);

}  // namespace sim
