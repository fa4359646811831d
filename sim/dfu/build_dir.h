// A firmware build directory, ours or one nRF Connect SDK made for the
// nRF5340 DK, in either of the layouts NCS documents for its build outputs:
//   child images (the application's own build, NCS <= 2.6 and deprecated
//     since): partitions.yml, partitions_CPUNET.yml (or in the network
//     image's folder) at the top; zephyr/.config, zephyr/merged.hex,
//     zephyr/merged_CPUNET.hex, zephyr/dfu_application.zip; one folder per
//     child image (mcuboot/zephyr/.config, ...);
//   sysbuild (the default since NCS 2.7): domains.yaml, merged.hex,
//     merged_CPUNET.hex, dfu_application.zip, partitions.yml and
//     partitions_CPUNET.yml at the top; one folder per image with its own
//     zephyr/.
// domains.yaml tells sysbuild; zephyr/.config without it, child images.
// `nrf53sim partitions DIR` prints its layouts and checks the rules of
// simultaneous multi-image DFU; `run --build-dir DIR` loads its images.
#pragma once

#include "sim/dfu/dotconfig.h"
#include "sim/dfu/partitions.h"

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace sim {

struct build_directory {
    enum class kind { child_images, sysbuild };
    std::string path;
    kind layout = kind::sysbuild;
    partition_layout app;  // the application core's partitions
    partition_layout net;  // "CPUNET"; empty when the build has none
    std::string app_hex;   // merged.hex; empty when absent
    std::string net_hex;   // merged_CPUNET.hex; empty when absent
    std::string dfu_zip;   // dfu_application.zip; empty when absent
    std::optional<dotconfig> bootloader_config;   // mcuboot's .config
    std::optional<dotconfig> application_config;  // the application's .config

    // The partition in either core's layout (the application core's first).
    const partition* find(const std::string& name) const;
};

// Throws input_error when DIR is in neither layout, has no partitions.yml,
// or a file in it is malformed (file:line).
build_directory read_build_directory(const std::string& path);

// One broken rule of simultaneous multi-image DFU: what is wrong and what
// to change. A warning names a limitation of the build that does not stop
// the update MCUboot performs (the check still passes).
struct dfu_rule_failure {
    std::string rule;
    std::string fix;
    bool warning = false;
};
std::vector<dfu_rule_failure> check_multi_image_dfu(const build_directory& build);

// Both cores' layouts as an address map, one line per partition.
void print_partition_map(const build_directory& build, std::ostream& out);

// `nrf53sim partitions DIR`; argv[0] is "partitions". Exit codes: 0 every
// rule holds, 1 a rule is broken, 2 bad usage or malformed input.
int partitions_main(int argc, char** argv);
int partitions_main(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace sim
