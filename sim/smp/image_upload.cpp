#include "sim/smp/image_upload.h"

#include "sim/smp/image_group.h"
#include "sim/smp/protocol_error.h"

namespace sim::smp {

namespace {

// CBOR's head for a byte string of n bytes: 1, 2, 3 or 5 bytes (RFC 8949 3.1).
std::size_t byte_string_head(std::size_t n) {
    return n < 24 ? 1 : n < 0x100 ? 2 : n < 0x10000 ? 3 : 5;
}

nlohmann::json binary(std::string_view bytes) {
    return nlohmann::json::binary(std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
}

}  // namespace

std::size_t data_room(const nlohmann::json& body, std::size_t mtu) {
    nlohmann::json without_data = body;
    without_data["data"] = nlohmann::json::binary(std::vector<std::uint8_t>{});
    const std::size_t fixed = header_size + nlohmann::json::to_cbor(without_data).size() - byte_string_head(0);
    if (mtu <= fixed) return 0;
    const std::size_t room = mtu - fixed;  // for the data's head and bytes
    std::size_t n = room - 1;
    while (n > 0 && byte_string_head(n) + n > room) --n;
    return n;
}

image_upload::image_upload(std::string image, unsigned image_number, std::string sha256, std::size_t mtu)
    : m_image(std::move(image)), m_image_number(image_number), m_sha256(std::move(sha256)), m_mtu(mtu) {
    if (m_image.empty()) throw protocol_error("refused to upload an empty image");
    if (data_room(chunk_body(0), m_mtu) == 0)
        throw protocol_error("an MTU of " + std::to_string(m_mtu) +
                             " bytes leaves no room for image data in the first upload request");
}

nlohmann::json image_upload::chunk_body(std::size_t offset) const {
    nlohmann::json body = {{"off", offset}};
    if (offset == 0) {
        body["image"] = m_image_number;
        body["len"] = m_image.size();
        if (!m_sha256.empty()) body["sha"] = binary(m_sha256);
    }
    return body;
}

request image_upload::next_request() const {
    if (done()) throw protocol_error("the image upload is complete; there is no next chunk");
    nlohmann::json body = chunk_body(m_offset);
    const std::size_t left = m_image.size() - m_offset;
    const std::size_t room = data_room(body, m_mtu);
    body["data"] = binary(std::string_view(m_image).substr(m_offset, room < left ? room : left));
    return {operation::write, image_group, image_upload_command, body, "image upload"};
}

void image_upload::on_response(const response& reply) {
    const std::string sent = " (chunk at offset " + std::to_string(m_offset) + " of " +
                             std::to_string(m_image.size()) + ")";
    if (reply.error) throw protocol_error("the device refused the image upload" + sent + ": " + *reply.error);
    const auto off = reply.body.find("off");
    if (off == reply.body.end() || !off->is_number_integer() || off->get<std::int64_t>() < 0)
        throw protocol_error("refused an image upload response without \"off\"" + sent + ": " +
                             reply.body.dump().substr(0, 200));
    const auto next = off->get<std::uint64_t>();
    if (next > m_image.size())
        throw protocol_error("the device asks for offset " + std::to_string(next) +
                             ", beyond the image" + sent);
    const auto match = reply.body.find("match");
    if (match != reply.body.end() && match->is_boolean() && !match->get<bool>())
        throw protocol_error("the device's SHA-256 of the uploaded image does not match" + sent);
    m_offset = static_cast<std::size_t>(next);
}

}  // namespace sim::smp
