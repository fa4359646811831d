// Programs a firmware image of the build (FIRMWARE_DIR) into a core's
// memories, as a debugger would, for tests that build the SoC themselves.
#pragma once

#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "sim/loader.h"
#include "sim/soc.h"

inline sim::loaded_image load_firmware(sim::soc& chip, sim::core_id core, const std::string& elf) {
    sim::loaded_image image = sim::load_image(std::string(FIRMWARE_DIR) + "/" + elf);
    for (const sim::memory_range& r : image.contents.ranges()) {
        std::uint32_t offset = 0;
        models::memory* m = chip.loadable(core, r.address, offset);
        if (m == nullptr) {
            ADD_FAILURE() << elf << " at " << std::hex << r.address << " is outside the loadable memories";
            continue;
        }
        std::memcpy(m->data() + offset, r.bytes.data(), r.bytes.size());
    }
    return image;
}
