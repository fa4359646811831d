// OpenSSL 3 glue for image keys. Signatures cover the image's SHA-256
// digest, as imgtool's sign_digest does (reference §8).
#include "sim/image_crypto.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include <fstream>
#include <sstream>

namespace sim::image {

namespace {

using ctx_ptr = std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)>;
using md_ctx_ptr = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

bytes sha256_of(const bytes& data) {
    bytes digest(SHA256_DIGEST_LENGTH);
    SHA256(data.data(), data.size(), digest.data());
    return digest;
}

bytes der_spki(EVP_PKEY* pkey) {
    unsigned char* der = nullptr;
    int len = i2d_PUBKEY(pkey, &der);
    if (len <= 0) throw error("cannot encode the public key");
    bytes out(der, der + len);
    OPENSSL_free(der);
    return out;
}

bytes der_pkcs1(EVP_PKEY* pkey) {
    unsigned char* der = nullptr;
    int len = i2d_PublicKey(pkey, &der);  // RSA: PKCS#1 RSAPublicKey
    if (len <= 0) throw error("cannot encode the RSA public key");
    bytes out(der, der + len);
    OPENSSL_free(der);
    return out;
}

bytes raw_ed25519(EVP_PKEY* pkey) {
    bytes out(32);
    size_t len = out.size();
    if (EVP_PKEY_get_raw_public_key(pkey, out.data(), &len) != 1) throw error("cannot read the Ed25519 key");
    return out;
}

// PSS with MGF1-SHA256 and a 32-byte salt, over a SHA-256 digest.
bool setup_pss(EVP_PKEY_CTX* ctx) {
    return EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PSS_PADDING) > 0 &&
           EVP_PKEY_CTX_set_signature_md(ctx, EVP_sha256()) > 0 &&
           EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, EVP_sha256()) > 0 &&
           EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx, 32) > 0;
}

}  // namespace

key::key(EVP_PKEY* pkey, bool is_private) : m_pkey(pkey, EVP_PKEY_free), m_private(is_private) {}

key key::from_pem_text(const std::string& pem) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), int(pem.size())), BIO_free);
    if (EVP_PKEY* p = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr)) {
        key k(p, true);
        k.type_name();  // rejects unsupported types early
        return k;
    }
    BIO_reset(bio.get());
    if (EVP_PKEY* p = PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr)) {
        key k(p, false);
        k.type_name();
        return k;
    }
    throw error("not a PEM private or public key (encrypted keys are not supported)");
}

key key::load_pem(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw error("cannot read key file " + path);
    std::ostringstream text;
    text << in.rdbuf();
    try {
        return from_pem_text(text.str());
    } catch (const error& e) {
        throw error(path + ": " + e.what());
    }
}

std::string key::type_name() const {
    EVP_PKEY* p = m_pkey.get();
    if (EVP_PKEY_is_a(p, "EC")) {
        char curve[64] = {0};
        size_t len = 0;
        EVP_PKEY_get_utf8_string_param(p, OSSL_PKEY_PARAM_GROUP_NAME, curve, sizeof curve, &len);
        if (std::string(curve) == "prime256v1" || std::string(curve) == "P-256") return "ecdsa-p256";
        throw error(std::string("unsupported EC curve ") + curve + " (only P-256)");
    }
    if (EVP_PKEY_is_a(p, "RSA")) {
        int bits = EVP_PKEY_get_bits(p);
        if (bits == 2048 || bits == 3072) return "rsa-" + std::to_string(bits);
        throw error("unsupported RSA size " + std::to_string(bits) + " (only 2048 and 3072)");
    }
    if (EVP_PKEY_is_a(p, "ED25519")) return "ed25519";
    throw error("unsupported key type (want ECDSA-P256, RSA-2048/3072 or Ed25519)");
}

uint16_t key::signature_tlv() const {
    std::string t = type_name();
    if (t == "ecdsa-p256") return tlv::ecdsa_sig;
    if (t == "rsa-2048") return tlv::rsa2048_pss;
    if (t == "rsa-3072") return tlv::rsa3072_pss;
    return tlv::ed25519;
}

bytes key::public_bytes() const {
    return EVP_PKEY_is_a(m_pkey.get(), "RSA") ? der_pkcs1(m_pkey.get()) : der_spki(m_pkey.get());
}

