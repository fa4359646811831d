// DFU scenario steps (issue 4): staging an update image into a slot as a
// programmer would, and reading which version a core runs.
//
// Slots come from a partitions.yml in the partition manager's format
// (firmware/layout/partitions.yml, copied to build/firmware/partitions.yml).
// A slot in region external_flash is written at the QSPI XIP window
// (0x10000000 + address), one in flash_primary at its address.
//
// The running version (expect_version) is read from what the core boots:
//  - app: the MCUboot header at mcuboot_primary (0x10000), ih_ver;
//  - net: the fw_info at the network application (0x01008800 + 0x200),
//    whose version is one monotonic number: the major of the expected one.
// It is cross-checked with the console: the last "nrf53sim sample <core>
// vX.Y.Z" banner must name the same version.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/scenario.h"

namespace sim {

class soc;

struct layout_slot {
    std::string name;
    std::uint32_t address = 0;  // in its device
    std::uint32_t size = 0;
    bool external = false;      // region external_flash (else flash_primary)
};

// The partition `name`; throws std::runtime_error saying what is wrong.
layout_slot find_layout_slot(const std::string& layout_file, const std::string& name);

// The trailer fields the stage step writes (MCUboot's, BOOT_MAX_ALIGN 8).
std::vector<std::uint8_t> boot_magic();

// Empty on success, else what went wrong.
std::optional<std::string> stage_image(soc& chip, const stage_step& step);
std::optional<std::string> check_running_version(soc& chip, const expect_version_step& step);

}  // namespace sim
