#include "sim/smp/session.h"

#include "sim/smp/error_names.h"
#include "sim/smp/protocol_error.h"
#include "sim/smp/serial_frames.h"

namespace sim::smp {

namespace {

std::string describe(const header& head) {
    return std::string(to_string(head.op)) + " seq " + std::to_string(head.sequence) + ", group " +
           std::to_string(head.group) + " command " + std::to_string(head.command);
}

}  // namespace

std::string awaited_response::describe() const {
    return name + " (seq " + std::to_string(sequence) + ")";
}

session::session(smp_version version, std::uint8_t first_sequence, std::size_t max_packet_size)
    : m_version(version), m_next_sequence(first_sequence), m_decoder(max_packet_size) {}

std::string session::send(const request& what) {
    header head;
    head.op = what.op;
    head.version = m_version;
    head.group = what.group;
    head.sequence = m_next_sequence;
    head.command = what.command;
    std::string frames = encode_frames(encode_packet(head, what.body));
    m_awaited = awaited_response{head.sequence, response_to(what.op), what.group, what.command, what.name};
    ++m_next_sequence;  // wraps at 256 as the 8-bit field does
    return frames;
}

std::optional<std::string> session::check_match(const header& head) const {
    if (!m_awaited) return "ignored a response while no request is awaited (" + describe(head) + ")";
    const awaited_response& want = *m_awaited;
    if (head.sequence != want.sequence || head.group != want.group || head.command != want.command ||
        head.op != want.op)
        return "ignored a response (" + describe(head) + ") while waiting for " + want.describe() +
               ", a " + to_string(want.op) + " of group " + std::to_string(want.group) + " command " +
               std::to_string(want.command);
    return std::nullopt;
}

session_input session::receive(std::string_view bytes) {
    serial_input input = m_decoder.feed(bytes);
    session_input out{std::move(input.console), {}, std::move(input.problems)};
    for (const std::string& bytes_of_packet : input.packets) {
        try {
            packet received = decode_packet(bytes_of_packet);
            if (auto mismatch = check_match(received.header)) {
                out.problems.push_back(*mismatch);
                continue;
            }
            std::optional<std::string> error = device_error(received.body);
            out.responses.push_back({received.header, std::move(received.body), std::move(error)});
            m_awaited.reset();
        } catch (const protocol_error& e) {
            out.problems.emplace_back(e.what());
        }
    }
    return out;
}

std::string session::timeout_message(picoseconds waited) const {
    std::string text = m_awaited ? "no response to " + m_awaited->describe() : "no response awaited";
    text += " within " + format_duration(waited);
    const std::string partial = m_decoder.pending();
    if (!partial.empty()) text += "; received " + partial;
    return text;
}

}  // namespace sim::smp
