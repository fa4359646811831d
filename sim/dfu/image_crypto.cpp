// OpenSSL 3 glue for image keys. Signatures cover the image's SHA-256
// digest, as imgtool's sign_digest does (reference §8).
#include "sim/dfu/image_crypto.h"

#include "sim/common/input_file.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>
#include <openssl/x509.h>


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

using bn_ptr = std::unique_ptr<BIGNUM, decltype(&BN_free)>;

bn_ptr new_bn(BIGNUM* bn) {
    if (!bn) throw error("out of memory");
    return bn_ptr(bn, BN_free);
}

bytes hmac_sha256(const bytes& key, const bytes& data) {
    bytes out(SHA256_DIGEST_LENGTH);
    unsigned len = 0;
    if (!HMAC(EVP_sha256(), key.data(), int(key.size()), data.data(), data.size(), out.data(), &len))
        throw error("HMAC-SHA256 failed");
    return out;
}

bytes concat(std::initializer_list<bytes> parts) {
    bytes out;
    for (const bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

// RFC 6979's candidate nonces (section 3.2, HMAC-SHA256) for private key
// x and reduced digest h, both 32 bytes: next() gives the first candidate,
// then one after each rejection.
class rfc6979_nonces {
public:
    rfc6979_nonces(const bytes& x, const bytes& h) {
        m_k = hmac_sha256(m_k, concat({m_v, {0x00}, x, h}));
        m_v = hmac_sha256(m_k, m_v);
        m_k = hmac_sha256(m_k, concat({m_v, {0x01}, x, h}));
        m_v = hmac_sha256(m_k, m_v);
    }
    bytes next() {
        if (m_started) {
            m_k = hmac_sha256(m_k, concat({m_v, {0x00}}));
            m_v = hmac_sha256(m_k, m_v);
        }
        m_started = true;
        m_v = hmac_sha256(m_k, m_v);
        return m_v;
    }

private:
    bytes m_v = bytes(32, 0x01), m_k = bytes(32, 0x00);
    bool m_started = false;
};

// ECDSA-P256 over a SHA-256 digest with RFC 6979's deterministic nonce:
// the same key and image always give the same signature, so builds are
// reproducible and so are the runs that boot them. DER-encoded, as imgtool
// writes it.
bytes sign_ecdsa_p256_deterministic(EVP_PKEY* pkey, const bytes& digest) {
    BIGNUM* raw_d = nullptr;
    if (EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_PRIV_KEY, &raw_d) != 1)
        throw error("cannot read the EC private key");
    const bn_ptr d(raw_d, BN_free);
    std::unique_ptr<EC_GROUP, decltype(&EC_GROUP_free)> group(EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1),
                                                             EC_GROUP_free);
    std::unique_ptr<BN_CTX, decltype(&BN_CTX_free)> ctx(BN_CTX_new(), BN_CTX_free);
    if (!group || !ctx) throw error("out of memory");
    const BIGNUM* n = EC_GROUP_get0_order(group.get());
    constexpr int q = 32;  // bytes of the group order

    const bn_ptr digest_bn = new_bn(BN_bin2bn(digest.data(), int(digest.size()), nullptr)), z = new_bn(BN_new());
    BN_nnmod(z.get(), digest_bn.get(), n, ctx.get());
    bytes x(q), h(q);
    BN_bn2binpad(d.get(), x.data(), q);
    BN_bn2binpad(z.get(), h.data(), q);
    rfc6979_nonces nonces(x, h);

    const bn_ptr k = new_bn(BN_new()), k_inverse = new_bn(BN_new()), r = new_bn(BN_new()), s = new_bn(BN_new());
    const bn_ptr rd = new_bn(BN_new()), px = new_bn(BN_new());
    std::unique_ptr<EC_POINT, decltype(&EC_POINT_free)> point(EC_POINT_new(group.get()), EC_POINT_free);
    for (;;) {
        const bytes candidate = nonces.next();
        BN_bin2bn(candidate.data(), q, k.get());
        if (BN_is_zero(k.get()) || BN_cmp(k.get(), n) >= 0) continue;
        // r = (kG).x mod n; s = k^-1 (z + r d) mod n
        if (EC_POINT_mul(group.get(), point.get(), k.get(), nullptr, nullptr, ctx.get()) != 1 ||
            EC_POINT_get_affine_coordinates(group.get(), point.get(), px.get(), nullptr, ctx.get()) != 1 ||
            !BN_mod_inverse(k_inverse.get(), k.get(), n, ctx.get()))
            throw error("ECDSA signing failed");
        BN_nnmod(r.get(), px.get(), n, ctx.get());
        BN_mod_mul(rd.get(), r.get(), d.get(), n, ctx.get());
        BN_mod_add(s.get(), z.get(), rd.get(), n, ctx.get());
        BN_mod_mul(s.get(), s.get(), k_inverse.get(), n, ctx.get());
        if (!BN_is_zero(r.get()) && !BN_is_zero(s.get())) break;
    }
    std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> sig(ECDSA_SIG_new(), ECDSA_SIG_free);
    if (!sig || ECDSA_SIG_set0(sig.get(), BN_dup(r.get()), BN_dup(s.get())) != 1) throw error("out of memory");
    unsigned char* der = nullptr;
    const int len = i2d_ECDSA_SIG(sig.get(), &der);
    if (len <= 0) throw error("cannot encode the ECDSA signature");
    bytes out(der, der + len);
    OPENSSL_free(der);
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
    std::string text;
    try {
        text = read_input_file(path, max_text_file_size);
    } catch (const input_error& e) {
        throw error(std::string("key file ") + e.what());
    }
    try {
        return from_pem_text(text);
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
    if (signature_tlv() == tlv::ecdsa_sig) return sign_ecdsa_p256_deterministic(m_pkey.get(), digest);
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
