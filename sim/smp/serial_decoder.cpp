#include "sim/smp/serial_decoder.h"

#include "sim/smp/base64.h"
#include "sim/smp/crc16.h"
#include "sim/smp/serial_frames.h"
#include "sim/smp/show_bytes.h"

#include <cstdio>

namespace sim::smp {

namespace {

std::size_t be16(std::string_view bytes, std::size_t at) {
    return static_cast<std::size_t>(static_cast<unsigned char>(bytes[at]) << 8 |
                                    static_cast<unsigned char>(bytes[at + 1]));
}

std::string hex16(std::size_t value) {
    char text[8];
    std::snprintf(text, sizeof text, "0x%04zX", value);
    return text;
}

bool starts_marker(char byte) {
    return byte == first_frame_marker[0] || byte == continuation_frame_marker[0];
}

}  // namespace

serial_decoder::serial_decoder(std::size_t max_packet_size) : m_max_packet_size(max_packet_size) {}

serial_input serial_decoder::feed(std::string_view bytes) {
    serial_input out;
    for (const char byte : bytes) take(byte, out);
    return out;
}

void serial_decoder::take(char byte, serial_input& out) {
    switch (m_state) {
    case line_state::start:
        if (starts_marker(byte)) {
            m_marker_byte = byte;
            m_state = line_state::marker_byte;
            return;
        }
        m_state = line_state::console;
        break;
    case line_state::marker_byte: {
        const std::string marker{m_marker_byte, byte};
        if (marker == first_frame_marker || marker == continuation_frame_marker) {
            m_frame = marker;
            m_state = line_state::frame;
            return;
        }
        out.console += m_marker_byte;  // not a frame after all: console text
        m_state = line_state::console;
        break;
    }
    case line_state::console:
        break;
    case line_state::frame:
        if (byte == '\n') {
            end_frame(out);
            m_state = line_state::start;
        } else if (m_frame.size() < max_frame_size) {  // room for a CR before the newline
            m_frame += byte;
        } else {
            out.problems.push_back("refused a frame longer than " + std::to_string(max_frame_size) +
                                   " bytes: " + show_bytes(m_frame));
            drop_packet();
            m_state = line_state::skip_frame;
        }
        return;
    case line_state::skip_frame:
        if (byte == '\n') m_state = line_state::start;
        return;
    }
    out.console += byte;
    if (byte == '\n') m_state = line_state::start;
}

void serial_decoder::end_frame(serial_input& out) {
    const bool first = m_frame.compare(0, 2, first_frame_marker) == 0;
    std::string_view text = std::string_view(m_frame).substr(first_frame_marker.size());
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);  // a console's CR LF
    const auto bytes = base64_decode(text);
    if (!bytes) {
        out.problems.push_back("refused a frame that is not base64: " + show_bytes(m_frame));
        drop_packet();
        return;
    }
    if (!first && m_packet.empty()) {
        out.problems.push_back("refused a continuation frame without a first frame: " +
                               show_bytes(m_frame));
        return;
    }
    add_to_packet(first, *bytes, out);
}

void serial_decoder::add_to_packet(bool first, const std::string& bytes, serial_input& out) {
    if (first && !m_packet.empty()) {
        out.problems.push_back("packet truncated: " + std::to_string(m_packet.size() - length_field_size) + " of " +
                               std::to_string(be16(m_packet, 0)) + " bytes in " +
                               std::to_string(m_frames) + " frame(s), then a new packet started");
        drop_packet();
    }
    m_packet += bytes;
    ++m_frames;
    if (m_packet.size() < length_field_size) {
        out.problems.push_back("refused a first frame without a length field: " + show_bytes(m_frame));
        drop_packet();
        return;
    }
    const std::size_t expected = be16(m_packet, 0);  // SMP packet + CRC
    if (expected < crc_size || expected - crc_size > m_max_packet_size) {
        out.problems.push_back("refused a packet whose length field says " + std::to_string(expected) +
                               " bytes (SMP packet and CRC; at most " +
                               std::to_string(m_max_packet_size + crc_size) + "): " + show_bytes(m_frame));
        drop_packet();
        return;
    }
    const std::size_t received = m_packet.size() - length_field_size;
    if (received < expected) return;  // continuation frames follow
    if (received > expected) {
        out.problems.push_back("refused a packet of " + std::to_string(received) +
                               " bytes whose length field says " + std::to_string(expected) +
                               "; last frame: " + show_bytes(m_frame));
        drop_packet();
        return;
    }
    const std::string_view packet = std::string_view(m_packet).substr(length_field_size, expected - crc_size);
    const std::size_t sent_crc = be16(m_packet, m_packet.size() - crc_size);
    const std::size_t crc = crc16_xmodem(packet);
    if (crc != sent_crc)
        out.problems.push_back("refused a packet with a bad CRC: it carries " + hex16(sent_crc) +
                               ", its bytes give " + hex16(crc) + "; packet: " + show_bytes(packet));
    else
        out.packets.emplace_back(packet);
    drop_packet();
}

std::string serial_decoder::pending() const {
    std::string text;
    if (m_packet.size() >= length_field_size)
        text = "a packet with " + std::to_string(m_packet.size() - length_field_size) + " of " +
               std::to_string(be16(m_packet, 0)) + " bytes in " + std::to_string(m_frames) + " frame(s)";
    if (m_state == line_state::frame) {
        if (!text.empty()) text += " and ";
        text += "a frame without its newline: " + show_bytes(m_frame);
    }
    return text;
}

}  // namespace sim::smp
