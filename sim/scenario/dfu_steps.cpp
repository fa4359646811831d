#include "sim/scenario/dfu_steps.h"

#include <algorithm>
#include <cstring>
#include <regex>
#include <sstream>
#include <stdexcept>

#include "sim/dfu/fw_info.h"
#include "sim/dfu/image_format.h"
#include "sim/dfu/layout.h"
#include "sim/soc/soc.h"

namespace sim {

namespace {

constexpr std::uint32_t image_magic = 0x96f3b83d;
constexpr std::uint32_t max_align = 8;
constexpr std::uint8_t swap_type_test = 2, swap_type_perm = 3;

std::string hex(std::uint32_t v) {
    std::ostringstream s;
    s << "0x" << std::hex << v;
    return s.str();
}

bool write_bytes(soc& chip, std::uint32_t address, const std::uint8_t* data, std::size_t size) {
    return chip.program(core_id::app, address, data, size) == size;
}

std::uint32_t read_word(soc& chip, core_id core, std::uint32_t address, bool& ok) {
    std::uint32_t value = 0;
    ok = ok && chip.debug_read(core, address, &value, 4);
    return value;
}

// The version in the last banner the core printed, or "".
std::string banner_version(soc& chip, core_id core) {
    static const std::regex banner("nrf53sim sample (app|net) v([0-9]+\\.[0-9]+\\.[0-9]+)");
    const std::string& text = chip.uart_console(core, 0).text();
    std::string found;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), banner); it != std::sregex_iterator(); ++it)
        found = (*it)[2];
    return found;
}

// The version in the MCUboot header the primary slot starts with
// (ih_ver at offset 20: major, minor, revision, build), as X.Y.Z.
std::optional<std::string> app_version(soc& chip, const dfu_layout& layout, std::string& problem) {
    const partition* primary = layout.app.find("mcuboot_primary");
    if (!primary || primary->region != "flash_primary") {
        problem = "the layout has no mcuboot_primary in the application core's flash";
        return std::nullopt;
    }
    const std::uint32_t address = std::uint32_t(primary->address);
    bool ok = true;
    if (read_word(chip, core_id::app, address, ok) != image_magic || !ok) {
        problem = "no MCUboot image header at mcuboot_primary (" + hex(address) + ")";
        return std::nullopt;
    }
    const std::uint32_t major_minor = read_word(chip, core_id::app, address + 20, ok);
    return std::to_string(major_minor & 0xff) + "." + std::to_string(major_minor >> 8 & 0xff) + "." +
           std::to_string(major_minor >> 16 & 0xffff);
}

// fw_info lies within the first 0x1000 bytes + its size (sim/dfu/fw_info.h).
constexpr std::uint32_t fw_info_search_bytes = 0x1200;

// The fw_info version of the network application (sim/dfu/fw_info.h).
std::optional<std::string> net_version(soc& chip, const dfu_layout& layout, std::string& problem) {
    const address_range app = network_application(layout);
    std::vector<std::uint8_t> flash(app.size);
    if (chip.peek(core_id::net, app.address, flash.data(), flash.size()) != flash.size()) {
        problem = "the network application's partition at " + hex(app.address) + " is not memory";
        return std::nullopt;
    }
    const std::optional<fw_info_view> info = find_fw_info(flash.data(), flash.size());
    if (!info) {
        problem = "no fw_info in the network application at " + hex(app.address);
        return std::nullopt;
    }
    const std::string hash = fw_hash_verdict(flash.data(), flash.size(), *info);
    if (hash != "ok") {
        problem = "the network application at " + hex(app.address) + " (fw_info version " +
                  std::to_string(info->version) + ") is incomplete: its hash is " + hash;
        return std::nullopt;
    }
    return std::to_string(info->version);
}

}  // namespace

