#include "sim/smp/serial_frames.h"

#include "sim/smp/base64.h"
#include "sim/smp/crc16.h"
#include "sim/smp/protocol_error.h"

namespace sim::smp {

namespace {

void append_be16(std::string& out, std::size_t value) {
    out += static_cast<char>((value >> 8) & 0xff);
    out += static_cast<char>(value & 0xff);
}

std::size_t base64_size(std::size_t bytes) { return (bytes + 2) / 3 * 4; }

}  // namespace

std::vector<std::size_t> frame_shares(std::size_t packet_size) {
    std::vector<std::size_t> shares;
    for (std::size_t left = length_field_size + packet_size + crc_size; left > 0;) {
        const std::size_t share = left < max_frame_stream_bytes ? left : max_frame_stream_bytes;
        shares.push_back(share);
        left -= share;
    }
    // Keep the CRC's two bytes together in the final frame.
    if (shares.size() > 1 && shares.back() == 1) {
        shares[shares.size() - 2] -= 3;
        shares.back() += 3;
    }
    return shares;
}

std::size_t framed_size(std::size_t packet_size) {
    std::size_t size = 0;
    for (const std::size_t share : frame_shares(packet_size))
        size += first_frame_marker.size() + base64_size(share) + 1;
    return size;
}

std::string encode_frames(std::string_view packet) {
    if (packet.size() > max_serial_packet_size)
        throw protocol_error("an SMP packet of " + std::to_string(packet.size()) +
                             " bytes does not fit the serial length field (at most " +
                             std::to_string(max_serial_packet_size) + ")");
    std::string stream;
    append_be16(stream, packet.size() + crc_size);
    stream += packet;
    append_be16(stream, crc16_xmodem(packet));

    std::string frames;
    std::size_t offset = 0;
    for (const std::size_t share : frame_shares(packet.size())) {
        frames += offset == 0 ? first_frame_marker : continuation_frame_marker;
        frames += base64_encode(std::string_view(stream).substr(offset, share));
        frames += '\n';
        offset += share;
    }
    return frames;
}

}  // namespace sim::smp
