// SMP's serial (console) transport, sending side: one SMP packet becomes one
// or more newline-terminated text frames.
//
// Sources: Zephyr's "SMP Transport Specification", section "UART/serial and
// console" (docs.zephyrproject.org/latest/services/device_mgmt/smp_transport.html);
// the mcumgr serial spec (github.com/zephyrproject-rtos/mcumgr,
// transport/smp-console.md); Zephyr's implementation
// (subsys/mgmt/mcumgr/transport/src/serial_util.c).
//
//   stream = length (2 bytes, big-endian: SMP packet + CRC) | SMP packet |
//            CRC16/XMODEM of the SMP packet (2 bytes, big-endian)
//   frame  = marker (0x06 0x09 first, 0x04 0x14 continuation) |
//            base64 of the frame's share of the stream | 0x0A
//
// A frame is at most 127 bytes with marker and newline, so 124 base64
// characters: 93 stream bytes. The stream is cut every 93 bytes, so each
// frame's base64 is whole groups and decodes on its own; the only exception
// keeps the CRC in the final frame (the spec: "only present in the final
// frame"): when the last frame would hold just the CRC's second byte, the
// frame before it gives it 3 bytes. (Zephyr's own sender also moves bytes
// to keep the CRC whole; receivers accept any cut on 3-byte boundaries.)
//
// Versions differ: the older Apache mcumgr text says 128-byte frames and a
// length without the CRC; Zephyr's spec and code count the CRC in the length
// and send at most 127 bytes. This follows Zephyr.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sim::smp {

constexpr std::string_view first_frame_marker = "\x06\x09";
constexpr std::string_view continuation_frame_marker = "\x04\x14";
constexpr std::size_t max_frame_size = 127;                                 // marker + base64 + '\n'
constexpr std::size_t max_frame_text = max_frame_size - 3;                  // 124 base64 characters
constexpr std::size_t max_frame_stream_bytes = max_frame_text / 4 * 3;      // 93 stream bytes
constexpr std::size_t length_field_size = 2;
constexpr std::size_t crc_size = 2;
// The length field counts packet and CRC in 16 bits.
constexpr std::size_t max_serial_packet_size = 0xffff - crc_size;

// The frames of one SMP packet (header + CBOR), ready for the UART.
// protocol_error if the packet is longer than max_serial_packet_size.
std::string encode_frames(std::string_view packet);

// How many stream bytes each frame of a packet of this size carries.
std::vector<std::size_t> frame_shares(std::size_t packet_size);

// Bytes on the wire for a packet of this size: markers, base64, newlines.
std::size_t framed_size(std::size_t packet_size);

}  // namespace sim::smp
