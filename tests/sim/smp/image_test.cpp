#include "sim/smp/image_group.h"
#include "sim/smp/image_upload.h"
#include "sim/smp/os_group.h"
#include "sim/smp/protocol_error.h"

#include <gtest/gtest.h>

using namespace sim::smp;
using json = nlohmann::json;

namespace {

json binary(const std::string& bytes) { return json::binary(std::vector<std::uint8_t>(bytes.begin(), bytes.end())); }

response reply(json body) { return {header{}, std::move(body), std::nullopt}; }

std::size_t packet_size(const request& r) { return 8 + json::to_cbor(r.body).size(); }

}  // namespace

TEST(smp_image, parse_the_image_list_into_slots_with_their_flags) {
    const std::string hash0(32, '\x11'), hash1(32, '\x22');
    // As Zephyr answers after "image test": flags that are false are left out.
    const json body = {{"images",
                        {{{"image", 0}, {"slot", 0}, {"version", "1.0.0"}, {"hash", binary(hash0)},
                          {"bootable", true}, {"confirmed", true}, {"active", true}},
                         {{"image", 0}, {"slot", 1}, {"version", "2.0.0+3"}, {"hash", binary(hash1)},
                          {"bootable", true}, {"pending", true}}}},
                       {"splitStatus", 0}};
    const std::vector<image_slot> slots = parse_image_state(reply(body));
    ASSERT_EQ(slots.size(), 2u);
    EXPECT_EQ(slots[0].slot, 0u);
    EXPECT_EQ(slots[0].version, "1.0.0");
    EXPECT_EQ(slots[0].hash, hash0);
    EXPECT_TRUE(slots[0].active && slots[0].confirmed && slots[0].bootable);
    EXPECT_FALSE(slots[0].pending || slots[0].permanent);
    EXPECT_EQ(slots[1].slot, 1u);
    EXPECT_TRUE(slots[1].pending);
    EXPECT_FALSE(slots[1].active || slots[1].confirmed);
    EXPECT_EQ(to_string(slots[1]), "image 0 slot 1: 2.0.0+3 " + std::string(64, '2') + " bootable pending");
}

