#include "sim/dfu/layout.h"

#include <yaml-cpp/yaml.h>

#include <stdexcept>

namespace sim {

layout_slot find_layout_slot(const std::string& layout_file, const std::string& name) {
    YAML::Node layout;
    try {
        layout = YAML::LoadFile(layout_file);
    } catch (const YAML::Exception& e) {
        throw std::runtime_error("layout " + layout_file + ": " + e.what());
    }
    YAML::Node entry = layout[name];
    if (!entry || !entry["address"] || !entry["size"])
        throw std::runtime_error("layout " + layout_file + " has no partition \"" + name + "\"");
    std::string region = entry["region"] ? entry["region"].as<std::string>() : "flash_primary";
    if (region != "external_flash" && region != "flash_primary")
        throw std::runtime_error("partition \"" + name + "\" is in region " + region +
                                 ", which a programmer cannot write");
    layout_slot slot;
    slot.name = name;
    slot.address = entry["address"].as<std::uint32_t>();
    slot.size = entry["size"].as<std::uint32_t>();
    slot.external = region == "external_flash";
    return slot;
}

}  // namespace sim
