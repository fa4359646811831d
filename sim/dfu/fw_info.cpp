#include "sim/dfu/fw_info.h"

#include <openssl/evp.h>

#include <array>
#include <cstring>

namespace sim {
namespace {

constexpr std::uint32_t magic_common = 0x281ee6de;
constexpr std::uint32_t fw_info_magic = 0x8fcebb4c;
constexpr std::uint32_t validation_magic = 0x86518483;
constexpr std::uint32_t nrf53sim_compatibility = 0x00005300;
constexpr std::array<std::uint32_t, 5> allowed_offsets = {0x0, 0x200, 0x400, 0x800, 0x1000};

std::uint32_t word_at(const std::uint8_t* p) {
    std::uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
}

}  // namespace

std::optional<fw_info_view> find_fw_info(const std::uint8_t* image, std::size_t size) {
    for (std::uint32_t offset : allowed_offsets) {
        if (offset + 32 > size) break;
        const std::uint8_t* info = image + offset;
        if (word_at(info) != magic_common || word_at(info + 4) != fw_info_magic) continue;
        fw_info_view view;
        view.offset = offset;
        view.ncs = word_at(info + 8) != nrf53sim_compatibility;
        const std::uint8_t* fields = info + (view.ncs ? 16 : 12);  // NCS has total_size first
        view.size = word_at(fields);
        view.version = word_at(fields + 4);
        view.address = word_at(fields + 8);
        return view;
    }
    return std::nullopt;
}

std::string fw_hash_verdict(const std::uint8_t* image, std::size_t size, const fw_info_view& info) {
    // NCS: magic_common, validation_magic, compatibility, address, hash;
    // nrf53sim: validation_magic and two more words, address, hash.
    const std::size_t at = (std::size_t(info.size) + 3) & ~std::size_t(3);
    if (at + 48 > size) return "missing";
    const std::uint8_t* validation = image + at;
    const bool found = info.ncs ? word_at(validation) == magic_common && word_at(validation + 4) == validation_magic
                                : word_at(validation) == validation_magic;
    if (!found) return "missing";
    unsigned char digest[32];
    unsigned length = 0;
    if (EVP_Digest(image, info.size, digest, &length, EVP_sha256(), nullptr) != 1 || length != sizeof digest)
        return "missing";
    return std::memcmp(digest, validation + 16, sizeof digest) == 0 ? "ok" : "bad";
}

}  // namespace sim
