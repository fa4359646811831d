// `nrf53sim image`: layout known-answer tests derived from the format spec
// (reference §2, §8), signatures checked with OpenSSL, and bad input.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <unistd.h>

#include <sstream>

#include "image_test_keys.h"
#include "sim/dfu/image_tool.h"

using namespace image_test;
using bytes = std::vector<uint8_t>;

namespace {

struct run_result {
    int rc;
    std::string out, err;
};

run_result run(std::vector<std::string> words) {
    words.insert(words.begin(), "image");
    std::vector<char*> argv;
    for (auto& w : words) argv.push_back(w.data());
    std::ostringstream out, err;
    int rc = sim::image_main(int(argv.size()), argv.data(), out, err);
    return {rc, out.str(), err.str()};
}

// Per process: ctest runs the tests of this file in parallel.
std::string tmp(const std::string& name) { return testing::TempDir() + "/" + std::to_string(::getpid()) + "_" + name; }

bytes body(size_t n) {
    bytes b(n);
    for (size_t i = 0; i < n; i++) b[i] = uint8_t(i * 13 + 7);
    return b;
}

bytes sha256(const bytes& data, size_t len) {
    bytes d(32);
    SHA256(data.data(), len, d.data());
    return d;
}

uint16_t le16(const bytes& b, size_t at) { return uint16_t(b[at] | b[at + 1] << 8); }

// Signs a 100-byte body with --pad-header 0x200 plus extra options.
bytes sign_body(std::vector<std::string> extra, const std::string& name = "out.bin") {
    write_bytes(tmp("in.bin"), body(100));
    std::vector<std::string> words = {"sign", "--header-size", "0x200", "--pad-header", "--slot-size",
                                      "0x10000", "--version", "1.2.3+4"};
    words.insert(words.end(), extra.begin(), extra.end());
    words.push_back(tmp("in.bin"));
    words.push_back(tmp(name));
    run_result r = run(words);
    EXPECT_EQ(r.rc, 0) << r.err;
    return read_bytes(tmp(name));
}

TEST(image_tool, header_bytes_and_sha_tlv_follow_the_format) {
    bytes img = sign_body({});
    const bytes expected_header = {0x3d, 0xb8, 0xf3, 0x96,  0, 0, 0, 0,  0x00, 0x02,  0, 0,
                                   100, 0, 0, 0,  0, 0, 0, 0,  1, 2, 3, 0,  4, 0, 0, 0,  0, 0, 0, 0};
    ASSERT_GE(img.size(), 0x200u + 100 + 40);
    EXPECT_EQ(bytes(img.begin(), img.begin() + 32), expected_header);
    EXPECT_EQ(img[32], 0xff) << "--pad-header fills with the erased value";
    EXPECT_EQ(img[0x1ff], 0xff);
    EXPECT_EQ(bytes(img.begin() + 0x200, img.begin() + 0x200 + 100), body(100));
    size_t tlv = 0x200 + 100;
    EXPECT_EQ(le16(img, tlv), 0x6907);
    EXPECT_EQ(le16(img, tlv + 2), 4 + 4 + 32);
    EXPECT_EQ(le16(img, tlv + 4), 0x10);
    EXPECT_EQ(le16(img, tlv + 6), 32);
    EXPECT_EQ(bytes(img.begin() + tlv + 8, img.begin() + tlv + 40), sha256(img, tlv));
    EXPECT_EQ(img.size(), tlv + 40) << "no padding without --pad";
}

TEST(image_tool, dependencies_go_to_the_protected_area_covered_by_the_hash) {
    bytes img = sign_body({"--dependencies", "(1, 2.3.4+5)"});
    EXPECT_EQ(le16(img, 10), 20) << "ih_protect_tlv_size: info 4 + TLV header 4 + 12";
    size_t prot = 0x200 + 100;
    const bytes expected = {0x08, 0x69, 20, 0,  0x40, 0, 12, 0,  1, 0, 0, 0,  2, 3, 4, 0, 5, 0, 0, 0};
    EXPECT_EQ(bytes(img.begin() + prot, img.begin() + prot + 20), expected);
    size_t tlv = prot + 20;
    EXPECT_EQ(le16(img, tlv), 0x6907);
    EXPECT_EQ(bytes(img.begin() + tlv + 8, img.begin() + tlv + 40), sha256(img, tlv));
}

TEST(image_tool, ecdsa_signature_tlvs_come_in_imgtool_order_and_verify_with_openssl) {
    std::string key_path = ec_key("ec");
    bytes img = sign_body({"--key", key_path});
    size_t tlv = 0x200 + 100;
    bytes digest = sha256(img, tlv);
    size_t p = tlv + 4;
    EXPECT_EQ(le16(img, p), 0x10);
    p += 4 + 32;
    EXPECT_EQ(le16(img, p), 0x01) << "KEYHASH follows the hash";
    FILE* f = std::fopen(key_path.c_str(), "r");
    EVP_PKEY* pkey = PEM_read_PrivateKey(f, nullptr, nullptr, nullptr);
    std::fclose(f);
    unsigned char* der = nullptr;
    int der_len = i2d_PUBKEY(pkey, &der);
    bytes spki(der, der + der_len);
    OPENSSL_free(der);
    EXPECT_EQ(bytes(img.begin() + p + 4, img.begin() + p + 36), sha256(spki, spki.size()));
    p += 4 + 32;
    EXPECT_EQ(le16(img, p), 0x22) << "ECDSA_SIG last";
    uint16_t sig_len = le16(img, p + 2);
    EXPECT_EQ(p + 4 + sig_len, img.size());
    EXPECT_EQ(le16(img, tlv + 2), img.size() - tlv);

    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new(pkey, nullptr);
    ASSERT_EQ(EVP_PKEY_verify_init(ctx), 1);
    EXPECT_EQ(EVP_PKEY_verify(ctx, img.data() + p + 4, sig_len, digest.data(), 32), 1);
    EVP_PKEY_CTX_free(ctx);
    EVP_PKEY_free(pkey);
}

TEST(image_tool, pad_puts_the_magic_at_the_end_of_the_slot) {
    const bytes magic = {0x77, 0xc2, 0x95, 0xf3, 0x60, 0xd2, 0xef, 0x7f,
                         0x35, 0x52, 0x50, 0x0f, 0x2c, 0xb6, 0x79, 0x80};
    bytes padded = sign_body({"--pad"});
    ASSERT_EQ(padded.size(), 0x10000u);
    EXPECT_EQ(bytes(padded.end() - 16, padded.end()), magic);
    EXPECT_EQ(padded[0x10000 - 24], 0xff) << "--pad alone leaves image_ok erased (test)";
    EXPECT_EQ(padded[0x10000 - 40], 0xff) << "swap_info stays erased";

    bytes confirmed = sign_body({"--confirm", "--align", "4"});
    EXPECT_EQ(bytes(confirmed.end() - 16, confirmed.end()), magic);
    EXPECT_EQ(confirmed[0x10000 - 24], 0x01) << "image_ok at -(align16 + max_align)";

    bytes overwrite = sign_body({"--confirm", "--overwrite-only"});
    EXPECT_EQ(overwrite[0x10000 - 24], 0xff) << "--overwrite-only never sets image_ok";

    bytes wide = sign_body({"--confirm", "--max-align", "32", "--align", "32"});
    const bytes wide_magic = {32, 0, 0x2d, 0xe1, 0x5d, 0x29, 0x41, 0x0b,
                              0x8d, 0x77, 0x67, 0x9c, 0x11, 0x0f, 0x1f, 0x8a};
    EXPECT_EQ(bytes(wide.end() - 16, wide.end()), wide_magic);
    EXPECT_EQ(wide[0x10000 - 64], 0x01);
}

TEST(image_tool, image_and_trailer_must_fit_the_slot) {
    write_bytes(tmp("in.bin"), body(100));
    // 0x200 + 100 + 40 bytes of image; swap trailer 128*3*1 + 32 + 16 = 432.
    std::vector<std::string> base = {"sign", "-H", "0x200", "--pad-header", "-S"};
    auto attempt = [&](uint32_t slot, bool overwrite_only) {
        std::vector<std::string> w = base;
        w.push_back(std::to_string(slot));
        if (overwrite_only) w.push_back("--overwrite-only");
        w.push_back(tmp("in.bin"));
        w.push_back(tmp("fit.bin"));
        return run(w);
    };
    EXPECT_EQ(attempt(0x200 + 140 + 432, false).rc, 0);
    run_result r = attempt(0x200 + 140 + 431, false);
    EXPECT_EQ(r.rc, 2);
    EXPECT_NE(r.err.find("exceed the slot size"), std::string::npos) << r.err;
    EXPECT_EQ(attempt(0x200 + 140 + 32, true).rc, 0) << "overwrite-only trailer is 2*8 + 16";
}

TEST(image_tool, input_without_room_for_the_header_needs_pad_header) {
    write_bytes(tmp("nz.bin"), body(600));
    run_result r = run({"sign", "-H", "0x200", "-S", "0x10000", tmp("nz.bin"), tmp("x.bin")});
    EXPECT_EQ(r.rc, 2);
    EXPECT_NE(r.err.find("--pad-header"), std::string::npos) << r.err;
    bytes zeros(0x200, 0);
    bytes with_room = zeros;
    with_room.insert(with_room.end(), 50, 0xab);
    write_bytes(tmp("z.bin"), with_room);
    ASSERT_EQ(run({"sign", "-H", "0x200", "-S", "0x10000", tmp("z.bin"), tmp("z_out.bin")}).rc, 0);
    EXPECT_EQ(read_bytes(tmp("z_out.bin"))[12], 50) << "img_size excludes the header";
}

TEST(image_tool, verify_accepts_each_key_type_and_rejects_others_and_tampering) {
    struct kind {
        std::string name;
        std::string path;
        const char* tlv;
    };
    std::vector<kind> kinds = {{"ec", ec_key("v_ec"), "ECDSA_SIG"},
                               {"rsa2048", make_key("v_rsa2048", "RSA", nullptr, 2048), "RSA2048_PSS"},
                               {"rsa3072", make_key("v_rsa3072", "RSA", nullptr, 3072), "RSA3072_PSS"},
                               {"ed25519", make_key("v_ed", "ED25519"), "ED25519"}};
    std::string stranger = ec_key("stranger");
    for (const kind& k : kinds) {
        SCOPED_TRACE(k.name);
        std::string file = k.name + ".bin";
        bytes img = sign_body({"--key", k.path}, file);
        run_result ok = run({"verify", "--key", k.path, tmp(file)});
        EXPECT_EQ(ok.rc, 0) << ok.out << ok.err;
        EXPECT_NE(ok.out.find(std::string("signature: ") + k.tlv + " good"), std::string::npos) << ok.out;

        run_result other = run({"verify", "--key", stranger, tmp(file)});
        EXPECT_EQ(other.rc, 1) << other.out;

        img[0x200 + 10] ^= 1;
        write_bytes(tmp("bad_" + file), img);
        run_result tampered = run({"verify", "--key", k.path, tmp("bad_" + file)});
        EXPECT_EQ(tampered.rc, 1);
        EXPECT_NE(tampered.out.find("hash: BAD"), std::string::npos) << tampered.out;
    }
}

TEST(image_tool, verify_with_a_public_key_file) {
    std::string priv = ec_key("pub_src");
    FILE* f = std::fopen(priv.c_str(), "r");
    EVP_PKEY* pkey = PEM_read_PrivateKey(f, nullptr, nullptr, nullptr);
    std::fclose(f);
    std::string pub = write_key("pub_only", pkey, true);
    EVP_PKEY_free(pkey);
    sign_body({"--key", priv}, "pub.bin");
    EXPECT_EQ(run({"verify", "--key", pub, tmp("pub.bin")}).rc, 0);
    run_result cannot_sign = run({"sign", "-H", "0x200", "--pad-header", "-S", "0x10000", "--key", pub,
                                  tmp("in.bin"), tmp("never.bin")});
    EXPECT_EQ(cannot_sign.rc, 2);
}

TEST(image_tool, info_shows_header_tlvs_trailer_and_verdicts) {
    std::string key_path = ec_key("info");
    sign_body({"--key", key_path, "--confirm", "-d", "(1,1.0.0)"}, "info.bin");
    run_result r = run({"info", "--key", key_path, tmp("info.bin")});
    EXPECT_EQ(r.rc, 0) << r.err;
    for (const char* s : {"version: 1.2.3+4", "hdr_size 0x200", "DEPENDENCY", ": image 1 >= 1.0.0+0",
                          "SHA256", "KEYHASH", "ECDSA_SIG", "trailer: magic good (max_align 8), image_ok set",
                          "hash: good", "signature: ECDSA_SIG good"})
        EXPECT_NE(r.out.find(s), std::string::npos) << s << "\n" << r.out;
    run_result no_key = run({"info", tmp("info.bin")});
    EXPECT_EQ(no_key.rc, 0);
    EXPECT_NE(no_key.out.find("not checked (no --key)"), std::string::npos) << no_key.out;
}

TEST(image_tool, malformed_files_give_a_message_and_exit_2) {
    bytes img = sign_body({}, "good.bin");
    auto info_of = [&](const bytes& data) {
        write_bytes(tmp("bad.bin"), data);
        return run({"info", tmp("bad.bin")});
    };
    struct bad_case {
        const char* what;
        bytes data;
        const char* message;
    };
    bytes wrong_magic = img;
    wrong_magic[0] = 0;
    bytes tlv_past_end = img;
    tlv_past_end[0x200 + 100 + 6] = 33;
    bytes area_past_end = img;
    area_past_end[0x200 + 100 + 2] = 0xff;
    bytes bad_area_magic = img;
    bad_area_magic[0x200 + 100] = 0;
    std::vector<bad_case> cases = {
        {"empty", {}, "truncated"},
        {"header only", bytes(img.begin(), img.begin() + 20), "truncated"},
        {"body cut", bytes(img.begin(), img.begin() + 0x200 + 50), "truncated"},
        {"no TLVs", bytes(img.begin(), img.begin() + 0x200 + 100), "truncated"},
        {"wrong magic", wrong_magic, "bad magic"},
        {"TLV past end", tlv_past_end, "runs past the end of its area"},
        {"area past end", area_past_end, "runs past the end of the file"},
        {"area magic", bad_area_magic, "bad magic 0x6900"},
    };
    for (const bad_case& c : cases) {
        run_result r = info_of(c.data);
        EXPECT_EQ(r.rc, 2) << c.what;
        EXPECT_NE(r.err.find(c.message), std::string::npos) << c.what << ": " << r.err;
    }
    EXPECT_EQ(run({"info", tmp("does-not-exist.bin")}).rc, 2);
    EXPECT_EQ(run({"sign", "--bogus"}).rc, 2);
    EXPECT_EQ(run({"frobnicate"}).rc, 2);
    EXPECT_EQ(run({"sign", "-H", "0x200", "-S", "0x10000", "--version", "1.x", tmp("in.bin"), tmp("o")}).rc, 2);
}

}  // namespace
