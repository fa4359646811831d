// The OS management group (0) commands a firmware update uses.
// Source: Zephyr's "SMP Group 0 - OS management"
// (docs.zephyrproject.org/latest/services/device_mgmt/smp_groups/smp_group_0.html).
#pragma once

#include "sim/smp/request.h"

#include <string>

namespace sim::smp {

constexpr std::uint8_t os_echo_command = 0;
constexpr std::uint8_t os_reset_command = 5;

// Echo (write): {"d": text}; the device answers {"r": text}.
request os_echo(const std::string& text);

// The text of an echo response; protocol_error if it has none.
std::string echo_reply(const response& reply);

// System reset (write): {}; the device answers {} and then resets.
request os_reset();

}  // namespace sim::smp
