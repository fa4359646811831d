// The SMP packet: an 8-byte header and a CBOR map.
//
// Source: Zephyr's "SMP Protocol Specification", "Frame: The envelope"
// (docs.zephyrproject.org/latest/services/device_mgmt/smp_protocol.html):
//   byte 0    Res (3 bits, 0) | Ver (2 bits: 0 = SMP version 1, 1 = version 2) | OP (3 bits)
//   byte 1    flags (none defined, 0)
//   bytes 2-3 data length (of the CBOR body), big-endian
//   bytes 4-5 group ID, big-endian
//   byte 6    sequence number (the response echoes the request's)
//   byte 7    command ID
// CBOR goes through nlohmann::json: byte strings (hashes, image data) are
// json binary values.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sim::smp {

enum class operation : std::uint8_t { read = 0, read_response = 1, write = 2, write_response = 3 };
enum class smp_version : std::uint8_t { v1 = 0, v2 = 1 };

constexpr std::size_t header_size = 8;

struct header {
    operation op = operation::read;
    smp_version version = smp_version::v1;
    std::uint8_t flags = 0;
    std::uint16_t length = 0;  // of the CBOR body
    std::uint16_t group = 0;
    std::uint8_t sequence = 0;
    std::uint8_t command = 0;
};

struct packet {
    smp::header header;
    nlohmann::json body;  // a CBOR map, as JSON
};

// The response operation to a request's (read -> read response, write -> write response).
operation response_to(operation request);
const char* to_string(operation op);

// Header then CBOR body; the header's length is set from the body.
// protocol_error if the body is not an object or too long for the length field.
std::string encode_packet(header head, const nlohmann::json& body);

// protocol_error, naming the bytes, if the header is short or has reserved
// bits or operation set, the length disagrees with the bytes, or the body
// is not one CBOR map.
packet decode_packet(std::string_view bytes);

}  // namespace sim::smp
