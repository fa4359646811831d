// Programs a firmware image of the build (FIRMWARE_DIR) into a core's
// memories, as a debugger would, for tests that build the SoC themselves.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "sim/soc/loader.h"
#include "sim/soc/soc.h"

inline sim::loaded_image load_firmware(sim::soc& chip, sim::core_id core, const std::string& elf) {
    sim::loaded_image image = sim::load_image(std::string(FIRMWARE_DIR) + "/" + elf);
    for (const sim::memory_range& r : image.contents.ranges()) {
        EXPECT_EQ(chip.program(core, r.address, r.bytes.data(), r.bytes.size()), r.bytes.size())
            << elf << " at " << std::hex << r.address << " reaches outside the loadable memories";
    }
    return image;
}
