#include "sim/smp/packet.h"

#include "sim/smp/protocol_error.h"
#include "sim/smp/show_bytes.h"

#include <vector>

namespace sim::smp {

operation response_to(operation request) {
    return request == operation::read ? operation::read_response : operation::write_response;
}

const char* to_string(operation op) {
    switch (op) {
    case operation::read: return "read";
    case operation::read_response: return "read response";
    case operation::write: return "write";
    case operation::write_response: return "write response";
    }
    return "?";
}

std::string encode_packet(header head, const nlohmann::json& body) {
    if (!body.is_object()) throw protocol_error("an SMP body must be a map, not " + body.dump());
    const std::vector<std::uint8_t> cbor = nlohmann::json::to_cbor(body);
    if (cbor.size() > 0xffff)
        throw protocol_error("an SMP body of " + std::to_string(cbor.size()) + " bytes is too long");
    head.length = static_cast<std::uint16_t>(cbor.size());
    std::string bytes = {
        static_cast<char>(static_cast<unsigned>(head.version) << 3 | static_cast<unsigned>(head.op)),
        static_cast<char>(head.flags),
        static_cast<char>(head.length >> 8),
        static_cast<char>(head.length & 0xff),
        static_cast<char>(head.group >> 8),
        static_cast<char>(head.group & 0xff),
        static_cast<char>(head.sequence),
        static_cast<char>(head.command),
    };
    bytes.append(cbor.begin(), cbor.end());
    return bytes;
}

packet decode_packet(std::string_view bytes) {
    auto refuse = [&](const std::string& why) {
        return protocol_error("refused an SMP packet: " + why + "; packet: " + show_bytes(bytes));
    };
    if (bytes.size() < header_size) throw refuse("shorter than the 8-byte header");
    auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(bytes[i]); };
    if (byte(0) & 0xe0) throw refuse("reserved header bits set");
    if ((byte(0) & 0x07) > 3) throw refuse("operation " + std::to_string(byte(0) & 0x07) + " is none of 0-3");
    if (((byte(0) >> 3) & 0x03) > 1) throw refuse("SMP version " + std::to_string(((byte(0) >> 3) & 0x03) + 1) + " is unknown");

    packet result;
    header& head = result.header;
    head.op = static_cast<operation>(byte(0) & 0x07);
    head.version = static_cast<smp_version>((byte(0) >> 3) & 0x03);
    head.flags = byte(1);
    head.length = static_cast<std::uint16_t>(byte(2) << 8 | byte(3));
    head.group = static_cast<std::uint16_t>(byte(4) << 8 | byte(5));
    head.sequence = byte(6);
    head.command = byte(7);
    if (head.length != bytes.size() - header_size)
        throw refuse("its header says " + std::to_string(head.length) + " body bytes, " +
                     std::to_string(bytes.size() - header_size) + " follow");
    try {
        // Zephyr's zcbor writes maps of indefinite length; from_cbor reads both kinds.
        result.body = nlohmann::json::from_cbor(bytes.substr(header_size), true, true,
                                                nlohmann::json::cbor_tag_handler_t::ignore);
    } catch (const nlohmann::json::exception& e) {
        throw refuse(std::string("its body is not CBOR (") + e.what() + ")");
    }
    if (!result.body.is_object()) throw refuse("its body is not a CBOR map");
    return result;
}

}  // namespace sim::smp
