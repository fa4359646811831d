// The end-of-run slot report of a DFU scenario (issue 4): what each slot of
// the scenario's partition layout holds when the run ends, the images the
// run staged, and how many operations each flash array did.
//
//   slots:
//     mcuboot_primary      app  v2.0.0+0  hash ok  signed (not checked)  trailer: magic unset image_ok unset copy_done unset swap_info unset
//     mcuboot_secondary    ext  (erased)
//     mcuboot_primary_1    ram  PCD hand-over  v2 (fw_info)  hash ok
//     net app              net  v2 (fw_info)  hash ok
//   staged:
//     mcuboot_secondary    ext  app_update.bin  v2.0.0+0  hash ok  ...
//   flash operations: app NVMC 1234, net NVMC 560, QSPI 240
//
// Images are taken apart with sim/dfu/image_format.h and their SHA-256 TLV
// checked with sim/dfu/image_crypto.h, and the signature with the key MCUboot
// trusts when the scenario names it (options: mcuboot_key); without one a
// signature is reported as present, not verified. The network
// application's fw_info (docs/dfu.md) is checked against the SHA-256 in
// its validation info. Everything is deterministic and bounded (a fixed
// set of slots, at most max_staged_entries staged images).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace sim {

class soc;
namespace image {
class key;
}

// One slot, or one staged image, as the report shows it. Fields that do
// not apply are empty.
struct slot_entry {
    std::string partition;    // "mcuboot_primary", ..., "net app"
    std::string device;       // app (internal flash), ext (QSPI flash), ram, net
    std::string staged_from;  // a staged image: its file name; the RAM slot: "PCD hand-over"
    std::string contents;     // "image", "erased" or "no image"
    std::string problem;      // no image: why the header or TLVs were refused
    std::string version;      // "2.0.0+0"; fw_info: "2"
    std::string format;       // "mcuboot" or "fw_info"
    std::string hash;         // "ok", "bad" or "missing"
    std::string signature;    // "unsigned", "signed (not checked)", "signature ok", "signature bad (why)"; empty for fw_info
    std::string magic, image_ok, copy_done, swap_info;  // the trailer; empty when there is none
};

struct flash_operation_counts {
    std::uint64_t app_nvmc = 0, net_nvmc = 0, qspi = 0;
};

struct slot_report {
    std::vector<slot_entry> slots;
    std::vector<slot_entry> staged;
    flash_operation_counts flash_operations;
};

constexpr std::size_t max_staged_entries = 16;

// The slots of the layout (a partitions.yml, or a build directory) the
// scenario staged into: mcuboot_primary, mcuboot_secondary,
// mcuboot_primary_1, mcuboot_secondary_1 (those it has), then the network
// application (sim/dfu/fw_info.h). A slot in ram_flash shows the image the
// bootloader handed to the network core through PCD (`handed_over`), or
// "not retained". Throws when the layout cannot be read. key (may be null)
// verifies signatures.
std::vector<slot_entry> read_slots(soc& chip, const std::string& layout_path, const image::key* key,
                                   const std::optional<std::vector<std::uint8_t>>& handed_over);

// An image file as staged into `slot`, before the device touched it.
slot_entry describe_staged(const std::string& file, const std::string& slot, bool external,
                           const std::vector<std::uint8_t>& image, const image::key* key);

// What an MCUboot slot's bytes hold (the whole slot, trailer included).
slot_entry describe_mcuboot_slot(const std::string& partition, const std::string& device,
                                 const std::vector<std::uint8_t>& slot, const image::key* key);

flash_operation_counts count_flash_operations(soc& chip);

// The text block above, ending with a newline.
std::string format_slot_report(const slot_report& report);

nlohmann::json to_json(const slot_report& report);
slot_report slot_report_from_json(const nlohmann::json& json);

}  // namespace sim
