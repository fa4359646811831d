// Slots of a partitions.yml in the partition manager's format, as a
// programmer writes them.
// A slot in region external_flash is written at the QSPI XIP window
// (0x10000000 + address), one in flash_primary at its address.
#pragma once

#include <cstdint>
#include <string>

namespace sim {

struct layout_slot {
    std::string name;
    std::uint32_t address = 0;  // in its device
    std::uint32_t size = 0;
    bool external = false;      // region external_flash (else flash_primary)
};

// The partition `name`; throws std::runtime_error saying what is wrong.
layout_slot find_layout_slot(const std::string& layout_file, const std::string& name);

}  // namespace sim
