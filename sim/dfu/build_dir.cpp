#include "sim/dfu/build_dir.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace fs = std::filesystem;

namespace sim {
namespace {

std::string first_existing(const std::string& dir, std::initializer_list<const char*> candidates) {
    for (const char* candidate : candidates) {
        fs::path path = fs::path(dir) / candidate;
        if (fs::is_regular_file(path)) return path.string();
    }
    return "";
}

// The image directories of a build, in name order (for determinism).
std::vector<fs::path> image_dirs(const std::string& dir) {
    std::vector<fs::path> out;
    for (const fs::directory_entry& entry : fs::directory_iterator(dir))
        if (entry.is_directory() && fs::is_regular_file(entry.path() / "zephyr" / ".config")) out.push_back(entry.path());
    std::sort(out.begin(), out.end());
    return out;
}

// sysbuild's domains.yaml names the default (application) image.
std::string default_domain(const std::string& dir) {
    fs::path file = fs::path(dir) / "domains.yaml";
    if (!fs::is_regular_file(file)) return "";
    try {
        YAML::Node root = YAML::LoadFile(file.string());
        if (root["default"]) return root["default"].Scalar();
    } catch (const YAML::Exception& e) {
        throw input_error(file.string(), e.mark.is_null() ? 0 : e.mark.line + 1, 0, e.msg);
    }
    return "";
}

std::optional<dotconfig> application_config(const build_directory& build) {
    if (build.layout == build_directory::kind::child_images) return dotconfig::read(build.path + "/zephyr/.config");
    std::string name = default_domain(build.path);
    if (!name.empty() && fs::is_regular_file(build.path + "/" + name + "/zephyr/.config"))
        return dotconfig::read(build.path + "/" + name + "/zephyr/.config");
    for (const fs::path& image : image_dirs(build.path)) {
        if (image.filename() == "mcuboot") continue;
        dotconfig config = dotconfig::read((image / "zephyr" / ".config").string());
        if (config.is_yes("CONFIG_SOC_NRF5340_CPUAPP") && config.is_yes("CONFIG_BOOTLOADER_MCUBOOT")) return config;
    }
    return std::nullopt;
}

std::string net_partitions(const build_directory& build) {
    std::string file = first_existing(build.path, {"partitions_CPUNET.yml", "zephyr/partitions_CPUNET.yml"});
    if (!file.empty()) return file;
    for (const fs::path& image : image_dirs(build.path)) {
        fs::path yml = image / "zephyr" / "partitions.yml";
        if (fs::is_regular_file(yml) && dotconfig::read((image / "zephyr" / ".config").string())
                                            .is_yes("CONFIG_SOC_NRF5340_CPUNET"))
            return yml.string();
    }
    return "";
}

std::string describe(const partition& p) {
    return p.name + " (" + hex(p.address) + "-" + hex(p.end_address()) + ", " + hex(p.size) + " bytes, " + p.region + ")";
}

void check_pair(const build_directory& build, const char* primary_name, const char* secondary_name,
                std::vector<dfu_rule_failure>& failures) {
    const partition* primary = build.app.find(primary_name);
    const partition* secondary = build.app.find(secondary_name);
    for (auto [p, name] : {std::pair{primary, primary_name}, std::pair{secondary, secondary_name}})
        if (!p)
            failures.push_back({std::string(name) + " is missing from the application core's partitions.yml",
                                std::string("set CONFIG_UPDATEABLE_IMAGE_NUMBER=2 for MCUboot (so it asks for ") + name +
                                    ") or add " + name + " to pm_static.yml"});
    if (primary && secondary && primary->size != secondary->size)
        failures.push_back({std::string(secondary_name) + " (" + hex(secondary->size) + " bytes) and " + primary_name +
                                " (" + hex(primary->size) + " bytes) differ in size",
                            std::string("give ") + secondary_name + " share_size: [" + primary_name + "], or size " +
                                hex(primary->size) + " in pm_static.yml"});
}

void check_config(const std::optional<dotconfig>& config, const char* image, const char* symbol,
                  const char* wanted, std::vector<dfu_rule_failure>& failures) {
    if (!config) {
        failures.push_back({std::string("the ") + image + "'s .config is missing, so " + symbol + " cannot be checked",
                            std::string("build the ") + image + " (its zephyr/.config lists the options)"});
        return;
    }
    std::optional<std::string> value = config->value(symbol);
    if (value == wanted) return;
    failures.push_back({std::string(symbol) + " is " + (value ? value->c_str() : "not set") + " in the " + image +
                            " (" + config->file() + ")",
                        std::string("set ") + symbol + "=" + wanted + " in the " + image + "'s configuration"});
}

}  // namespace

const partition* build_directory::find(const std::string& name) const {
    if (const partition* p = app.find(name)) return p;
    return net.find(name);
}

build_directory read_build_directory(const std::string& path) {
    if (!fs::is_directory(path)) throw input_error(path, 0, 0, "not a build directory");
    build_directory build;
    build.path = path;
    bool sysbuild = fs::is_regular_file(path + "/domains.yaml") || fs::is_regular_file(path + "/merged_CPUNET.hex") ||
                    !fs::is_regular_file(path + "/zephyr/.config") || !fs::is_regular_file(path + "/zephyr/partitions.yml");
    build.layout = sysbuild ? build_directory::kind::sysbuild : build_directory::kind::child_images;
    std::string app_yml = sysbuild ? first_existing(path, {"partitions.yml"})
                                   : first_existing(path, {"zephyr/partitions.yml", "partitions.yml"});
    if (app_yml.empty())
        throw input_error(path, 0, 0, "no partitions.yml (looked for partitions.yml and zephyr/partitions.yml)");
    build.app = read_partitions_yml(app_yml, "");
    if (std::string net_yml = net_partitions(build); !net_yml.empty()) build.net = read_partitions_yml(net_yml, "CPUNET");
    build.app_hex = first_existing(path, {"merged.hex", "zephyr/merged.hex"});
    build.net_hex = first_existing(path, {"merged_CPUNET.hex", "zephyr/merged_CPUNET.hex"});
    if (fs::is_regular_file(path + "/mcuboot/zephyr/.config"))
        build.bootloader_config = dotconfig::read(path + "/mcuboot/zephyr/.config");
    build.application_config = application_config(build);
    return build;
}

std::vector<dfu_rule_failure> check_multi_image_dfu(const build_directory& build) {
    std::vector<dfu_rule_failure> failures;
    check_pair(build, "mcuboot_primary", "mcuboot_secondary", failures);
    check_pair(build, "mcuboot_primary_1", "mcuboot_secondary_1", failures);
    const partition* ram_slot = build.app.find("mcuboot_primary_1");
    if (ram_slot && ram_slot->region != "ram_flash")
        failures.push_back({"mcuboot_primary_1 is in " + ram_slot->region + ", not in ram_flash",
                            "enable CONFIG_NRF53_MULTI_IMAGE_UPDATE in MCUboot (it puts mcuboot_primary_1 in "
                            "region ram_flash), or set region: ram_flash for it in pm_static.yml"});
    if (!build.app.find("pcd_sram"))
        failures.push_back({"pcd_sram is missing, so MCUboot has no place for the PCD command to the network core",
                            "set CONFIG_PCD_APP=y in MCUboot, or add pcd_sram (0x2000 bytes in sram_primary) to "
                            "pm_static.yml"});
    const partition* net_app = build.net.find("app");
    if (ram_slot && net_app && net_app->size > ram_slot->size)
        failures.push_back({"the network core's app partition (" + hex(net_app->size) +
                                " bytes) does not fit mcuboot_primary_1 (" + hex(ram_slot->size) + " bytes)",
                            "make mcuboot_primary_1 and mcuboot_secondary_1 at least " + hex(net_app->size) +
                                " bytes"});
    check_config(build.bootloader_config, "bootloader", "CONFIG_BOOT_UPGRADE_ONLY", "y", failures);
    check_config(build.bootloader_config, "bootloader", "CONFIG_PCD_APP", "y", failures);
    check_config(build.bootloader_config, "bootloader", "CONFIG_UPDATEABLE_IMAGE_NUMBER", "2", failures);
    check_config(build.application_config, "application", "CONFIG_UPDATEABLE_IMAGE_NUMBER", "2", failures);
    return failures;
}

void print_partition_map(const build_directory& build, std::ostream& out) {
    auto core = [&](const char* title, const partition_layout& layout) {
        out << title << "\n";
        if (layout.empty()) out << "  (no partitions)\n";
        std::string region;
        for (const partition& p : layout.partitions()) {
            if (p.region != region) {
                region = p.region;
                out << "  " << region << (p.device.empty() ? "" : " (" + p.device + ")") << "\n";
            }
            bool nested = false;
            for (const partition& c : layout.partitions())
                if (c.is_container() && c.name != p.name &&
                    std::find(c.span.begin(), c.span.end(), p.name) != c.span.end())
                    nested = true;
            std::string members;
            for (const std::string& m : p.span) members += (members.empty() ? "" : ", ") + m;
            out << "    " << std::setw(10) << std::left << hex(p.address) << " - " << std::setw(10)
                << hex(p.end_address()) << std::setw(10) << std::right << hex(p.size) << "  "
                << (nested ? "  " : "") << p.name << (members.empty() ? "" : " [" + members + "]") << "\n";
        }
    };
    const char* kind = build.layout == build_directory::kind::sysbuild ? "sysbuild" : "child images";
    out << build.path << " (" << kind << " layout)\n";
    core("application core:", build.app);
    core("network core:", build.net);
}

int partitions_main(int argc, char** argv, std::ostream& out, std::ostream& err) {
    if (argc != 2 || std::string(argv[1]).rfind("-", 0) == 0) {
        err << "Usage: nrf53sim partitions BUILD_DIR\n"
               "Prints both cores' partition maps and checks the rules for simultaneous\n"
               "multi-image DFU. Exit status: 0 all rules hold, 1 a rule is broken, 2 bad input.\n";
        return argc == 2 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") ? 0 : 2;
    }
    try {
        build_directory build = read_build_directory(argv[1]);
        print_partition_map(build, out);
        std::vector<dfu_rule_failure> failures = check_multi_image_dfu(build);
        for (const dfu_rule_failure& f : failures) out << "FAIL " << f.rule << "\n     fix: " << f.fix << "\n";
        if (failures.empty()) {
            out << "PASS simultaneous multi-image DFU rules\n";
            return 0;
        }
        out << failures.size() << " rule(s) of simultaneous multi-image DFU broken\n";
        return 1;
    } catch (const input_error& e) {
        err << "nrf53sim partitions: " << e.what() << "\n";
    } catch (const fs::filesystem_error& e) {
        err << "nrf53sim partitions: " << e.what() << "\n";
    }
    return 2;
}

int partitions_main(int argc, char** argv) { return partitions_main(argc, argv, std::cout, std::cerr); }

}  // namespace sim
