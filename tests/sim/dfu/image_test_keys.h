// PEM key files for the image tool tests, generated once per test by OpenSSL.
#pragma once

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace image_test {

inline std::string write_key(const std::string& name, EVP_PKEY* pkey, bool public_only = false) {
    std::string path = testing::TempDir() + "/" + name + ".pem";
    FILE* f = std::fopen(path.c_str(), "w");
    if (public_only)
        PEM_write_PUBKEY(f, pkey);
    else
        PEM_write_PrivateKey(f, pkey, nullptr, nullptr, 0, nullptr, nullptr);
    std::fclose(f);
    return path;
}

inline std::string make_key(const std::string& name, const char* type, const char* param = nullptr,
                            size_t bits = 0) {
    EVP_PKEY* pkey = bits ? EVP_PKEY_Q_keygen(nullptr, nullptr, type, bits)
                   : param ? EVP_PKEY_Q_keygen(nullptr, nullptr, type, param)
                           : EVP_PKEY_Q_keygen(nullptr, nullptr, type);
    std::string path = write_key(name, pkey);
    EVP_PKEY_free(pkey);
    return path;
}

inline std::string ec_key(const std::string& name) { return make_key(name, "EC", "P-256"); }

inline std::vector<uint8_t> read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void write_bytes(const std::string& path, const std::vector<uint8_t>& data) {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(data.data()), std::streamsize(data.size()));
}

}  // namespace image_test