std::optional<std::string> stage_image(soc& chip, const stage_step& step) {
    if (step.image.size() > step.slot_size)
        return step.image_path + " (" + std::to_string(step.image.size()) + " bytes) does not fit slot " +
               step.slot + " (" + std::to_string(step.slot_size) + " bytes)";
    if (!write_bytes(chip, step.slot_address, step.image.data(), step.image.size()))
        return "slot " + step.slot + " at " + hex(step.slot_address) + " is not writable memory";
    if (step.request == stage_request::none) return {};
    // boot_set_pending: magic, then image_ok for a permanent request, then swap_info.
    const std::uint32_t end = step.slot_address + step.slot_size;
    const std::uint32_t magic_off = end - 16;
    const std::uint32_t image_ok_off = magic_off - max_align;
    const std::uint32_t copy_done_off = image_ok_off - max_align;
    const std::uint32_t swap_info_off = copy_done_off - max_align;
    const std::vector<std::uint8_t> magic = image::boot_magic(max_align);
    const bool permanent = step.request == stage_request::permanent;
    std::uint8_t ok = 0x01;
    std::uint8_t info = std::uint8_t(step.image_number << 4 | (permanent ? swap_type_perm : swap_type_test));
    bool written = write_bytes(chip, magic_off, magic.data(), magic.size()) &&
                   (!permanent || write_bytes(chip, image_ok_off, &ok, 1)) &&
                   write_bytes(chip, swap_info_off, &info, 1);
    if (!written) return "the trailer of slot " + step.slot + " is not writable memory";
    return {};
}

std::optional<std::string> check_running_version(soc& chip, core_id core, const std::string& version,
                                                  const dfu_layout& layout) {
    std::string problem;
    const std::optional<std::string> running =
        core == core_id::app ? app_version(chip, layout, problem) : net_version(chip, layout, problem);
    if (!running) return problem;
    // The network image carries one monotonic number: the expected major.
    const std::string expected = core == core_id::app ? version : version.substr(0, version.find('.'));
    if (*running != expected)
        return std::string("the ") + to_string(core) + " core's image is version " + *running + ", expected " +
               expected;
    // Firmware that prints nrf53sim's sample banner must name the same version.
    const std::string banner = banner_version(chip, core);
    if (!banner.empty() && banner != version)
        return std::string("the ") + to_string(core) + " core's image is " + *running + " but its last banner says \"" +
               banner + "\"";
    return {};
}

std::optional<std::string> check_running_version(soc& chip, const expect_version_step& step) {
    try {
        return check_running_version(chip, step.core, step.version, read_dfu_layout(step.layout_path));
    } catch (const std::exception& e) {
        return std::string("layout ") + step.layout_path + ": " + e.what();
    }
}

std::optional<boot_entry> find_boot_entry(soc& chip, core_id core, const dfu_layout& layout) {
    std::uint32_t vector_table = 0;
    boot_entry entry;
    if (core == core_id::app) {
        std::string problem;
        const std::optional<std::string> version = app_version(chip, layout, problem);
        if (!version) return std::nullopt;
        const std::uint32_t primary = std::uint32_t(layout.app.find("mcuboot_primary")->address);
        bool ok = true;
        const std::uint32_t header_size = read_word(chip, core, primary + 8, ok) & 0xffff;  // ih_hdr_size
        if (!ok) return std::nullopt;
        vector_table = primary + header_size;
        entry.version = *version;
    } else {
        const address_range app = network_application(layout);
        std::vector<std::uint8_t> start(std::min(app.size, fw_info_search_bytes));
        if (chip.peek(core, app.address, start.data(), start.size()) != start.size()) return std::nullopt;
        const std::optional<fw_info_view> info = find_fw_info(start.data(), start.size());
        if (!info) return std::nullopt;
        vector_table = info->address;
        entry.version = std::to_string(info->version);
    }
    bool ok = true;
    entry.reset_handler = read_word(chip, core, vector_table + 4, ok) & ~1u;
    if (!ok) return std::nullopt;
    return entry;
}

}  // namespace sim
