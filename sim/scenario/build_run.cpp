#include "sim/scenario/build_run.h"

#include "sim/common/input_file.h"
#include "sim/dfu/dfu_zip.h"

#include <stdexcept>

namespace sim {
namespace {

core_images load_merged_hex(const std::string& path) {
    core_images images;
    if (path.empty()) return images;
    loaded_image loaded = load_image(path);
    for (const memory_range& range : loaded.contents.ranges()) images.contents.add(range, loaded.path);
    images.files.push_back(std::move(loaded));
    return images;
}

bool ends_with(const std::string& text, const std::string& suffix) {
    return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

build_images load_build_images(const build_directory& build) {
    if (build.app_hex.empty() && build.net_hex.empty())
        throw input_error(build.path, 0, 0,
                          "the build directory has no merged.hex or merged_CPUNET.hex (nothing to run)");
    return {load_merged_hex(build.app_hex), load_merged_hex(build.net_hex)};
}

layout_slot find_build_slot(const build_directory& build, const std::string& name) {
    const partition* p = build.app.find(name);
    if (!p) {
        const bool in_net = build.net.find(name) != nullptr;
        throw std::runtime_error("the build's application-core partitions.yml has no partition \"" + name + "\"" +
                                 (in_net ? " (it is a network-core partition, which a programmer cannot stage into)"
                                         : ""));
    }
    if (p->region != "flash_primary" && p->region != "external_flash")
        throw std::runtime_error("partition \"" + name + "\" is in region " + p->region +
                                 ", which a programmer cannot write");
    if (p->end_address() > 0x100000000ull) throw std::runtime_error("partition \"" + name + "\" ends beyond 4 GiB");
    return {name, std::uint32_t(p->address), std::uint32_t(p->size), p->region == "external_flash"};
}

std::vector<std::uint8_t> read_update_for_slot(const std::string& path, const std::string& slot) {
    if (!ends_with(path, ".zip")) {
        const std::string bytes = read_input_file(path, max_image_file_size);
        return std::vector<std::uint8_t>(bytes.begin(), bytes.end());
    }
    std::optional<unsigned> index = image_index_of_secondary(slot);
    if (!index)
        throw input_error(path, 0, 0, "a DFU package's images go to mcuboot_secondary (image 0) or "
                                      "mcuboot_secondary_<N> (image N), not to \"" + slot + "\"");
    dfu_package package = read_dfu_package(path);
    const dfu_package_image* image = package.image(*index);
    if (!image)
        throw input_error(path, 0, 0, "the DFU package has no image " + std::to_string(*index) + " for " + slot);
    return image->bytes;
}

scenario build_dir_scenario(const std::string& path, std::optional<picoseconds> duration) {
    build_images images = load_build_images(read_build_directory(path));
    scenario quick;
    quick.file = "command line";
    quick.name = path;
    quick.app = std::move(images.app);
    quick.net = std::move(images.net);
    quick.steps.push_back(step{{quick.file, 0, 0}, "run", run_step{duration}});
    return quick;
}

}  // namespace sim
