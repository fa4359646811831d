#include "sim/smp/base64.h"
#include "sim/smp/crc16.h"
#include "sim/smp/serial_frames.h"

#include "frames_by_hand.h"

#include <gtest/gtest.h>

using namespace sim::smp;
using smp_test::be16;
using smp_test::bytes;

TEST(smp_crc16, is_crc16_xmodem_poly_0x1021_init_0) {
    EXPECT_EQ(crc16_xmodem("123456789"), 0x31C3);  // the catalogue's check value of CRC-16/XMODEM
    EXPECT_EQ(crc16_xmodem(""), 0x0000);
    // The echo request below, checked with another implementation (Python's binascii.crc_hqx(data, 0)).
    EXPECT_EQ(crc16_xmodem(bytes({0x02, 0, 0, 6, 0, 0, 0, 0, 0xA1, 0x61, 0x64, 0x62, 0x68, 0x69})), 0x0917);
}

TEST(smp_base64, round_trips_the_rfc_4648_vectors) {
    const std::pair<const char*, const char*> vectors[] = {
        {"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"}, {"foob", "Zm9vYg=="},
        {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
    for (const auto& [plain, encoded] : vectors) {
        EXPECT_EQ(base64_encode(plain), encoded);
        EXPECT_EQ(base64_decode(encoded), std::string(plain));
    }
}

TEST(smp_base64, refuses_what_is_not_canonical_base64) {
    for (const char* bad : {"Zg=", "Zm9v$A==", "Z===", "Zg==Zm8=", "Zh==", "Zm9=", "Zm 9v"})
        EXPECT_FALSE(base64_decode(bad)) << bad;
}

// SMP v1 echo "hi", sequence 0: header 02 00 | 00 06 | 00 00 | 00 | 00, body
// {"d": "hi"} = A1 61 64 62 68 69; the stream puts the length (14 + 2 = 0x0010)
// before and the CRC (0x0917) after; base64 of those 18 bytes:
// 00 10 02 00 00 06 00 00 00 00 A1 61 64 62 68 69 09 17 -> "ABACAAAGAAAAAKFhZGJoaQkX".
TEST(smp_serial_frames, encode_a_one_frame_echo_request_byte_for_byte) {
    const std::string packet = bytes({0x02, 0, 0, 6, 0, 0, 0, 0, 0xA1, 0x61, 0x64, 0x62, 0x68, 0x69});
    EXPECT_EQ(encode_frames(packet), "\x06\x09" "ABACAAAGAAAAAKFhZGJoaQkX" "\n");
}

// Echo of 100 'a': a packet of 113 bytes, a stream of 117: the first frame
// carries 93 stream bytes as 124 base64 characters (127 bytes in all), the
// continuation the other 24, CRC included.
TEST(smp_serial_frames, split_a_long_packet_at_93_stream_bytes_into_a_continuation_frame) {
    const std::string packet = bytes({0x02, 0, 0, 105, 0, 0, 0, 0, 0xA1, 0x61, 0x64, 0x78, 100}) +
                               std::string(100, 'a');
    const std::string stream = be16(115) + packet + be16(0xA9A1);
    const std::string expected = smp_test::first_frame(stream.substr(0, 93)) +
                                 smp_test::continuation_frame(stream.substr(93));
    const std::string frames = encode_frames(packet);
    EXPECT_EQ(frames, expected);
    EXPECT_EQ(frames.find('\n'), 126u);  // the first frame is exactly 127 bytes
    EXPECT_EQ(frames.substr(127, 2), "\x04\x14");
}

TEST(smp_serial_frames, never_split_the_crc_across_frames) {
    // 183 + 4 = 187 stream bytes = 93 + 93 + 1: the last frame would hold
    // only the CRC's low byte, so the middle frame hands it 3 bytes.
    EXPECT_EQ(frame_shares(183), (std::vector<std::size_t>{93, 90, 4}));
    // Exactly full frames, and a CRC alone in the last frame, are fine.
    EXPECT_EQ(frame_shares(182), (std::vector<std::size_t>{93, 93}));
    EXPECT_EQ(frame_shares(184), (std::vector<std::size_t>{93, 93, 2}));
    const std::string frames = encode_frames(std::string(183, 'x'));
    EXPECT_EQ(frames.size(), framed_size(183));
    for (std::size_t start = 0, end; start < frames.size(); start = end + 1) {
        end = frames.find('\n', start);
        EXPECT_LE(end - start + 1, max_frame_size);
    }
}

TEST(smp_serial_frames, count_wire_bytes_of_an_mtu_sized_packet) {
    // docs/smp.md: a 256-byte packet is 260 stream bytes, 348 base64
    // characters in frames of 124 + 124 + 100, plus 3 x 3 marker and newline bytes.
    EXPECT_EQ(frame_shares(256), (std::vector<std::size_t>{93, 93, 74}));
    EXPECT_EQ(framed_size(256), 357u);
    EXPECT_EQ(encode_frames(std::string(256, '\0')).size(), 357u);
}

TEST(smp_serial_frames, refuse_a_packet_beyond_the_length_field) {
    EXPECT_NO_THROW(encode_frames(std::string(max_serial_packet_size, 'x')));
    try {
        encode_frames(std::string(max_serial_packet_size + 1, 'x'));
        FAIL() << "no error";
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("65534 bytes"), std::string::npos) << e.what();
    }
}
