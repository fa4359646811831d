// SHA-256 against FIPS 180-4 example vectors (NIST CSRC "SHA256.pdf",
// "SHA256ShortMsg"/one-million-a).
#include <gtest/gtest.h>

#include <string>

#include "bootutil_fixture.h"

namespace {

std::string hex(const uint8_t* d, size_t n) {
    static const char* digits = "0123456789abcdef";
    std::string s;
    for (size_t i = 0; i < n; i++) {
        s += digits[d[i] >> 4];
        s += digits[d[i] & 15];
    }
    return s;
}

std::string sha256_hex(const std::string& msg) {
    uint8_t d[32];
    sha256(msg.data(), msg.size(), d);
    return hex(d, 32);
}

TEST(bootutil_sha256, nist_vectors) {
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(bootutil_sha256, incremental_updates_of_any_split_match_one_shot) {
    std::string msg(300, 'x');
    for (size_t i = 0; i < msg.size(); i++) msg[i] = char(i * 7);
    std::string expected = sha256_hex(msg);
    for (size_t split : {1u, 55u, 56u, 63u, 64u, 65u, 128u, 299u}) {
        sha256_ctx ctx;
        sha256_init(&ctx);
        sha256_update(&ctx, msg.data(), split);
        sha256_update(&ctx, msg.data() + split, msg.size() - split);
        uint8_t d[32];
        sha256_finish(&ctx, d);
        EXPECT_EQ(hex(d, 32), expected) << "split " << split;
    }
}

}  // namespace
