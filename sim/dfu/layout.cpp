#include "sim/dfu/layout.h"

#include "sim/dfu/partitions.h"

#include <stdexcept>

namespace sim {

layout_slot find_layout_slot(const std::string& layout_file, const std::string& name) {
    const partition_layout layout = read_partitions_yml(layout_file, "");
    const partition* p = layout.find(name);
    if (!p) throw std::runtime_error("layout " + layout_file + " has no partition \"" + name + "\"");
    const std::string region = p->region.empty() ? "flash_primary" : p->region;
    if (region != "external_flash" && region != "flash_primary")
        throw std::runtime_error("partition \"" + name + "\" is in region " + region +
                                 ", which a programmer cannot write");
    if (p->end_address() > 0x100000000ull) throw std::runtime_error("partition \"" + name + "\" ends beyond 4 GiB");
    return {name, std::uint32_t(p->address), std::uint32_t(p->size), region == "external_flash"};
}

}  // namespace sim