bytes key::sign_digest(const bytes& digest) const {
    if (!m_private) throw error("signing needs a private key");
    if (signature_tlv() == tlv::ed25519) {
        md_ctx_ptr md(EVP_MD_CTX_new(), EVP_MD_CTX_free);
        size_t len = 64;
        bytes sig(len);
        if (EVP_DigestSignInit(md.get(), nullptr, nullptr, nullptr, m_pkey.get()) != 1 ||
            EVP_DigestSign(md.get(), sig.data(), &len, digest.data(), digest.size()) != 1)
            throw error("Ed25519 signing failed");
        return sig;
    }
    ctx_ptr ctx(EVP_PKEY_CTX_new(m_pkey.get(), nullptr), EVP_PKEY_CTX_free);
    size_t len = 0;
    bool rsa = EVP_PKEY_is_a(m_pkey.get(), "RSA");
    if (EVP_PKEY_sign_init(ctx.get()) != 1 || (rsa && !setup_pss(ctx.get())) ||
        EVP_PKEY_sign(ctx.get(), nullptr, &len, digest.data(), digest.size()) != 1)
        throw error("signing failed");
    bytes sig(len);
    if (EVP_PKEY_sign(ctx.get(), sig.data(), &len, digest.data(), digest.size()) != 1)
        throw error("signing failed");
    sig.resize(len);
    return sig;
}

bool key::matches_keyhash(const bytes& keyhash) const {
    if (sha256_of(public_bytes()) == keyhash) return true;
    return signature_tlv() == tlv::ed25519 && sha256_of(raw_ed25519(m_pkey.get())) == keyhash;
}

bool key::verify_digest(const bytes& digest, const bytes& sig) const {
    if (signature_tlv() == tlv::ed25519) {
        md_ctx_ptr md(EVP_MD_CTX_new(), EVP_MD_CTX_free);
        return EVP_DigestVerifyInit(md.get(), nullptr, nullptr, nullptr, m_pkey.get()) == 1 &&
               EVP_DigestVerify(md.get(), sig.data(), sig.size(), digest.data(), digest.size()) == 1;
    }
    ctx_ptr ctx(EVP_PKEY_CTX_new(m_pkey.get(), nullptr), EVP_PKEY_CTX_free);
    bool rsa = EVP_PKEY_is_a(m_pkey.get(), "RSA");
    return EVP_PKEY_verify_init(ctx.get()) == 1 && (!rsa || setup_pss(ctx.get())) &&
           EVP_PKEY_verify(ctx.get(), sig.data(), sig.size(), digest.data(), digest.size()) == 1;
}

namespace {

bool is_signature(uint16_t type) {
    return type == tlv::ecdsa_sig || type == tlv::rsa2048_pss || type == tlv::rsa3072_pss ||
           type == tlv::ed25519;
}

// A PUBKEY TLV holds the key itself as DER (SPKI, or PKCS#1 for RSA).
std::optional<key> embedded_key(const bytes& der) {
    const unsigned char* p = der.data();
    EVP_PKEY* pkey = d2i_PUBKEY(nullptr, &p, long(der.size()));
    if (!pkey) {
        p = der.data();
        pkey = d2i_PublicKey(EVP_PKEY_RSA, nullptr, &p, long(der.size()));
    }
    if (!pkey) return std::nullopt;
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PUBKEY(bio, pkey);
    EVP_PKEY_free(pkey);
    char* data = nullptr;
    long len = BIO_get_mem_data(bio, &data);
    std::string pem(data, size_t(len));
    BIO_free(bio);
    try {
        return key::from_pem_text(pem);
    } catch (const error&) {
        return std::nullopt;
    }
}

}  // namespace

verdict check(const parsed_image& image, const key* k) {
    verdict v;
    bytes digest = sha256_of(image.sha256_input);
    const bytes* keyhash = nullptr;
    std::optional<key> embedded;
    const tlv_entry* signature = nullptr;
    for (const tlv_entry& t : image.tlvs) {
        if (t.is_protected) continue;
        if (t.type == tlv::sha256) {
            v.hash_present = true;
            v.hash_ok = t.value == digest;
        } else if (t.type == tlv::keyhash) {
            keyhash = &t.value;
        } else if (t.type == tlv::pubkey) {
            embedded = embedded_key(t.value);
        } else if (is_signature(t.type) && !signature) {
            signature = &t;
        }
    }
    if (!signature) {
        v.signature_note = "unsigned";
        return v;
    }
    v.signature_type = signature->type;
    const key* use = k ? k : (embedded ? &*embedded : nullptr);
    if (!use) {
        v.signature_note = "not checked (no --key)";
        return v;
    }
    v.keyhash_matches = embedded && !k ? true : (keyhash && use->matches_keyhash(*keyhash));
    if (!v.keyhash_matches) {
        v.signature_note = keyhash ? "KEYHASH names another key" : "no KEYHASH TLV";
        return v;
    }
    if (use->signature_tlv() != signature->type) {
        v.signature_note = "the key is " + use->type_name() + ", the signature " + tlv_name(signature->type);
        return v;
    }
    v.signature_ok = v.hash_ok && use->verify_digest(digest, signature->value);
    v.signature_note = v.signature_ok ? "good" : (v.hash_ok ? "BAD signature" : "hash mismatch");
    return v;
}

}  // namespace sim::image
