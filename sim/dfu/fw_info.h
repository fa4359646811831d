// The network-core application's metadata, as NCS's b0n reads it: a
// fw_info block at offset 0, 0x200, 0x400, 0x800 or 0x1000 of the image
// (sdk-nrf include/fw_info_bare.h), and after the firmware's `size` bytes a
// validation info holding the SHA-256 b0n checks (sdk-nrf
// subsys/bootloader/bl_validation). Two layouts exist: NCS's (the third
// magic word is a compatibility word, then total_size, size, version, ...)
// and the one nrf53sim's own netboot uses (firmware/netboot/fw_info.h: third
// magic word 0x5300, no total_size).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace sim {

struct fw_info_view {
    std::uint32_t offset = 0;  // from the image's start
    std::uint32_t size = 0;    // firmware bytes covered by the validation info
    std::uint32_t version = 0; // monotonic
    std::uint32_t address = 0; // where the firmware runs
    bool ncs = true;           // NCS's layout (else nrf53sim's)
};

// The fw_info in `size` bytes of an image, or nothing.
std::optional<fw_info_view> find_fw_info(const std::uint8_t* image, std::size_t size);

// "ok", "bad" or "missing": the image's SHA-256 against its validation info.
std::string fw_hash_verdict(const std::uint8_t* image, std::size_t size, const fw_info_view& info);

}  // namespace sim
