// Image layout per reference §2 (header, TLVs, trailer) and §8 (imgtool).
#include "sim/dfu/image_format.h"

#include <openssl/sha.h>

#include <algorithm>
#include <cstdlib>
#include <regex>

namespace sim::image {

namespace {

void put16(bytes& b, uint32_t v) {
    b.push_back(uint8_t(v));
    b.push_back(uint8_t(v >> 8));
}

void put32(bytes& b, uint32_t v) {
    put16(b, v & 0xffff);
    put16(b, v >> 16);
}

uint16_t get16(const bytes& b, size_t at) { return uint16_t(b[at] | b[at + 1] << 8); }

uint32_t get32(const bytes& b, size_t at) { return get16(b, at) | uint32_t(get16(b, at + 2)) << 16; }

uint32_t align_up(uint32_t v, uint32_t a) { return (v + a - 1) / a * a; }

void add_tlv(bytes& area, uint16_t type, const bytes& value) {
    if (value.size() > 0xffff) throw error("TLV 0x" + std::to_string(type) + " too large");
    put16(area, type);
    put16(area, uint32_t(value.size()));
    area.insert(area.end(), value.begin(), value.end());
}

bytes with_info(uint16_t magic, const bytes& entries) {
    if (entries.size() + 4 > 0xffff) throw error("TLV area larger than 64 KiB");
    bytes area;
    put16(area, magic);
    put16(area, uint32_t(entries.size() + 4));
    area.insert(area.end(), entries.begin(), entries.end());
    return area;
}

bytes sha256_of(const bytes& data) {
    bytes digest(SHA256_DIGEST_LENGTH);
    SHA256(data.data(), data.size(), digest.data());
    return digest;
}

bytes protected_area(const sign_options& o) {
    bytes entries;
    if (o.security_counter) {
        bytes v;
        put32(v, *o.security_counter);
        add_tlv(entries, tlv::sec_cnt, v);
    }
    for (const dependency& d : o.dependencies) {
        bytes v = {d.image_id, 0, 0, 0, d.min.major, d.min.minor};
        put16(v, d.min.revision);
        put32(v, d.min.build);
        add_tlv(entries, tlv::dependency, v);
    }
    return entries.empty() ? bytes{} : with_info(tlv::prot_info_magic, entries);
}

bytes encode_header(const sign_options& o, uint32_t img_size, uint32_t protect_size) {
    bytes h;
    put32(h, image_magic);
    put32(h, o.load_addr);
    put16(h, o.header_size);
    put16(h, protect_size);
    put32(h, img_size);
    put32(h, o.ram_load ? flag_ram_load : 0);
    h.push_back(o.ver.major);
    h.push_back(o.ver.minor);
    put16(h, o.ver.revision);
    put32(h, o.ver.build);
    put32(h, 0);
    return h;
}

void check_options(const sign_options& o) {
    if (o.header_size < header_size_min || o.header_size > 0xffff)
        throw error("--header-size must be at least 32 (and below 64 KiB)");
    for (uint32_t a : {o.align, effective_max_align(o)}) {
        if (a == 0 || a > 32 || (a & (a - 1)) != 0)
            throw error("alignment must be 1, 2, 4, 8, 16 or 32");
    }
    if (o.slot_size == 0) throw error("--slot-size is required");
}

// Offset of the first trailer field (image_ok) before the end of the slot.
uint32_t image_ok_from_end(uint32_t max_align) { return align_up(16, max_align) + max_align; }

}  // namespace

std::string tlv_name(uint16_t type) {
    switch (type) {
    case tlv::keyhash: return "KEYHASH";
    case tlv::pubkey: return "PUBKEY";
    case tlv::sha256: return "SHA256";
    case 0x11: return "SHA384";
    case 0x12: return "SHA512";
    case tlv::rsa2048_pss: return "RSA2048_PSS";
    case tlv::ecdsa_sig: return "ECDSA_SIG";
    case tlv::rsa3072_pss: return "RSA3072_PSS";
    case tlv::ed25519: return "ED25519";
    case 0x25: return "SIG_PURE";
    case 0x30: return "ENC_RSA2048";
    case 0x31: return "ENC_KW";
    case 0x32: return "ENC_EC256";
    case 0x33: return "ENC_X25519";
    case tlv::dependency: return "DEPENDENCY";
    case tlv::sec_cnt: return "SEC_CNT";
    case 0x60: return "BOOT_RECORD";
    default: return "UNKNOWN";
    }
}

version parse_version(const std::string& text) {
    static const std::regex form(R"((\d+)(?:\.(\d+)(?:\.(\d+))?)?(?:\+(\d+))?)");
    std::smatch m;
    if (!std::regex_match(text, m, form)) throw error("bad version \"" + text + "\" (want maj.min.rev+build)");
    auto field = [&](int i, unsigned long max) {
        unsigned long v = m[i].matched ? std::strtoul(m[i].str().c_str(), nullptr, 10) : 0;
        if (v > max || m[i].length() > 10) throw error("version field out of range in \"" + text + "\"");
        return v;
    };
    version v;
    v.major = uint8_t(field(1, 0xff));
    v.minor = uint8_t(field(2, 0xff));
    v.revision = uint16_t(field(3, 0xffff));
    v.build = uint32_t(field(4, 0xffffffff));
    return v;
}

std::string to_string(const version& v) {
    return std::to_string(v.major) + "." + std::to_string(v.minor) + "." +
           std::to_string(v.revision) + "+" + std::to_string(v.build);
}

std::vector<dependency> parse_dependencies(const std::string& text) {
    static const std::regex item(R"(\s*\(\s*(\d+)\s*,\s*([0-9.+]+)\s*\)\s*,?)");
    std::vector<dependency> deps;
    auto it = text.cbegin();
    std::smatch m;
    while (it != text.cend() && std::regex_search(it, text.cend(), m, item,
                                                  std::regex_constants::match_continuous)) {
        unsigned long id = std::strtoul(m[1].str().c_str(), nullptr, 10);
        if (id > 0xff) throw error("dependency image id out of range in \"" + text + "\"");
        deps.push_back({uint8_t(id), parse_version(m[2].str())});
        it = m[0].second;
    }
    if (it != text.cend() || deps.empty())
        throw error("bad --dependencies \"" + text + "\" (want \"(image_id, maj.min.rev+build)\")");
    return deps;
}

uint32_t effective_max_align(const sign_options& o) {
    return o.max_align ? o.max_align : std::max<uint32_t>(8, o.align);
}

uint32_t trailer_size(const sign_options& o) {
    uint32_t max_align = effective_max_align(o);
    uint32_t magic = align_up(16, max_align);
    if (o.overwrite_only) return 2 * max_align + magic;
    return o.max_sectors * 3 * o.align + 4 * max_align + magic;
}

bytes boot_magic(uint32_t max_align) {
    if (max_align == 8)
        return {0x77, 0xc2, 0x95, 0xf3, 0x60, 0xd2, 0xef, 0x7f,
                0x35, 0x52, 0x50, 0x0f, 0x2c, 0xb6, 0x79, 0x80};
    bytes m;
    put16(m, max_align);
    for (uint8_t b : {0x2d, 0xe1, 0x5d, 0x29, 0x41, 0x0b, 0x8d, 0x77, 0x67, 0x9c, 0x11, 0x0f, 0x1f, 0x8a})
        m.push_back(b);
    return m;
}

bytes sign(const bytes& input, const sign_options& o, const signer* key) {
    check_options(o);
    bytes image;
    if (o.pad_header) {
        image.assign(o.header_size, o.erased_val);
    } else if (input.size() < o.header_size ||
               std::any_of(input.begin(), input.begin() + o.header_size, [](uint8_t b) { return b != 0; })) {
        throw error("the input does not start with header_size zero bytes; use --pad-header");
    }
    image.insert(image.end(), input.begin(), input.end());

    bytes prot = protected_area(o);
    bytes hdr = encode_header(o, uint32_t(image.size() - o.header_size), uint32_t(prot.size()));
    std::copy(hdr.begin(), hdr.end(), image.begin());
    image.insert(image.end(), prot.begin(), prot.end());

    bytes digest = sha256_of(image);
    bytes entries;
    add_tlv(entries, tlv::sha256, digest);
    if (key) {
        add_tlv(entries, tlv::keyhash, sha256_of(key->public_bytes()));
        add_tlv(entries, key->signature_tlv(), key->sign_digest(digest));
    }
    bytes unprot = with_info(tlv::info_magic, entries);
    image.insert(image.end(), unprot.begin(), unprot.end());

    uint32_t trailer = trailer_size(o);
    if (image.size() + trailer > o.slot_size) {
        throw error("image (" + std::to_string(image.size()) + " bytes) + trailer (" +
                    std::to_string(trailer) + ") exceed the slot size (" +
                    std::to_string(o.slot_size) + ")");
    }
    if (o.pad || o.confirm) {
        uint32_t max_align = effective_max_align(o);
        image.resize(o.slot_size, o.erased_val);
        bytes magic = boot_magic(max_align);
        std::copy(magic.begin(), magic.end(), image.end() - 16);
        if (o.confirm && !o.overwrite_only) image[o.slot_size - image_ok_from_end(max_align)] = 0x01;
    }
    return image;
}

namespace {

header decode_header(const bytes& f) {
    if (f.size() < header_size_min)
        throw error("truncated: " + std::to_string(f.size()) + " bytes, a header needs 32");
    header h;
    h.magic = get32(f, 0);
    h.load_addr = get32(f, 4);
    h.hdr_size = get16(f, 8);
    h.protect_tlv_size = get16(f, 10);
    h.img_size = get32(f, 12);
    h.flags = get32(f, 16);
    h.ver = {f[20], f[21], get16(f, 22), get32(f, 24)};
    if (h.magic != image_magic) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "bad magic 0x%08x (want 0x%08x)", h.magic, image_magic);
        throw error(buf);
    }
    if (h.hdr_size < header_size_min) throw error("header size " + std::to_string(h.hdr_size) + " < 32");
    if (uint64_t(h.hdr_size) + h.img_size > f.size())
        throw error("truncated: header + body need " + std::to_string(uint64_t(h.hdr_size) + h.img_size) +
                    " bytes, file has " + std::to_string(f.size()));
    return h;
}

