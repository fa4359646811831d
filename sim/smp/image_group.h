// The image management group (1) commands a firmware update uses, except
// upload (image_upload.h).
// Source: Zephyr's "SMP Group 1 - Application/software image management"
// (docs.zephyrproject.org/latest/services/device_mgmt/smp_groups/smp_group_1.html).
#pragma once

#include "sim/smp/request.h"

#include <optional>
#include <string>
#include <vector>

namespace sim::smp {

constexpr std::uint8_t image_state_command = 0;
constexpr std::uint8_t image_upload_command = 1;
constexpr std::uint8_t image_erase_command = 5;

// One entry of the state response's "images" list: an image in a slot.
struct image_slot {
    unsigned image = 0;  // absent on single-image devices, so 0
    unsigned slot = 0;
    std::string version;
    std::string hash;  // raw bytes (SHA-256 of the image, 32 bytes)
    bool bootable = false;
    bool pending = false;
    bool confirmed = false;
    bool active = false;
    bool permanent = false;
};

// State read: the device answers with its images.
request image_state_read();

// State write {"hash": h, "confirm": false}: boot the image with this hash
// once, for test (MCUboot reverts it unless it is confirmed).
request image_test(const std::string& hash);

// State write {"confirm": true}, with "hash" unless it is empty (which
// confirms the running image).
request image_confirm(const std::string& hash);

// Erase the slot (default: the device's choice of the inactive slot).
request image_erase(std::optional<unsigned> slot = std::nullopt);

// The "images" of a state response (read or write), in the device's order.
// protocol_error naming the entry if one lacks slot/version/hash or has a
// field of the wrong type; false flags may be absent (Zephyr omits them).
std::vector<image_slot> parse_image_state(const response& reply);

// e.g. "image 0 slot 1: 2.0.0 3f9a...c1 bootable pending"
std::string to_string(const image_slot& slot);

}  // namespace sim::smp
