#include "sim/dfu/slot_report.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <iomanip>
#include <sstream>
#include <stdexcept>

#include "sim/dfu/fw_info.h"
#include "sim/dfu/image_crypto.h"
#include "sim/dfu/image_format.h"
#include "sim/dfu/layout.h"
#include "sim/soc/soc.h"

namespace sim {

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(slot_entry, partition, device, staged_from, contents, problem, version, format,
                                   hash, signature, magic, image_ok, copy_done, swap_info)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(flash_operation_counts, app_nvmc, net_nvmc, qspi)

namespace {

using bytes = std::vector<std::uint8_t>;

constexpr std::uint32_t xip_base = 0x10000000;
constexpr std::uint8_t erased = 0xff;

slot_entry named(const std::string& partition, const std::string& device) {
    slot_entry e;
    e.partition = partition;
    e.device = device;
    return e;
}

const char* const mcuboot_slots[] = {"mcuboot_primary", "mcuboot_secondary", "mcuboot_primary_1",
                                     "mcuboot_secondary_1"};

// Copies size bytes at address of `core`'s view; false when some are not memory.
bool read_memory(soc& chip, core_id core, std::uint32_t address, bytes& out, std::size_t size) {
    out.assign(size, 0);
    return chip.peek(core, address, out.data(), size) == size;
}

std::string hex_byte(std::uint8_t v) {
    std::ostringstream s;
    s << "0x" << std::hex << std::setw(2) << std::setfill('0') << unsigned(v);
    return s.str();
}

// MCUboot's flag bytes: BOOT_FLAG_SET is 1, an erased byte is unset.
std::string flag_text(std::uint8_t v) {
    if (v == erased) return "unset";
    if (v == 0x01) return "set";
    return hex_byte(v);
}

// swap_info: the image number in the high nibble, the swap type in the low one.
std::string swap_info_text(std::uint8_t v) {
    if (v == erased) return "unset";
    static const char* const types[] = {nullptr, "none", "test", "perm", "revert", "fail"};
    const unsigned type = v & 0x0f;
    const std::string name = type >= 1 && type <= 5 ? types[type] : hex_byte(v);
    return name + " (image " + std::to_string(v >> 4) + ")";
}

std::string magic_text(image::trailer::magic_state m) {
    switch (m) {
    case image::trailer::magic_state::good: return "good";
    case image::trailer::magic_state::unset: return "unset";
    default: return "bad";
    }
}

std::string signature_text(const image::verdict& v, bool have_key) {
    if (v.signature_type == 0) return "unsigned";
    if (!have_key) return "signed (not checked)";
    return v.signature_ok ? "signature ok" : "signature bad (" + v.signature_note + ")";
}

void describe_image(slot_entry& e, const bytes& file, const image::key* key) {
    if (std::all_of(file.begin(), file.end(), [](std::uint8_t b) { return b == erased; })) {
        e.contents = "erased";
        return;
    }
    if (file.size() >= image::header_size_min &&
        std::all_of(file.begin(), file.begin() + image::header_size_min, [](std::uint8_t b) { return b == erased; })) {
        e.contents = "no image";
        e.problem = "header erased";  // MCUboot scrambles a refused or installed secondary this way
        return;
    }
    image::parsed_image parsed;
    try {
        parsed = image::parse(file);
    } catch (const image::error& problem) {
        e.contents = "no image";
        e.problem = problem.what();
        return;
    }
    e.contents = "image";
    e.format = "mcuboot";
    e.version = image::to_string(parsed.hdr.ver);
    const image::verdict v = image::check(parsed, key);
    e.hash = !v.hash_present ? "missing" : v.hash_ok ? "ok" : "bad";
    e.signature = signature_text(v, key != nullptr);
    if (parsed.trl) {
        e.magic = magic_text(parsed.trl->magic);
        e.image_ok = flag_text(parsed.trl->image_ok);
        e.copy_done = flag_text(parsed.trl->copy_done);
        e.swap_info = swap_info_text(parsed.trl->swap_info);
    }
}

// A network-core image as b0n validates it: its fw_info, then the SHA-256
// in the validation info after its `size` bytes.
void describe_fw_image(slot_entry& e, const bytes& image) {
    const std::optional<fw_info_view> info = find_fw_info(image.data(), image.size());
    if (!info) {
        const bool blank = std::all_of(image.begin(), image.end(), [](std::uint8_t b) { return b == erased; });
        e.contents = blank ? "erased" : "no image";
        if (!blank) e.problem = "no fw_info at any offset b0n looks at";
        return;
    }
    e.contents = "image";
    e.format = "fw_info";
    e.version = std::to_string(info->version);
    e.hash = fw_hash_verdict(image.data(), image.size(), *info);
}

slot_entry describe_net_app(soc& chip, const dfu_layout& layout) {
    slot_entry e = named("net app", "net");
    const address_range app = network_application(layout);
    bytes flash;
    if (!read_memory(chip, core_id::net, app.address, flash, app.size)) {
        e.contents = "no image";
        e.problem = "the network application's partition is not readable memory";
        return e;
    }
    describe_fw_image(e, flash);
    return e;
}

// MCUboot's RAM slot (mcuboot_primary_1 in ram_flash) is a buffer in the
// bootloader's RAM, gone once the application runs: what the report can
// show is the image the bootloader handed over through PCD, if it did.
slot_entry describe_ram_slot(const std::string& partition, const std::optional<bytes>& handed_over) {
    slot_entry e = named(partition, "ram");
    if (!handed_over) {
        e.contents = "no image";
        e.problem = "not retained (a buffer in the bootloader's RAM; no PCD hand-over this run)";
        return e;
    }
    e.staged_from = "PCD hand-over";
    describe_fw_image(e, *handed_over);
    return e;
}

// Where a partition's bytes are in the application core's view, and the
// report's name for its device; nothing for a region no slot lives in.
std::optional<std::pair<std::uint32_t, std::string>> slot_location(const partition& p) {
    if (p.region == "flash_primary") return std::make_pair(std::uint32_t(p.address), std::string("app"));
    if (p.region == "external_flash") return std::make_pair(xip_base + std::uint32_t(p.address), std::string("ext"));
    return std::nullopt;
}

void append_image_fields(std::ostringstream& s, const slot_entry& e) {
    if (e.contents == "erased") {
        s << "  (erased)";
        return;
    }
    if (e.contents != "image") {
        s << "  no image: " << e.problem;
        return;
    }
    s << "  v" << e.version;
    if (e.format == "fw_info") s << " (fw_info)";
    s << "  hash " << e.hash;
    if (!e.signature.empty()) s << "  " << e.signature;
    if (!e.magic.empty())
        s << "  trailer: magic " << e.magic << " image_ok " << e.image_ok << " copy_done " << e.copy_done
          << " swap_info " << e.swap_info;
}

// Columns: text and spaces up to width, at least one space after it.
std::string padded(const std::string& text, std::size_t width) {
    return text + std::string(text.size() < width ? width - text.size() : 1, ' ');
}

}  // namespace

slot_entry describe_mcuboot_slot(const std::string& partition, const std::string& device, const bytes& slot,
                                 const image::key* key) {
    slot_entry e = named(partition, device);
    describe_image(e, slot, key);
    return e;
}

slot_entry describe_staged(const std::string& file, const std::string& slot, bool external, const bytes& image,
                           const image::key* key) {
    slot_entry e = named(slot, external ? "ext" : "app");
    e.staged_from = std::filesystem::path(file).filename().string();
    describe_image(e, image, key);
    return e;
}

std::vector<slot_entry> read_slots(soc& chip, const std::string& layout_path, const image::key* key,
                                   const std::optional<bytes>& handed_over) {
    const dfu_layout layout = read_dfu_layout(layout_path);
    std::vector<slot_entry> slots;
    for (const char* name : mcuboot_slots) {
        const partition* p = layout.app.find(name);
        if (!p) continue;
        if (p->region == "ram_flash") {
            slots.push_back(describe_ram_slot(name, handed_over));
            continue;
        }
        auto location = slot_location(*p);
        bytes contents;
        if (!location || !read_memory(chip, core_id::app, location->first, contents, p->size)) {
            slot_entry e = named(name, location ? location->second : p->region);
            e.contents = "no image";
            e.problem = "region " + p->region + " is not readable memory";
            slots.push_back(e);
            continue;
        }
        slots.push_back(describe_mcuboot_slot(name, location->second, contents, key));
    }
    slots.push_back(describe_net_app(chip, layout));
    return slots;
}

flash_operation_counts count_flash_operations(soc& chip) {
    return {chip.flash(core_id::app).operation_count(), chip.flash(core_id::net).operation_count(),
            chip.external_flash().operation_count()};
}

std::string format_slot_report(const slot_report& report) {
    constexpr std::size_t name_width = 21;
    std::ostringstream s;
    s << "slots:\n";
    for (const slot_entry& e : report.slots) {
        s << "  " << padded(e.partition, name_width) << e.device;
        if (!e.staged_from.empty()) s << "  " << e.staged_from;
        append_image_fields(s, e);
        s << '\n';
    }
    if (!report.staged.empty()) {
        s << "staged:\n";
        for (const slot_entry& e : report.staged) {
            s << "  " << padded(e.partition, name_width) << e.device << "  " << e.staged_from;
            append_image_fields(s, e);
            s << '\n';
        }
    }
    const flash_operation_counts& ops = report.flash_operations;
    s << "flash operations: app NVMC " << ops.app_nvmc << ", net NVMC " << ops.net_nvmc << ", QSPI " << ops.qspi
      << '\n';
    return s.str();
}

nlohmann::json to_json(const slot_report& report) {
    return {{"slots", report.slots}, {"staged", report.staged}, {"flash_operations", report.flash_operations}};
}

slot_report slot_report_from_json(const nlohmann::json& json) {
    slot_report r;
    json.at("slots").get_to(r.slots);
    json.at("staged").get_to(r.staged);
    json.at("flash_operations").get_to(r.flash_operations);
    return r;
}

}  // namespace sim