// Reads one TLV area starting at off; returns its end.
uint32_t read_area(const bytes& f, uint32_t off, uint16_t magic, bool is_protected,
                   std::vector<tlv_entry>& out) {
    const char* what = is_protected ? "protected TLV area" : "TLV area";
    if (uint64_t(off) + 4 > f.size()) throw error(std::string("truncated: no ") + what + " info at offset " + std::to_string(off));
    if (get16(f, off) != magic) {
        char buf[96];
        std::snprintf(buf, sizeof buf, "%s at offset %u: bad magic 0x%04x (want 0x%04x)", what, off, get16(f, off), magic);
        throw error(buf);
    }
    uint32_t end = off + get16(f, off + 2);
    if (end < off + 4 || end > f.size())
        throw error(std::string(what) + " at offset " + std::to_string(off) + " runs past the end of the file");
    for (uint32_t p = off + 4; p < end;) {
        if (end - p < 4) throw error(std::string("truncated TLV entry at offset ") + std::to_string(p));
        uint16_t type = get16(f, p), len = get16(f, p + 2);
        if (p + 4 + len > end)
            throw error("TLV " + tlv_name(type) + " at offset " + std::to_string(p) + " (length " +
                        std::to_string(len) + ") runs past the end of its area");
        out.push_back({type, is_protected, p + 4, bytes(f.begin() + p + 4, f.begin() + p + 4 + len)});
        p += 4 + len;
    }
    return end;
}

