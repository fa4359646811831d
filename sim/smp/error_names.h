// The error codes a device puts in SMP responses, as readable text.
//
// SMP version 1 reports an error as {"rc": N} with N one of MGMT_ERR_*;
// version 2 reports a group's own error as {"err": {"group": G, "rc": N}}
// and keeps "rc" for the MGMT_ERR_* of the SMP layer itself; either may come
// with {"rsn": "text"} (Zephyr's CONFIG_MCUMGR_GRP_IMG_VERBOSE_ERR).
// Sources: Zephyr's "SMP Protocol Specification", "Minimal response" and
// "Error codes" (docs.zephyrproject.org/latest/services/device_mgmt/smp_protocol.html);
// the names and numbers from Zephyr's include/zephyr/mgmt/mcumgr/mgmt/mgmt_defines.h
// (enum mcumgr_err_t), grp/img_mgmt/img_mgmt.h (IMG_MGMT_ERR_*, spelled
// IMG_MGMT_RET_RC_* since Zephyr 3.6, same numbers) and grp/os_mgmt/os_mgmt.h.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace sim::smp {

// e.g. "MGMT_ERR_EBADSTATE (6): current state disallows command"
std::string mgmt_error_text(std::int64_t rc);

// A group's own error (SMP version 2), e.g. for group 1
// "IMG_MGMT_ERR_NO_FREE_SLOT (9): no free slot to place the image".
std::string group_error_text(std::uint16_t group, std::int64_t rc);

// The error a response body reports, readable; nothing when it reports
// success (no "rc"/"err", or rc 0). protocol_error when "rc" or "err" has a
// shape the specification does not allow.
std::optional<std::string> device_error(const nlohmann::json& body);

}  // namespace sim::smp
