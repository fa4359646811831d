// One SMP exchange as the client sees it: what to ask, and what came back.
#pragma once

#include "sim/smp/packet.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace sim::smp {

// Group IDs (SMP protocol specification, "Group ID").
constexpr std::uint16_t os_group = 0;
constexpr std::uint16_t image_group = 1;

struct request {
    operation op = operation::read;
    std::uint16_t group = 0;
    std::uint8_t command = 0;
    nlohmann::json body = nlohmann::json::object();
    std::string name;  // for messages: "echo", "image upload", ...
};

struct response {
    smp::header header;
    nlohmann::json body;
    std::optional<std::string> error;  // the device's error, readable (error_names.h)
};

}  // namespace sim::smp
