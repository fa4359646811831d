// MCUboot image layout for the `nrf53sim image` tool: building a signed image
// the way imgtool does and taking one apart (reference dfu-pcd-mcuboot-pm.md
// §2 and §8). No cryptography here: a signer supplies keys and signatures.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace sim::image {

using bytes = std::vector<uint8_t>;

// Malformed input or options; the tool reports it and exits with 2.
struct error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

namespace tlv {
constexpr uint16_t keyhash = 0x01, pubkey = 0x02, sha256 = 0x10, rsa2048_pss = 0x20,
                   ecdsa_sig = 0x22, rsa3072_pss = 0x23, ed25519 = 0x24, dependency = 0x40,
                   sec_cnt = 0x50;
constexpr uint16_t info_magic = 0x6907, prot_info_magic = 0x6908;
}  // namespace tlv
std::string tlv_name(uint16_t type);

constexpr uint32_t image_magic = 0x96f3b83d;
constexpr uint32_t header_size_min = 32;
constexpr uint32_t flag_non_bootable = 0x10, flag_ram_load = 0x20, flag_rom_fixed = 0x100;

struct version {
    uint8_t major = 0, minor = 0;
    uint16_t revision = 0;
    uint32_t build = 0;
};
version parse_version(const std::string& text);  // "1.2.3+4", missing parts are 0
std::string to_string(const version& v);

struct dependency {
    uint8_t image_id;
    version min;
};
// imgtool's -d syntax: "(1, 1.2.3+0)" or several "(0,1.0.0), (1,2.0.0)".
std::vector<dependency> parse_dependencies(const std::string& text);

// What signs an image: a key of one type (see image_crypto.h).
class signer {
public:
    virtual ~signer() = default;
    virtual uint16_t signature_tlv() const = 0;
    virtual bytes public_bytes() const = 0;  // what KEYHASH hashes
    virtual bytes sign_digest(const bytes& sha256) const = 0;
};

struct sign_options {
    uint32_t header_size = 0;  // required, >= 32
    bool pad_header = false;   // prepend header_size erased bytes to the input
    uint32_t align = 1;        // flash write size: 1, 2, 4, 8, 16 or 32
    uint32_t max_align = 0;    // trailer spacing; 0 means max(8, align)
    version ver;
    uint32_t slot_size = 0;    // required
    bool pad = false;          // fill to slot_size and add the trailer magic
    bool confirm = false;      // implies pad; image_ok = 1 unless overwrite_only
    bool overwrite_only = false;
    std::vector<dependency> dependencies;
    std::optional<uint32_t> security_counter;
    uint32_t load_addr = 0;
    bool ram_load = false;
    uint32_t max_sectors = 128;
    uint8_t erased_val = 0xff;
};

uint32_t effective_max_align(const sign_options& o);
// Bytes imgtool reserves at the end of the slot (§8).
uint32_t trailer_size(const sign_options& o);
// The 16 trailer magic bytes for a trailer spacing.
bytes boot_magic(uint32_t max_align);

// The signed image: header, body, protected TLVs, then SHA-256, KEYHASH and
// signature; padded to the slot with its trailer when asked. key may be null.
bytes sign(const bytes& input, const sign_options& o, const signer* key);

struct header {
    uint32_t magic = 0, load_addr = 0;
    uint16_t hdr_size = 0, protect_tlv_size = 0;
    uint32_t img_size = 0, flags = 0;
    version ver;
};

struct tlv_entry {
    uint16_t type;
    bool is_protected;
    uint32_t offset;  // of the value in the file
    bytes value;
};

struct trailer {
    enum class magic_state { unset, good, bad } magic = magic_state::unset;
    uint32_t max_align = 8;
    uint8_t image_ok = 0xff, copy_done = 0xff, swap_info = 0xff;
    uint32_t swap_size = 0xffffffff;
};

struct parsed_image {
    header hdr;
    std::vector<tlv_entry> tlvs;
    uint32_t image_end = 0;  // end of the unprotected TLV area
    bytes sha256_input;      // header + body + protected TLVs
    std::optional<trailer> trl;  // when the file extends past the image (--pad)
};

// Checks and decodes a whole image file; throws error with the reason.
parsed_image parse(const bytes& file);

}  // namespace sim::image
