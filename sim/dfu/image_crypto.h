// Keys for `nrf53sim image`: ECDSA-P256, RSA-2048/3072 (PSS, SHA-256,
// 32-byte salt) and Ed25519, through OpenSSL 3. What imgtool hashes into
// KEYHASH: the DER SubjectPublicKeyInfo for EC and Ed25519, the DER PKCS#1
// RSAPublicKey for RSA. ECDSA signatures are deterministic (RFC 6979), RSA-PSS
// ones carry a random salt.
#pragma once

#include <memory>
#include <string>

#include "sim/dfu/image_format.h"

typedef struct evp_pkey_st EVP_PKEY;

namespace sim::image {

class key : public signer {
public:
    // A PEM private key, or a PEM public key (verification only). Throws error.
    static key load_pem(const std::string& path);
    static key from_pem_text(const std::string& pem);

    std::string type_name() const;  // "ecdsa-p256", "rsa-2048", "rsa-3072", "ed25519"
    bool has_private() const { return m_private; }

    uint16_t signature_tlv() const override;
    bytes public_bytes() const override;
    bytes sign_digest(const bytes& sha256) const override;

    // Whether keyhash names this key (Ed25519 accepts both encodings imgtool used).
    bool matches_keyhash(const bytes& keyhash) const;
    bool verify_digest(const bytes& sha256, const bytes& signature) const;

private:
    key(EVP_PKEY* pkey, bool is_private);
    std::shared_ptr<EVP_PKEY> m_pkey;
    bool m_private;
};

struct verdict {
    bool hash_present = false, hash_ok = false;
    uint16_t signature_type = 0;  // 0: unsigned
    bool keyhash_matches = false; // the given key is the one named in KEYHASH
    bool signature_ok = false;
    std::string signature_note;   // why not checked / why it failed
};

// Checks the SHA-256 TLV and, with a key (or an embedded PUBKEY), the signature.
verdict check(const parsed_image& image, const key* k);

}  // namespace sim::image