TEST(smp_image, refuse_an_image_list_entry_without_a_hash_naming_it) {
    const json body = {{"images", {{{"slot", 1}, {"version", "2.0.0"}}}}};
    try {
        parse_image_state(reply(body));
        FAIL() << "no error";
    } catch (const protocol_error& e) {
        EXPECT_NE(std::string(e.what()).find("image state entry 0"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("no \"hash\""), std::string::npos) << e.what();
    }
    EXPECT_THROW(parse_image_state(reply({{"rc", 0}})), protocol_error);
}

TEST(smp_image, build_state_write_erase_echo_and_reset_requests) {
    const std::string hash(32, '\x5a');
    const request test = image_test(hash);
    EXPECT_EQ(test.op, operation::write);
    EXPECT_EQ(test.group, 1);
    EXPECT_EQ(test.command, 0);
    EXPECT_EQ(test.body, (json{{"hash", binary(hash)}, {"confirm", false}}));
    EXPECT_EQ(image_confirm(hash).body, (json{{"hash", binary(hash)}, {"confirm", true}}));
    EXPECT_EQ(image_confirm("").body, (json{{"confirm", true}}));  // the running image
    EXPECT_EQ(image_state_read().op, operation::read);
    EXPECT_EQ(image_erase(1).body, (json{{"slot", 1}}));
    EXPECT_EQ(image_erase().command, 5);
    EXPECT_EQ(os_echo("hi").body, (json{{"d", "hi"}}));
    EXPECT_EQ(echo_reply(reply({{"r", "hi"}})), "hi");
    EXPECT_EQ(os_reset().command, 5);
    EXPECT_EQ(os_reset().group, 0);
}

// docs/smp.md's figures for an MTU of 256: 8 header bytes, then the CBOR map.
TEST(smp_upload, fit_as_many_image_bytes_as_the_mtu_allows) {
    const json first_of_big_image = {{"image", 0}, {"len", 300000}, {"off", 0}, {"sha", binary(std::string(32, 's'))}};
    EXPECT_EQ(data_room(first_of_big_image, 256), 181u);
    EXPECT_EQ(data_room(json{{"off", 1000}}, 256), 233u);   // offset in 3 CBOR bytes
    EXPECT_EQ(data_room(json{{"off", 70000}}, 256), 231u);  // offset in 5 CBOR bytes
    EXPECT_EQ(data_room(json{{"off", 70000}}, 20), 0u);
}

TEST(smp_upload, send_len_and_sha_first_then_only_off_and_data_resuming_where_the_device_says) {
    std::string image(1000, '\0');
    for (std::size_t i = 0; i < image.size(); ++i) image[i] = static_cast<char>(i * 7);
    const std::string sha(32, '\x3c');
    image_upload upload(image, 1, sha, 256);

    // First chunk: image, len, off, sha, data, filling the 256 bytes.
    // 8 + map 1 + "data" 5 + head 2 + "image" 6+1 + "len" 4+3 + "off" 4+1 + "sha" 4+2+32 = 73: 183 data bytes.
    const request first = upload.next_request();
    EXPECT_EQ(first.group, 1);
    EXPECT_EQ(first.command, 1);
    EXPECT_EQ(first.body["image"], 1);
    EXPECT_EQ(first.body["len"], 1000);
    EXPECT_EQ(first.body["off"], 0);
    EXPECT_EQ(first.body["sha"], binary(sha));
    EXPECT_EQ(first.body["data"], binary(image.substr(0, 183)));
    EXPECT_EQ(packet_size(first), 256u);

    upload.on_response(reply({{"off", 183}}));
    const request second = upload.next_request();
    EXPECT_EQ(second.body.size(), 2u) << second.body.dump();  // off and data only
    EXPECT_EQ(second.body["off"], 183);
    EXPECT_EQ(second.body["data"], binary(image.substr(183, 234)));  // off 183 takes 2 CBOR bytes
    EXPECT_EQ(packet_size(second), 256u);

    // The device resumes further on (it had more from an earlier attempt).
    upload.on_response(reply({{"off", 900}}));
    const request resumed = upload.next_request();
    EXPECT_EQ(resumed.body["off"], 900);
    EXPECT_EQ(resumed.body["data"], binary(image.substr(900)));  // the last 100 bytes

    // Or starts over: the first chunk again, with len and sha.
    upload.on_response(reply({{"off", 0}}));
    EXPECT_TRUE(upload.next_request().body.contains("sha"));

    upload.on_response(reply({{"off", 1000}, {"match", true}}));
    EXPECT_TRUE(upload.done());
    EXPECT_THROW(upload.next_request(), protocol_error);
}

TEST(smp_upload, refuse_device_errors_and_impossible_offsets_with_the_chunk_sent) {
    image_upload upload(std::string(1000, 'x'), 0, "", 128);
    response refused = reply({{"rc", 6}});
    refused.error = "MGMT_ERR_EBADSTATE (6): current state disallows command";
    try {
        upload.on_response(refused);
        FAIL() << "no error";
    } catch (const protocol_error& e) {
        EXPECT_STREQ(e.what(), "the device refused the image upload (chunk at offset 0 of 1000): "
                               "MGMT_ERR_EBADSTATE (6): current state disallows command");
    }
    EXPECT_THROW(upload.on_response(reply({{"off", 1001}})), protocol_error);
    EXPECT_THROW(upload.on_response(reply({{"rc", 0}})), protocol_error);
    EXPECT_THROW(upload.on_response(reply({{"off", 1000}, {"match", false}})), protocol_error);
    EXPECT_THROW(image_upload(std::string(10, 'x'), 0, std::string(32, 's'), 40), protocol_error);
}
