#include "sim/smp/image_group.h"
#include "sim/smp/image_upload.h"
#include "sim/smp/os_group.h"
#include "sim/smp/session.h"

#include "frames_by_hand.h"

#include <gtest/gtest.h>

using namespace sim::smp;
using smp_test::be16;
using smp_test::bytes;
using smp_test::first_frame;

namespace {

// One frame holding a response packet; crc16 is given by the test (Python's binascii.crc_hqx).
std::string framed(const std::string& packet, unsigned crc16) {
    return first_frame(be16(static_cast<unsigned>(packet.size()) + 2) + packet + be16(crc16));
}

// A v1 echo response {"r": "hi"} with this sequence number, and its frame.
std::string echo_hi_response(std::uint8_t sequence) {
    return bytes({0x03, 0, 0, 6, 0, 0, sequence, 0, 0xA1, 0x61, 0x72, 0x62, 0x68, 0x69});
}

}  // namespace

TEST(smp_session, number_requests_in_sequence_and_wrap_at_256) {
    session client(smp_version::v1, 254);
    const std::string first = client.send(os_echo("hi"));
    EXPECT_EQ(first, "\x06\x09" "ABACAAAGAAD+AKFhZGJoadqL" "\n");  // seq 0xFE in byte 6
    EXPECT_EQ(client.awaited()->describe(), "echo (seq 254)");
    client.send(os_echo("hi"));
    EXPECT_EQ(client.awaited()->sequence, 255);
    client.send(os_echo("hi"));
    EXPECT_EQ(client.awaited()->sequence, 0);
}

TEST(smp_session, match_the_response_by_sequence_and_pass_console_text) {
    session client;
    client.send(os_echo("hi"));
    const session_input input = client.receive("log line\n" + framed(echo_hi_response(0), 0x4E48) + "uart:~$ ");
    EXPECT_EQ(input.console, "log line\nuart:~$ ");
    ASSERT_EQ(input.responses.size(), 1u);
    EXPECT_EQ(echo_reply(input.responses[0]), "hi");
    EXPECT_FALSE(input.responses[0].error);
    EXPECT_TRUE(input.problems.empty());
    EXPECT_FALSE(client.awaited());
}

TEST(smp_session, flag_and_ignore_a_response_with_another_sequence) {
    session client(smp_version::v1, 7);
    client.send(os_echo("hi"));
    // A late answer with seq 5 (CRC 0x06F6) does not count; the one with seq 7 (CRC 0x8950) does.
    session_input input = client.receive(framed(echo_hi_response(5), 0x06F6));
    EXPECT_TRUE(input.responses.empty());
    ASSERT_EQ(input.problems.size(), 1u);
    EXPECT_EQ(input.problems[0], "ignored a response (write response seq 5, group 0 command 0) while waiting "
                                 "for echo (seq 7), a write response of group 0 command 0");
    ASSERT_TRUE(client.awaited());
    input = client.receive(framed(echo_hi_response(7), 0x8950));
    ASSERT_EQ(input.responses.size(), 1u);
    EXPECT_TRUE(input.problems.empty()) << input.problems[0];

    // Once answered, a repeat is flagged too.
    input = client.receive(framed(echo_hi_response(7), 0x8950));
    ASSERT_EQ(input.problems.size(), 1u);
    EXPECT_NE(input.problems[0].find("no request is awaited"), std::string::npos) << input.problems[0];
}

TEST(smp_session, report_v1_and_v2_device_errors_readably) {
    session v1(smp_version::v1, 3);
    v1.send(image_erase());
    // {"rc": 6}, group 1 command 5, seq 3
    session_input input = v1.receive(framed(bytes({0x03, 0, 0, 5, 0, 1, 3, 5, 0xA1, 0x62, 'r', 'c', 0x06}), 0x6DDD));
    ASSERT_EQ(input.responses.size(), 1u) << (input.problems.empty() ? "" : input.problems[0]);
    EXPECT_EQ(input.responses[0].error, "MGMT_ERR_EBADSTATE (6): current state disallows command");

    session v2(smp_version::v2, 9);
    // Stream 00 10 0A ...: the header's first byte 0x0A is Ver 1, write.
    EXPECT_EQ(v2.send(os_echo("hi")).substr(0, 6), "\x06\x09" "ABAK");
    v2.send(image_upload(std::string(100, 'x'), 0, "", 256).next_request());
    // {"err": {"group": 1, "rc": 9}} (zcbor's indefinite maps), group 1 command 1, seq 10
    const std::string body = bytes({0xBF, 0x63, 'e', 'r', 'r', 0xBF, 0x65, 'g', 'r', 'o', 'u', 'p', 0x01,
                                    0x62, 'r', 'c', 0x09, 0xFF, 0xFF});
    input = v2.receive(framed(bytes({0x0B, 0, 0, 19, 0, 1, 10, 1}) + body, 0xC89A));
    ASSERT_EQ(input.responses.size(), 1u) << (input.problems.empty() ? "" : input.problems[0]);
    EXPECT_EQ(input.responses[0].error, "IMG_MGMT_ERR_NO_FREE_SLOT (9): no free slot to place the image");
}

TEST(smp_session, say_what_it_waits_for_when_time_runs_out) {
    session client(smp_version::v1, 7);
    client.send(image_upload(std::string(1000, 'x'), 0, "", 256).next_request());
    EXPECT_EQ(client.timeout_message(2'000'000'000'000), "no response to image upload (seq 7) within 2s");
    client.receive("\x06\x09" "ABAD");
    EXPECT_EQ(client.timeout_message(500'000'000'000),
              "no response to image upload (seq 7) within 500ms; received a frame without its newline: "
              "\"\\x06\\x09ABAD\" (6 bytes)");
}
