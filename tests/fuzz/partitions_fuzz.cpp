// partitions.yml (sim/dfu/partitions.h): reading, the overlap rule, and
// writing it back as partitions.yml and pm_config.h.
#include "fuzz_input.h"
#include "sim/dfu/partitions.h"

#include <sstream>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return fuzz::run([&] {
        const sim::partition_layout layout = sim::parse_partitions_yml(fuzz::text(data, size), "partitions.yml", "");
        std::ostringstream out;
        sim::write_partitions_yml(layout, out);
        sim::write_pm_config_h(layout, {layout}, out);
    });
}
