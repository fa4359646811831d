// SMP's serial transport, receiving side: splits what a UART delivers into
// console text and SMP packets (framing in serial_frames.h).
//
// A line is a frame when it starts with 0x06 0x09 (first frame of a packet)
// or 0x04 0x14 (continuation); every other byte is console text and comes
// out unchanged and in order, as soon as its line is known not to be a frame
// (so a prompt without a newline is not held back). Frames of one packet are
// decoded one by one, reassembled until the length field is reached, and the
// CRC checked. Console lines between a packet's frames do not disturb it.
//
// What cannot be used becomes a problem message naming what was received
// (bounded by show_bytes): a frame over 127 bytes, bad base64, a
// continuation without a first frame, a packet cut short by the next first
// frame, more bytes than the length field says, a length beyond the limit,
// a CRC mismatch. The decoder then waits for the next first frame.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sim::smp {

// Far above any response of the OS and image groups (Zephyr's default
// CONFIG_MCUMGR_TRANSPORT_NETBUF_SIZE is 384) and below the 16-bit field's
// 65533, so a garbled length cannot make the decoder wait for 64 KiB.
constexpr std::size_t default_max_packet_size = 4096;

// What a run of received bytes contained.
struct serial_input {
    std::string console;                // console text, in order, as received
    std::vector<std::string> packets;   // SMP packets (header + CBOR), CRC checked
    std::vector<std::string> problems;  // refused frames, each with what was received
};

class serial_decoder {
public:
    explicit serial_decoder(std::size_t max_packet_size = default_max_packet_size);

    serial_input feed(std::string_view bytes);

    // What is half received, for a timeout's message: an unfinished frame or
    // a packet still missing frames; empty when nothing is.
    std::string pending() const;

private:
    enum class line_state { start, marker_byte, console, frame, skip_frame };

    void take(char byte, serial_input& out);
    void end_frame(serial_input& out);
    void add_to_packet(bool first, const std::string& bytes, serial_input& out);
    void drop_packet() { m_packet.clear(); m_frames = 0; }

    std::size_t m_max_packet_size;
    line_state m_state = line_state::start;
    char m_marker_byte = 0;  // a line's first byte while it may start a marker
    std::string m_frame;     // the frame line so far, marker included
    std::string m_packet;    // the packet's stream so far: length field, packet, CRC
    std::size_t m_frames = 0;
};

}  // namespace sim::smp