std::optional<trailer> decode_trailer(const bytes& f, uint32_t image_end) {
    if (f.size() < uint64_t(image_end) + 64) return std::nullopt;
    trailer t;
    bytes tail(f.end() - 16, f.end());
    bytes other = boot_magic(16);
    if (tail == boot_magic(8)) {
        t.magic = trailer::magic_state::good;
    } else if (std::equal(other.begin() + 2, other.end(), tail.begin() + 2) && get16(tail, 0) >= 16 &&
               get16(tail, 0) <= 32 && (get16(tail, 0) & (get16(tail, 0) - 1)) == 0) {
        t.magic = trailer::magic_state::good;
        t.max_align = get16(tail, 0);
    } else if (std::all_of(tail.begin(), tail.end(), [&](uint8_t b) { return b == tail[0]; })) {
        t.magic = trailer::magic_state::unset;
    } else {
        t.magic = trailer::magic_state::bad;
    }
    // The magic's max_align spaces the fields: from swap_size to the magic
    // they must lie after the image.
    const uint64_t fields = image_ok_from_end(t.max_align) + 3 * uint64_t(t.max_align);
    if (f.size() - image_end < fields)
        throw error("the trailer (max_align " + std::to_string(t.max_align) + ") needs " + std::to_string(fields) +
                    " bytes after the image, the file has " + std::to_string(f.size() - image_end));
    size_t image_ok = f.size() - image_ok_from_end(t.max_align);
    t.image_ok = f[image_ok];
    t.copy_done = f[image_ok - t.max_align];
    t.swap_info = f[image_ok - 2 * t.max_align];
    t.swap_size = get32(f, image_ok - 3 * t.max_align);
    return t;
}

}  // namespace

parsed_image parse(const bytes& f) {
    parsed_image p;
    p.hdr = decode_header(f);
    uint32_t off = p.hdr.hdr_size + p.hdr.img_size;
    if (p.hdr.protect_tlv_size != 0) {
        uint32_t end = read_area(f, off, tlv::prot_info_magic, true, p.tlvs);
        if (end - off != p.hdr.protect_tlv_size)
            throw error("protected TLV area is " + std::to_string(end - off) + " bytes, header says " +
                        std::to_string(p.hdr.protect_tlv_size));
        off = end;
    }
    p.sha256_input.assign(f.begin(), f.begin() + off);
    p.image_end = read_area(f, off, tlv::info_magic, false, p.tlvs);
    p.trl = decode_trailer(f, p.image_end);
    return p;
}

}  // namespace sim::image
