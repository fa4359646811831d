// dfu_application.zip, the update package nRF Connect SDK's build makes
// (scripts/bootloader/generate_zip.py): the signed update images
// (app_update.bin, net_core_app_update.bin) and a manifest.json saying, per
// file, which MCUboot image it is. Facts: reference/dfu-pcd-mcuboot-pm.md §6.
//
//   {"format-version": 0, "time": ..., "files": [
//     {"file": "app_update.bin", "image_index": "0", "slot_index_primary": "1",
//      "slot_index_secondary": "2", "load_address": 65536, "size": ..., ...}, ...]}
//
// NCS writes image_index and the slot indexes as strings, load_address as a
// number; either spelling is accepted.
#pragma once

#include "sim/common/input_error.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sim {

struct dfu_package_image {
    std::string file;          // the name in the zip
    unsigned image_index = 0;  // 0 the application core's image, 1 the network core's
    std::optional<std::uint32_t> load_address;
    std::vector<std::uint8_t> bytes;
};

struct dfu_package {
    std::string path;
    std::vector<dfu_package_image> images;  // in the manifest's order

    // nullptr when the package has no image of that index.
    const dfu_package_image* image(unsigned image_index) const;
};

// Reads the zip and its manifest. Throws input_error naming the zip (and
// the manifest entry) when either is unreadable, a listed file is missing,
// its size disagrees with the manifest's, or two files claim one image.
dfu_package read_dfu_package(const std::string& path);
// The same for a package already in memory; path names it in errors.
dfu_package parse_dfu_package(const std::string& bytes, const std::string& path);

// Where MCUboot expects image N's update: mcuboot_secondary for image 0,
// mcuboot_secondary_N after that (the Partition Manager's names).
std::string secondary_slot_name(unsigned image_index);
// The inverse; nothing for a name that is not a secondary slot.
std::optional<unsigned> image_index_of_secondary(const std::string& slot);

}  // namespace sim
