// Host-side helpers for the bootutil tests: a RAM flash that enforces NOR
// rules and can lose power at flash operation k (MCUboot simulator method),
// and an MCUboot image builder written from the format spec, signing with
// OpenSSL.
#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

extern "C" {
#include "bootutil/bootutil.h"
#include "bootutil/sha256.h"
}

namespace bootutil_test {

using bytes = std::vector<uint8_t>;

// A flash device. Writes need erased bytes, erases whole sectors; every write
// and erase counts as one operation. With cut_at = k, operation k and all
// later operations (reads included) fail: the power is off.
struct fake_flash {
    bytes mem;
    std::vector<bool> written;
    uint32_t sector;
    uint8_t erased;
    long cut_at = -1;
    long ops = 0;
    bool power_off = false;
    std::string violation;

    fake_flash(uint32_t size, uint32_t sector_size, uint8_t erased_val)
        : mem(size, erased_val), written(size, false), sector(sector_size), erased(erased_val) {}

    bool operation() {
        if (power_off) return false;
        ++ops;
        if (cut_at >= 0 && ops >= cut_at) {
            power_off = true;
            return false;
        }
        return true;
    }
    void power_cycle() {
        power_off = false;
        cut_at = -1;
        ops = 0;
    }
};

inline fake_flash& dev(const flash_area* fa) { return *static_cast<fake_flash*>(fa->fa_ctx); }

inline int fake_read(const flash_area* fa, uint32_t off, void* dst, uint32_t len) {
    fake_flash& f = dev(fa);
    if (f.power_off) return -1;
    std::memcpy(dst, f.mem.data() + fa->fa_off + off, len);
    return 0;
}

inline int fake_write(const flash_area* fa, uint32_t off, const void* src, uint32_t len) {
    fake_flash& f = dev(fa);
    if (!f.operation()) return -1;
    const uint8_t* in = static_cast<const uint8_t*>(src);
    for (uint32_t i = 0; i < len; i++) {
        uint32_t a = fa->fa_off + off + i;
        if (f.written[a] && f.violation.empty())
            f.violation = "double write at 0x" + std::to_string(a);
        f.written[a] = true;
        f.mem[a] = f.erased == 0 ? f.mem[a] | in[i] : f.mem[a] & in[i];  // bits leave the erased state only
    }
    return 0;
}

inline int fake_erase(const flash_area* fa, uint32_t off, uint32_t len) {
    fake_flash& f = dev(fa);
    if (!f.operation()) return -1;
    uint32_t a = fa->fa_off + off;
    if ((a % f.sector || len % f.sector) && f.violation.empty())
        f.violation = "unaligned erase at 0x" + std::to_string(a);
    std::fill(f.mem.begin() + a, f.mem.begin() + a + len, f.erased);
    std::fill(f.written.begin() + a, f.written.begin() + a + len, false);
    return 0;
}

inline const flash_area_ops fake_ops = {fake_read, fake_write, fake_erase};

inline flash_area make_area(fake_flash& f, uint8_t id, uint32_t off, uint32_t size, uint8_t align) {
    flash_area fa{};
    fa.fa_ops = &fake_ops;
    fa.fa_ctx = &f;
    fa.fa_off = off;
    fa.fa_size = size;
    fa.fa_sector_size = f.sector;
    fa.fa_align = align;
    fa.fa_erased_val = f.erased;
    fa.fa_id = id;
    return fa;
}

// An ECDSA P-256 key pair from OpenSSL.
struct ec_key {
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> pkey{nullptr, EVP_PKEY_free};

