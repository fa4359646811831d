#include "sim/dfu/dfu_zip.h"

#include "sim/common/input_file.h"

#include <nlohmann/json.hpp>
#include <zip.h>

#include <memory>

namespace sim {
namespace {

// A package bigger than this is not an nRF5340 update (both flashes are 1.25 MiB).
constexpr zip_uint64_t max_member_size = 16u * 1024 * 1024;

struct zip_closer {
    void operator()(zip_t* archive) const { zip_discard(archive); }
};
using zip_handle = std::unique_ptr<zip_t, zip_closer>;

// The archive reads `bytes`, which must outlive it.
zip_handle open_zip(const std::string& bytes, const std::string& path) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    zip_t* archive = source ? zip_open_from_source(source, ZIP_RDONLY, &error) : nullptr;
    if (!archive) {
        if (source) zip_source_free(source);
        std::string what = zip_error_strerror(&error);
        zip_error_fini(&error);
        throw input_error(path, 0, 0, "cannot read the DFU package: " + what);
    }
    zip_error_fini(&error);
    return zip_handle(archive);
}

std::vector<std::uint8_t> read_member(zip_t* archive, const std::string& zip_path, const std::string& name) {
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat(archive, name.c_str(), 0, &stat) != 0 || !(stat.valid & ZIP_STAT_SIZE))
        throw input_error(zip_path, 0, 0, "the DFU package has no " + name);
    if (stat.size > max_member_size)
        throw input_error(zip_path, 0, 0, name + " is " + std::to_string(stat.size) + " bytes, more than an update can be");
    std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> file(zip_fopen(archive, name.c_str(), 0), &zip_fclose);
    std::vector<std::uint8_t> bytes(stat.size);
    if (!file || zip_fread(file.get(), bytes.data(), bytes.size()) != zip_int64_t(bytes.size()))
        throw input_error(zip_path, 0, 0, "cannot read " + name + " from the DFU package: " + zip_strerror(archive));
    return bytes;
}

// A manifest number, as generate_zip.py writes it: a JSON number or a
// decimal/0x string.
std::optional<std::uint64_t> manifest_number(const nlohmann::json& value) {
    if (value.is_number_unsigned()) return value.get<std::uint64_t>();
    if (!value.is_string()) return std::nullopt;
    const std::string text = value.get<std::string>();
    try {
        std::size_t used = 0;
        std::uint64_t number = std::stoull(text, &used, 0);
        if (used == text.size() && text[0] != '-' && !(text.size() > 1 && text[0] == '0' && text[1] != 'x'))
            return number;
    } catch (const std::exception&) {
    }
    return std::nullopt;
}

dfu_package_image parse_entry(const nlohmann::json& entry, const std::string& where) {
    if (!entry.is_object()) throw input_error(where, 0, 0, "expected an object");
    dfu_package_image image;
    auto file = entry.find("file");
    if (file == entry.end() || !file->is_string() || file->get<std::string>().empty())
        throw input_error(where, 0, 0, "no \"file\" name");
    image.file = file->get<std::string>();
    auto index = entry.find("image_index");
    std::optional<std::uint64_t> number = index == entry.end() ? std::nullopt : manifest_number(*index);
    if (!number || *number > 15)
        throw input_error(where, 0, 0, image.file + ": expected \"image_index\" 0..15 (MCUboot's image number)");
    image.image_index = unsigned(*number);
    if (auto address = entry.find("load_address"); address != entry.end()) {
        std::optional<std::uint64_t> value = manifest_number(*address);
        if (!value || *value > 0xffffffffu) throw input_error(where, 0, 0, image.file + ": bad \"load_address\"");
        image.load_address = std::uint32_t(*value);
    }
    return image;
}

}  // namespace

const dfu_package_image* dfu_package::image(unsigned image_index) const {
    for (const dfu_package_image& i : images)
        if (i.image_index == image_index) return &i;
    return nullptr;
}

dfu_package read_dfu_package(const std::string& path) {
    return parse_dfu_package(read_input_file(path, max_image_file_size), path);
}

dfu_package parse_dfu_package(const std::string& bytes, const std::string& path) {
    zip_handle archive = open_zip(bytes, path);
    const std::vector<std::uint8_t> manifest_bytes = read_member(archive.get(), path, "manifest.json");
    const std::string manifest_path = path + ":manifest.json";
    nlohmann::json manifest = nlohmann::json::parse(manifest_bytes.begin(), manifest_bytes.end(), nullptr, false);
    if (manifest.is_discarded()) throw input_error(manifest_path, 0, 0, "not valid JSON");
    auto files = manifest.is_object() ? manifest.find("files") : manifest.end();
    if (files == manifest.end() || !files->is_array() || files->empty())
        throw input_error(manifest_path, 0, 0, "expected \"files\": a list of the package's images");

    dfu_package package;
    package.path = path;
    for (std::size_t n = 0; n < files->size(); ++n) {
        const std::string where = manifest_path + ": files[" + std::to_string(n) + "]";
        dfu_package_image image = parse_entry((*files)[n], where);
        if (package.image(image.image_index))
            throw input_error(where, 0, 0, image.file + " and " + package.image(image.image_index)->file +
                                               " are both image " + std::to_string(image.image_index));
        image.bytes = read_member(archive.get(), path, image.file);
        auto size = (*files)[n].find("size");
        if (size != (*files)[n].end() && manifest_number(*size) != image.bytes.size())
            throw input_error(where, 0, 0, image.file + " is " + std::to_string(image.bytes.size()) +
                                               " bytes but the manifest says " + size->dump());
        package.images.push_back(std::move(image));
    }
    return package;
}

std::string secondary_slot_name(unsigned image_index) {
    return image_index == 0 ? "mcuboot_secondary" : "mcuboot_secondary_" + std::to_string(image_index);
}

std::optional<unsigned> image_index_of_secondary(const std::string& slot) {
    for (unsigned index = 0; index < 16; ++index)
        if (slot == secondary_slot_name(index)) return index;
    return std::nullopt;
}

}  // namespace sim
