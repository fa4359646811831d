// DFU scenario steps (issue 4): staging an update image into a slot as a
// programmer would, and reading which version a core runs.
//
// Slots come from a partitions.yml (sim/dfu/layout.h).
//
// The running version (expect_version) is read from what the core boots:
//  - app: the MCUboot header at mcuboot_primary (0x10000), ih_ver;
//  - net: the fw_info at the network application (0x01008800 + 0x200),
//    whose version is one monotonic number: the major of the expected one.
// It is cross-checked with the console: the last "nrf53sim sample <core>
// vX.Y.Z" banner must name the same version.
#pragma once

#include <optional>
#include <string>

#include "sim/scenario/scenario.h"

namespace sim {

class soc;

// Empty on success, else what went wrong.
std::optional<std::string> stage_image(soc& chip, const stage_step& step);
std::optional<std::string> check_running_version(soc& chip, const expect_version_step& step);

}  // namespace sim
