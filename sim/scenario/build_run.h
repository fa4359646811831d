// Running firmware from a build directory (sim/dfu/build_dir.h): what
// `nrf53sim run --build-dir DIR` and a scenario's `build_dir: DIR` load.
//  - merged.hex into the application core, merged_CPUNET.hex into the
//    network core (NCS's programming files: bootloader + signed application);
//  - the partition layouts, so that a stage step names its slot
//    (mcuboot_secondary_1) and may take dfu_application.zip as the update.
#pragma once

#include "sim/dfu/build_dir.h"
#include "sim/dfu/layout.h"
#include "sim/scenario/scenario.h"

#include <string>

namespace sim {

struct build_images {
    core_images app;
    core_images net;
};

// Loads the merged HEX files the build has. Throws input_error when it has
// neither (nothing to run).
build_images load_build_images(const build_directory& build);

// A slot a programmer can write: a partition of the application core's
// layout in flash_primary or external_flash. Throws std::runtime_error
// saying what is wrong (missing, or in RAM).
layout_slot find_build_slot(const build_directory& build, const std::string& name);

// The update bytes a stage step writes into `slot`: the file itself, or
// for a dfu_application.zip the package's image for that slot (image N
// goes to mcuboot_secondary[_N]). Throws input_error naming the file.
std::vector<std::uint8_t> read_update_for_slot(const std::string& path, const std::string& slot);

// The quick form's scenario: the build's images, run for `duration` (or
// until interrupted).
scenario build_dir_scenario(const std::string& path, std::optional<picoseconds> duration);

}  // namespace sim
