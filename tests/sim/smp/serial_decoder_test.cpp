#include "sim/smp/serial_decoder.h"

#include "frames_by_hand.h"

#include <gtest/gtest.h>

using namespace sim::smp;
using smp_test::be16;
using smp_test::bytes;
using smp_test::continuation_frame;
using smp_test::first_frame;

namespace {

// A v1 echo response {"r": 100 x 'b'}: 113 bytes, CRC 0xDE0B (Python's binascii.crc_hqx).
const std::string echo_response = bytes({0x03, 0, 0, 105, 0, 0, 0, 0, 0xA1, 0x61, 0x72, 0x78, 100}) +
                                   std::string(100, 'b');
const std::string echo_stream = be16(115) + echo_response + be16(0xDE0B);

bool mentions(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

TEST(smp_serial_decoder, reassemble_frames_and_pass_console_lines_through_in_order) {
    const std::string console_before = "uart:~$ mcumgr\r\n*** Booting nRF Connect SDK ***\n";
    const std::string console_between = "[00:00:01.000,000] <inf> app: tick\n";
    const std::string console_after = "\x06not a frame\n\x04 nor this\nprompt> ";
    const std::string received = console_before + first_frame(echo_stream.substr(0, 93)) +
                                 console_between + continuation_frame(echo_stream.substr(93)) +
                                 console_after;

    serial_decoder all_at_once;
    const serial_input whole = all_at_once.feed(received);
    EXPECT_EQ(whole.console, console_before + console_between + console_after);
    ASSERT_EQ(whole.packets.size(), 1u);
    EXPECT_EQ(whole.packets[0], echo_response);
    EXPECT_TRUE(whole.problems.empty()) << whole.problems[0];
    EXPECT_EQ(all_at_once.pending(), "");

    // Byte by byte gives the same, and console text is not held back.
    serial_decoder one_by_one;
    serial_input pieces;
    for (const char byte : received) {
        serial_input part = one_by_one.feed(std::string_view(&byte, 1));
        pieces.console += part.console;
        pieces.packets.insert(pieces.packets.end(), part.packets.begin(), part.packets.end());
        pieces.problems.insert(pieces.problems.end(), part.problems.begin(), part.problems.end());
    }
    EXPECT_EQ(pieces.console, whole.console);
    EXPECT_EQ(pieces.packets, whole.packets);
    EXPECT_TRUE(pieces.problems.empty());
}

TEST(smp_serial_decoder, accept_a_crlf_line_ending_after_a_frame) {
    std::string frame = first_frame(echo_stream.substr(0, 93));
    frame.insert(frame.size() - 1, "\r");
    serial_decoder decoder;
    const serial_input input = decoder.feed(frame + continuation_frame(echo_stream.substr(93)));
    ASSERT_EQ(input.packets.size(), 1u);
    EXPECT_TRUE(input.problems.empty());
}

TEST(smp_serial_decoder, refuse_a_bad_crc_naming_both_values_and_the_packet) {
    const std::string stream = echo_stream.substr(0, echo_stream.size() - 2) + be16(0xDE0C);
    serial_decoder decoder;
    const serial_input input = decoder.feed(first_frame(stream.substr(0, 93)) + continuation_frame(stream.substr(93)));
    EXPECT_TRUE(input.packets.empty());
    ASSERT_EQ(input.problems.size(), 1u);
    const std::string& problem = input.problems[0];
    EXPECT_TRUE(mentions(problem, "bad CRC")) << problem;
    EXPECT_TRUE(mentions(problem, "0xDE0C") && mentions(problem, "0xDE0B")) << problem;
    EXPECT_TRUE(mentions(problem, "\"\\x03\\x00\\x00i")) << problem;  // the packet's first bytes
    EXPECT_TRUE(mentions(problem, "(113 bytes)")) << problem;
}

TEST(smp_serial_decoder, report_a_packet_cut_short_and_still_read_the_next) {
    const std::string echo_hi = bytes({0x03, 0, 0, 6, 0, 0, 0, 0, 0xA1, 0x61, 0x72, 0x62, 0x68, 0x69});
    const std::string short_stream = be16(16) + echo_hi + be16(0x4E48);
    serial_decoder decoder;
    serial_input input = decoder.feed(first_frame(echo_stream.substr(0, 93)));
    EXPECT_EQ(decoder.pending(), "a packet with 91 of 115 bytes in 1 frame(s)");
    input = decoder.feed(first_frame(short_stream));
    ASSERT_EQ(input.problems.size(), 1u);
    EXPECT_EQ(input.problems[0], "packet truncated: 91 of 115 bytes in 1 frame(s), then a new packet started");
    ASSERT_EQ(input.packets.size(), 1u) << "CRC 0x4E48 is Python's binascii.crc_hqx of the packet";
    EXPECT_EQ(input.packets[0], echo_hi);
}

TEST(smp_serial_decoder, say_what_is_half_received) {
    serial_decoder decoder;
    decoder.feed("\x06\x09" "ABAC");
    EXPECT_EQ(decoder.pending(), "a frame without its newline: \"\\x06\\x09ABAC\" (6 bytes)");
}

TEST(smp_serial_decoder, refuse_bad_base64_showing_the_frame) {
    serial_decoder decoder;
    const serial_input input = decoder.feed("\x06\x09" "AB$D\n" "console line\n");
    ASSERT_EQ(input.problems.size(), 1u);
    EXPECT_EQ(input.problems[0], "refused a frame that is not base64: \"\\x06\\x09AB$D\" (6 bytes)");
    EXPECT_EQ(input.console, "console line\n");
}

TEST(smp_serial_decoder, refuse_an_oversized_length_field) {
    serial_decoder decoder(4096);
    const serial_input input = decoder.feed(first_frame(be16(0x2000) + std::string(30, 'x')));
    ASSERT_EQ(input.problems.size(), 1u);
    EXPECT_TRUE(mentions(input.problems[0], "length field says 8192 bytes")) << input.problems[0];
    EXPECT_TRUE(mentions(input.problems[0], "at most 4098")) << input.problems[0];
    EXPECT_EQ(decoder.pending(), "");  // nothing waits for the 8 KiB
}

TEST(smp_serial_decoder, refuse_more_bytes_than_the_length_field_says) {
    serial_decoder decoder;
    const serial_input input = decoder.feed(first_frame(be16(4) + bytes({1, 2, 3, 4, 5, 6})));
    ASSERT_EQ(input.problems.size(), 1u);
    EXPECT_TRUE(mentions(input.problems[0], "packet of 6 bytes whose length field says 4")) << input.problems[0];
}

TEST(smp_serial_decoder, refuse_a_continuation_without_a_first_frame) {
    serial_decoder decoder;
    const serial_input input = decoder.feed(continuation_frame(echo_stream.substr(93)));
    ASSERT_EQ(input.problems.size(), 1u);
    EXPECT_TRUE(mentions(input.problems[0], "continuation frame without a first frame: \"\\x04\\x14"))
        << input.problems[0];
}

TEST(smp_serial_decoder, refuse_a_frame_over_127_bytes_with_a_bounded_message) {
    serial_decoder decoder;
    const serial_input input = decoder.feed("\x06\x09" + std::string(200, 'A') + "\nafter\n");
    ASSERT_EQ(input.problems.size(), 1u);
    EXPECT_TRUE(mentions(input.problems[0], "longer than 127 bytes")) << input.problems[0];
    EXPECT_LT(input.problems[0].size(), 160u) << input.problems[0];
    EXPECT_EQ(input.console, "after\n");  // the rest of the long frame is not console text
}
