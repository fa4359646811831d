#include "sim/dfu/layout.h"

#include "sim/dfu/partitions.h"

#include <filesystem>
#include <stdexcept>

#include "sim/dfu/build_dir.h"

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

dfu_layout read_dfu_layout(const std::string& path) {
    if (std::filesystem::is_directory(path)) {
        build_directory build = read_build_directory(path);
        return {std::move(build.app), std::move(build.net)};
    }
    dfu_layout layout{read_partitions_yml(path, ""), {}};
    const std::filesystem::path net = std::filesystem::path(path).parent_path() / "partitions_CPUNET.yml";
    if (std::filesystem::is_regular_file(net)) layout.net = read_partitions_yml(net.string(), "CPUNET");
    return layout;
}

address_range network_application(const dfu_layout& layout) {
    if (const partition* app = layout.net.find("app"))
        return {std::uint32_t(app->address), std::uint32_t(app->size)};
    return {0x01008800, 0x37800};
}

}  // namespace sim
