// Image upload (group 1, command 1, write), chunk by chunk.
//
// Each request carries {"off": offset, "data": bytes}; the first (off 0)
// also {"image": number, "len": total size, "sha": SHA-256 of the whole
// image}, from which the device may resume an interrupted upload. The
// device answers {"off": next offset it expects}, and the next chunk starts
// there: normally right after the chunk sent, lower or higher when the
// device resumes or restarts. Source: Zephyr's "SMP Group 1", "Image upload"
// (docs.zephyrproject.org/latest/services/device_mgmt/smp_groups/smp_group_1.html).
//
// A chunk is as large as fits one SMP packet of `mtu` bytes (header +
// CBOR); its size is worked out from the encoded request itself, so it is
// exact for every offset (docs/smp.md gives the formula and the figures).
#pragma once

#include "sim/smp/request.h"

#include <cstddef>
#include <string>

namespace sim::smp {

// The image data bytes that fit a packet of `mtu` bytes next to the SMP
// header and the rest of the request `body` (whose "data" is ignored).
// 0 when not even one byte fits.
std::size_t data_room(const nlohmann::json& body, std::size_t mtu);

class image_upload {
public:
    // image: the file's bytes; sha256: its SHA-256 (32 bytes, or empty to
    // send none); image_number: 0 the application, 1 the network core on an
    // nRF5340 (mcumgr's -n). protocol_error if the mtu leaves no room for data.
    image_upload(std::string image, unsigned image_number, std::string sha256, std::size_t mtu);

    // The request for the chunk at the current offset; protocol_error when done().
    request next_request() const;

    // The device's answer to the last request: moves to the offset it
    // reports. protocol_error if it reports an error (with the offset sent),
    // has no "off", an offset beyond the image, or a hash mismatch ("match": false).
    void on_response(const response& reply);

    bool done() const { return m_offset == m_image.size(); }
    std::size_t offset() const { return m_offset; }
    std::size_t size() const { return m_image.size(); }

private:
    nlohmann::json chunk_body(std::size_t offset) const;  // without "data"

    std::string m_image;
    unsigned m_image_number;
    std::string m_sha256;
    std::size_t m_mtu;
    std::size_t m_offset = 0;
};

}  // namespace sim::smp
