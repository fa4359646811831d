#include "sim/smp/error_names.h"
#include "sim/smp/packet.h"
#include "sim/smp/protocol_error.h"

#include "frames_by_hand.h"

#include <gtest/gtest.h>

using namespace sim::smp;
using smp_test::bytes;

TEST(smp_packet, encode_the_header_big_endian_with_the_version_bits) {
    header head;
    head.op = operation::write;
    head.group = 0x0102;
    head.sequence = 7;
    head.command = 1;
    const nlohmann::json body = {{"d", "hi"}};
    const std::string cbor = bytes({0xA1, 0x61, 0x64, 0x62, 0x68, 0x69});
    EXPECT_EQ(encode_packet(head, body), bytes({0x02, 0, 0, 6, 0x01, 0x02, 7, 1}) + cbor);
    head.version = smp_version::v2;  // Ver = 1 in bits 3-4
    EXPECT_EQ(encode_packet(head, body), bytes({0x0A, 0, 0, 6, 0x01, 0x02, 7, 1}) + cbor);
}

TEST(smp_packet, decode_a_v2_response_with_zcbor_indefinite_length_maps) {
    // {"err": {"group": 1, "rc": 9}} as Zephyr's zcbor writes it (0xBF ... 0xFF).
    const std::string body = bytes({0xBF, 0x63, 'e', 'r', 'r', 0xBF, 0x65, 'g', 'r', 'o', 'u', 'p', 0x01,
                                    0x62, 'r', 'c', 0x09, 0xFF, 0xFF});
    const packet received = decode_packet(bytes({0x0B, 0, 0, 19, 0, 1, 42, 1}) + body);
    EXPECT_EQ(received.header.op, operation::write_response);
    EXPECT_EQ(received.header.version, smp_version::v2);
    EXPECT_EQ(received.header.group, 1);
    EXPECT_EQ(received.header.sequence, 42);
    EXPECT_EQ(received.header.command, 1);
    EXPECT_EQ(device_error(received.body),
              "IMG_MGMT_ERR_NO_FREE_SLOT (9): no free slot to place the image");
}

TEST(smp_packet, decode_v1_and_v2_errors_to_readable_text) {
    // SMP version 1: {"rc": N} with MGMT_ERR_* values.
    const packet v1 = decode_packet(bytes({0x03, 0, 0, 5, 0, 1, 3, 0, 0xA1, 0x62, 'r', 'c', 0x06}));
    EXPECT_EQ(device_error(v1.body), "MGMT_ERR_EBADSTATE (6): current state disallows command");
    EXPECT_EQ(device_error({{"rc", 8}}), "MGMT_ERR_ENOTSUP (8): command not supported");
    EXPECT_EQ(device_error({{"rc", 99}}), "unknown MGMT_ERR 99");
    // SMP version 2: the group's own codes.
    EXPECT_EQ(device_error({{"err", {{"group", 1}, {"rc", 23}}}}),
              "IMG_MGMT_ERR_INVALID_IMAGE_HEADER_MAGIC (23): image header magic does not match "
              "(not an MCUboot image?)");
    EXPECT_EQ(device_error({{"err", {{"group", 0}, {"rc", 2}}}}),
              "OS_MGMT_ERR_INVALID_FORMAT (2): invalid format value");
    EXPECT_EQ(device_error({{"err", {{"group", 9}, {"rc", 3}}}}), "group 9 error 3");
    // Zephyr's verbose errors add a reason.
    EXPECT_EQ(device_error({{"rc", 3}, {"rsn", "Magic mismatch"}}),
              "MGMT_ERR_EINVAL (3): error in input value (device says: Magic mismatch)");
    // Success, in either version.
    EXPECT_EQ(device_error({{"off", 96}}), std::nullopt);
    EXPECT_EQ(device_error({{"rc", 0}}), std::nullopt);
    EXPECT_EQ(device_error({{"err", {{"group", 1}, {"rc", 0}}}}), std::nullopt);
    EXPECT_THROW(device_error({{"rc", "six"}}), protocol_error);
    EXPECT_THROW(device_error({{"err", 6}}), protocol_error);
}

TEST(smp_packet, refuse_malformed_packets_naming_the_bytes) {
    auto message = [](const std::string& packet) {
        try {
            decode_packet(packet);
        } catch (const protocol_error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_EQ(message(bytes({0x03, 0, 0, 5})),
              "refused an SMP packet: shorter than the 8-byte header; packet: \"\\x03\\x00\\x00\\x05\" (4 bytes)");
    EXPECT_NE(message(bytes({0x03, 0, 0, 9, 0, 1, 3, 0, 0xA0})).find("its header says 9 body bytes, 1 follow"),
              std::string::npos);
    EXPECT_NE(message(bytes({0x03, 0, 0, 2, 0, 1, 3, 0, 0xA1, 0x62})).find("its body is not CBOR"),
              std::string::npos);
    EXPECT_NE(message(bytes({0x03, 0, 0, 1, 0, 1, 3, 0, 0x80})).find("not a CBOR map"), std::string::npos);
    EXPECT_NE(message(bytes({0x23, 0, 0, 1, 0, 1, 3, 0, 0xA0})).find("reserved header bits"), std::string::npos);
    EXPECT_NE(message(bytes({0x05, 0, 0, 1, 0, 1, 3, 0, 0xA0})).find("operation 5"), std::string::npos);
}
