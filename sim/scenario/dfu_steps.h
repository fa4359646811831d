// DFU scenario steps (issue 4): staging an update image into a slot as a
// programmer would, and reading which version a core runs.
//
// Slots and addresses come from the step's layout (sim/dfu/layout.h: a
// build directory, or a partitions.yml with partitions_CPUNET.yml).
//
// The running version (expect_version) is read from what the core boots,
// so it works on any MCUboot build:
//  - app: the MCUboot header at mcuboot_primary, ih_ver;
//  - net: the fw_info in the network application's partition (NCS's or
//    nrf53sim's layout, sim/dfu/fw_info.h), whose version is one monotonic
//    number: the major of the expected one; an image whose validation hash
//    does not match (a copy not finished) is not that version yet.
// Where the firmware prints nrf53sim's sample banner ("nrf53sim sample
// <core> vX.Y.Z"), its last one must name the same version.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "sim/dfu/layout.h"
#include "sim/scenario/scenario.h"

namespace sim {

class soc;

// Empty on success, else what went wrong.
std::optional<std::string> stage_image(soc& chip, const stage_step& step);
std::optional<std::string> check_running_version(soc& chip, const expect_version_step& step);
// The same with the layout already read (a sweep checks it every millisecond).
std::optional<std::string> check_running_version(soc& chip, core_id core, const std::string& version,
                                                  const dfu_layout& layout);

// What a core boots now: the version of its image (as expect_version
// reads it, without the hash check) and the reset handler its vector table
// names (sim/fault/verdict.h: entering it is the application starting).
struct boot_entry {
    std::string version;
    std::uint32_t reset_handler = 0;
};
std::optional<boot_entry> find_boot_entry(soc& chip, core_id core, const dfu_layout& layout);

}  // namespace sim
