// pm.yml and the partition manager (sim/dfu/partition_manager.h). The input
// is one pm.yml, or a pm.yml and a pm_static.yml separated by a line
// "#static", with the symbols the repository's pm.yml files use.
#include "fuzz_input.h"
#include "sim/dfu/partition_manager.h"

#include <sstream>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return fuzz::run([&] {
        const std::string text = fuzz::text(data, size);
        const std::size_t split = text.find("\n#static\n");
        sim::pm_input input;
        input.domain = !text.empty() && (text[0] & 1) ? "CPUNET" : "";
        input.pm_yml.push_back({"pm.yml", text.substr(0, split)});
        if (split != std::string::npos) input.pm_static = sim::pm_file{"pm_static.yml", text.substr(split + 9)};
        input.symbols = {{"CONFIG_PM_PARTITION_SIZE_MCUBOOT", 0xc000},
                         {"CONFIG_PM_PARTITION_SIZE_MCUBOOT_PAD", 0x200},
                         {"CONFIG_NRF53_RAM_FLASH_SIZE", 0x40000}};
        const sim::partition_layout layout = sim::resolve_partitions(input);
        std::ostringstream out;
        sim::write_partitions_yml(layout, out);
    });
}
