// How a sweep point ended (sim/report/sweep_result.h, point_verdict), from
// what was seen of its recovery.
//
// "An application starts" on a core when its PC enters the reset handler
// named by the vector table of the image it boots: the application core's
// in mcuboot_primary (after the MCUboot header), the network core's in its
// application partition (where the image's fw_info says it runs). Its
// version is the one that image carries (MCUboot header; fw_info).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "sim/report/sweep_result.h"
#include "sim/soc/core_id.h"

namespace sim {

// Versions a point may end in; an empty one is not checked.
struct version_set {
    std::string app;
    std::string net;
    const std::string& of(core_id core) const { return core == core_id::app ? app : net; }
};

struct recovery_seen {
    std::array<std::optional<std::string>, 2> started;  // per core (app, net): the version that started
    std::optional<std::string> fault;                    // the first lockup or guest fault, with core and PC
    bool writing_at_limit = false;                       // flash written near the limit (sweep_runner.h)
};

// Every core some set checks has started.
bool all_started(const recovery_seen& seen, const std::vector<version_set>& accept);

// The verdict once all started or the limit is reached; `message` says why
// when it is not recovered.
point_verdict classify(const recovery_seen& seen, const std::vector<version_set>& accept, std::string& message);

// A running version matches an expected one: the application's in full
// (major.minor.revision), the network image's monotonic number against the
// expected major.
bool version_matches(core_id core, const std::string& running, const std::string& expected);

// "app 2.0.0, net 2" (the sets accepted, for messages).
std::string describe(const std::vector<version_set>& accept);

}  // namespace sim
