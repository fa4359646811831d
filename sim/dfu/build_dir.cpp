#include "sim/dfu/build_dir.h"

#include "sim/common/input_file.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace fs = std::filesystem;

namespace sim {
namespace {

std::string first_existing(const std::string& dir, std::initializer_list<std::string> candidates) {
    for (const std::string& candidate : candidates) {
        fs::path path = fs::path(dir) / candidate;
        if (fs::is_regular_file(path)) return path.string();
    }
    return "";
}

// sysbuild writes domains.yaml at the top; a child-image build is the
// application's own build, with its configuration in zephyr/.config.
build_directory::kind detect_layout(const std::string& dir) {
    if (fs::is_regular_file(fs::path(dir) / "domains.yaml")) return build_directory::kind::sysbuild;
    if (fs::is_regular_file(fs::path(dir) / "zephyr" / ".config")) return build_directory::kind::child_images;
    throw input_error(dir, 0, 0,
                      "not an nRF Connect SDK build directory: it has neither domains.yaml (sysbuild) nor "
                      "zephyr/.config (child images)");
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
        const YAML::Node root = YAML::Load(read_input_file(file.string(), max_text_file_size));
        if (root.IsMap() && root["default"] && root["default"].IsScalar()) return root["default"].Scalar();
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

// NCS copies the network core's layout to the top; otherwise it is in the
// network image's folder (a child image keeps its own partitions_CPUNET.yml).
std::string net_partitions(const build_directory& build) {
    std::string file = first_existing(build.path, {"partitions_CPUNET.yml"});
    if (!file.empty()) return file;
    for (const fs::path& image : image_dirs(build.path)) {
        if (!dotconfig::read((image / "zephyr" / ".config").string()).is_yes("CONFIG_SOC_NRF5340_CPUNET")) continue;
        file = first_existing(image.string(), {"partitions_CPUNET.yml", "zephyr/partitions.yml"});
        if (!file.empty()) return file;
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
    const std::string what = value                      ? "is " + *value
                             : config->mentions(symbol) ? std::string("is not set")
                                                        : std::string("is absent: its dependencies are unmet");
    failures.push_back({std::string(symbol) + " " + what + " in the " + image + " (" + config->file() + ")",
                        std::string("set ") + symbol + "=" + wanted + " in the " + image + "'s configuration"});
}

// NCS's simultaneous update needs MCUboot in overwrite-only mode, unless
// CONFIG_USE_NRF53_MULTI_IMAGE_WITHOUT_UPGRADE_ONLY opts in to swapping the
// application, which makes it revertible; its guide ("Simultaneous
// multi-image DFU with nRF5340 DK") warns that a revert breaks the network
// core, whose update goes through the RAM slot and PCD (docs/dfu.md).
void check_upgrade_mode(const std::optional<dotconfig>& config, std::vector<dfu_rule_failure>& failures) {
    const char* opt_in = "CONFIG_USE_NRF53_MULTI_IMAGE_WITHOUT_UPGRADE_ONLY";
    if (!config || config->is_yes("CONFIG_BOOT_UPGRADE_ONLY")) {
        check_config(config, "bootloader", "CONFIG_BOOT_UPGRADE_ONLY", "y", failures);
        return;
    }
    const std::string where = " in the bootloader (" + config->file() + ")";
    if (config->is_yes(opt_in)) {
        failures.push_back({std::string("revert hazard: CONFIG_BOOT_UPGRADE_ONLY is not set and ") + opt_in + "=y" +
                                where + ": MCUboot can revert the application but not the network core, whose "
                                "update goes through the RAM slot and PCD; NCS's guide warns that a revert breaks "
                                "the network core (a revert leaves it on the update, with no network image left "
                                "to go back to: docs/dfu.md)",
                            "confirm every application image before the next reset, or set "
                            "CONFIG_BOOT_UPGRADE_ONLY=y for MCUboot (no revert)",
                            true});
        return;
    }
    failures.push_back({std::string("CONFIG_BOOT_UPGRADE_ONLY is not set") + where + " and neither is " + opt_in +
                            ": the simultaneous update of both cores needs overwrite-only, or that opt-in to "
                            "swapping the application",
                        std::string("set CONFIG_BOOT_UPGRADE_ONLY=y for MCUboot; only with ") + opt_in +
                            "=y may it swap, and then a revert breaks the network core"});
}

// The application updates the network core only through its image manager
// (SMP's image 1); without one, UPDATEABLE_IMAGE_NUMBER does not exist
// there, which is a limitation of that build, not a broken layout.
void check_application_images(const std::optional<dotconfig>& config, std::vector<dfu_rule_failure>& failures) {
    const char* symbol = "CONFIG_UPDATEABLE_IMAGE_NUMBER";
    if (config && !config->mentions(symbol) && !config->is_yes("CONFIG_IMG_MANAGER")) {
        failures.push_back({"the application has no image manager (CONFIG_IMG_MANAGER is not set in " +
                                config->file() + "), so " + symbol +
                                " is absent: it cannot receive update images itself (no SMP upload to images 0 and 1)",
                            "enable CONFIG_IMG_MANAGER with CONFIG_UPDATEABLE_IMAGE_NUMBER=2 in the application, or "
                            "update it through another path (a programmer, another image)",
                            true});
        return;
    }
    check_config(config, "application", symbol, "2", failures);
}

// MCUboot reads each slot's sector layout into BOOT_MAX_IMG_SECTORS entries;
// a slot with more sectors makes boot_read_sectors fail ("Failed reading
// sectors; BOOT_MAX_IMG_SECTORS=... - too small?") and that image unbootable.
void check_sector_capacity(const build_directory& build, std::vector<dfu_rule_failure>& failures) {
    const std::optional<dotconfig>& config = build.bootloader_config;
    if (!config || config->is_yes("CONFIG_BOOT_MAX_IMG_SECTORS_AUTO")) return;
    const auto numbers = config->numbers();
    const auto max_sectors = numbers.find("CONFIG_BOOT_MAX_IMG_SECTORS");
    if (max_sectors == numbers.end()) return;
    for (const char* slot : {"mcuboot_primary", "mcuboot_secondary", "mcuboot_primary_1", "mcuboot_secondary_1"}) {
        const partition* p = build.app.find(slot);
        if (!p) continue;
        // The erase unit of the device the slot is on: the nRF5340's 4 KB
        // flash page, or the page layout Zephyr's QSPI NOR driver reports.
        std::uint64_t sector = 0;
        if (p->region == "flash_primary") sector = 0x1000;
        if (p->region == "external_flash") {
            const auto layout = numbers.find("CONFIG_NORDIC_QSPI_NOR_FLASH_LAYOUT_PAGE_SIZE");
            if (layout != numbers.end()) sector = layout->second;
        }
        if (sector == 0) continue;
        const std::uint64_t sectors = (p->size + sector - 1) / sector;
        if (sectors <= max_sectors->second) continue;
        std::uint64_t enough = 1;
        while (enough < sectors) enough *= 2;
        failures.push_back({std::string(slot) + " has " + std::to_string(sectors) + " sectors of " + hex(sector) +
                                " bytes, more than CONFIG_BOOT_MAX_IMG_SECTORS=" +
                                std::to_string(max_sectors->second) + " in the bootloader (" + config->file() +
                                "): MCUboot fails reading its sectors and boots no image from it",
                            "set CONFIG_BOOT_MAX_IMG_SECTORS=" + std::to_string(enough) +
                                " for MCUboot (-Dmcuboot_CONFIG_BOOT_MAX_IMG_SECTORS=" + std::to_string(enough) +
                                " on the command line, or in its configuration)"});
    }
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
    build.layout = detect_layout(path);
    const bool sysbuild = build.layout == build_directory::kind::sysbuild;
    const std::string app_yml = first_existing(path, {"partitions.yml"});
    if (app_yml.empty()) throw input_error(path, 0, 0, "no partitions.yml at the top of the build directory");
    build.app = read_partitions_yml(app_yml, "");
    if (std::string net_yml = net_partitions(build); !net_yml.empty()) build.net = read_partitions_yml(net_yml, "CPUNET");
    // Child images keep the application's outputs in zephyr/, sysbuild at the top.
    const std::string outputs = sysbuild ? "" : "zephyr/";
    build.app_hex = first_existing(path, {outputs + "merged.hex"});
    build.net_hex = first_existing(path, {outputs + "merged_CPUNET.hex"});
    build.dfu_zip = first_existing(path, {outputs + "dfu_application.zip"});
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
    check_upgrade_mode(build.bootloader_config, failures);
    check_config(build.bootloader_config, "bootloader", "CONFIG_PCD_APP", "y", failures);
    check_config(build.bootloader_config, "bootloader", "CONFIG_UPDATEABLE_IMAGE_NUMBER", "2", failures);
    check_application_images(build.application_config, failures);
    check_sector_capacity(build, failures);
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
        const std::vector<dfu_rule_failure> failures = check_multi_image_dfu(build);
        std::size_t broken = 0;
        for (const dfu_rule_failure& f : failures) {
            out << (f.warning ? "WARN " : "FAIL ") << f.rule << "\n     fix: " << f.fix << "\n";
            broken += !f.warning;
        }
        if (broken == 0) {
            out << "PASS simultaneous multi-image DFU rules\n";
            return 0;
        }
        out << broken << " rule(s) of simultaneous multi-image DFU broken\n";
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