    ec_key() { pkey.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256")); }

    bytes spki() const {
        unsigned char* der = nullptr;
        int len = i2d_PUBKEY(pkey.get(), &der);
        bytes out(der, der + len);
        OPENSSL_free(der);
        return out;
    }

    // DER signature of a 32-byte digest (no further hashing).
    bytes sign_digest(const uint8_t* digest) const {
        std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
            EVP_PKEY_CTX_new(pkey.get(), nullptr), EVP_PKEY_CTX_free);
        size_t len = 0;
        if (EVP_PKEY_sign_init(ctx.get()) <= 0 ||
            EVP_PKEY_sign(ctx.get(), nullptr, &len, digest, 32) <= 0)
            throw std::runtime_error("sign init");
        bytes sig(len);
        if (EVP_PKEY_sign(ctx.get(), sig.data(), &len, digest, 32) <= 0)
            throw std::runtime_error("sign");
        sig.resize(len);
        return sig;
    }
};

inline void put16(bytes& b, uint16_t v) {
    b.push_back(uint8_t(v));
    b.push_back(uint8_t(v >> 8));
}
inline void put32(bytes& b, uint32_t v) {
    put16(b, uint16_t(v));
    put16(b, uint16_t(v >> 16));
}

struct dependency {
    uint8_t image_id;
    image_version min;
};

// An image as imgtool lays it out (reference §2.1, §2.2, §8).
struct image_spec {
    uint32_t body_size = 3000;
    uint8_t body_seed = 1;
    image_version version{1, 0, 0, 0};
    uint16_t header_size = 0x200;
    uint32_t flags = 0;
    std::vector<dependency> deps;
    const ec_key* key = nullptr;
};

inline bytes make_body(uint32_t size, uint8_t seed) {
    bytes body(size);
    uint32_t x = seed * 2654435761u + 1;
    for (auto& b : body) {
        x = x * 1103515245u + 12345u;
        b = uint8_t(x >> 16);
    }
    return body;
}

inline bytes build_image(const image_spec& s) {
    bytes prot;
    if (!s.deps.empty()) {
        put16(prot, 0x6908);
        put16(prot, uint16_t(4 + 16 * s.deps.size()));
        for (const dependency& d : s.deps) {
            put16(prot, 0x40);
            put16(prot, 12);
            prot.push_back(d.image_id);
            prot.insert(prot.end(), 3, 0);
            prot.push_back(d.min.iv_major);
            prot.push_back(d.min.iv_minor);
            put16(prot, d.min.iv_revision);
            put32(prot, d.min.iv_build_num);
        }
    }
    bytes img;
    put32(img, 0x96f3b83d);
    put32(img, 0);
    put16(img, s.header_size);
    put16(img, uint16_t(prot.size()));
    put32(img, s.body_size);
    put32(img, s.flags);
    img.push_back(s.version.iv_major);
    img.push_back(s.version.iv_minor);
    put16(img, s.version.iv_revision);
    put32(img, s.version.iv_build_num);
    put32(img, 0);
    img.resize(s.header_size, 0xff);
    bytes body = make_body(s.body_size, s.body_seed);
    img.insert(img.end(), body.begin(), body.end());
    img.insert(img.end(), prot.begin(), prot.end());

    uint8_t digest[32];
    sha256(img.data(), img.size(), digest);
    bytes tlvs;
    put16(tlvs, 0x10);
    put16(tlvs, 32);
    tlvs.insert(tlvs.end(), digest, digest + 32);
    if (s.key) {
        bytes pub = s.key->spki();
        uint8_t keyhash[32];
        sha256(pub.data(), pub.size(), keyhash);
        put16(tlvs, 0x01);
        put16(tlvs, 32);
        tlvs.insert(tlvs.end(), keyhash, keyhash + 32);
        bytes sig = s.key->sign_digest(digest);
        put16(tlvs, 0x22);
        put16(tlvs, uint16_t(sig.size()));
        tlvs.insert(tlvs.end(), sig.begin(), sig.end());
    }
    put16(img, 0x6907);
    put16(img, uint16_t(4 + tlvs.size()));
    img.insert(img.end(), tlvs.begin(), tlvs.end());
    return img;
}

// Loads data as a programmer would; bytes equal to the erased value leave
// their cells erased (the --pad fill can be written later).
inline void program(fake_flash& f, const flash_area& fa, const bytes& data, uint32_t off = 0) {
    for (size_t i = 0; i < data.size(); i++) {
        size_t a = fa.fa_off + off + i;
        f.mem[a] = data[i];
        f.written[a] = data[i] != f.erased;
    }
}

inline bytes contents(const fake_flash& f, const flash_area& fa, uint32_t len) {
    return bytes(f.mem.begin() + fa.fa_off, f.mem.begin() + fa.fa_off + len);
}

}  // namespace bootutil_test
