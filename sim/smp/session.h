// The SMP client's conversation over one serial line, as a pure protocol
// layer: send() gives the bytes to write, receive() takes the bytes read, and
// nothing here waits, so the scenario runner can drive it over a simulated
// UART with timeouts in simulated time.
//
// One request is outstanding at a time (as mcumgr does over serial). Each
// gets the next sequence number (modulo 256); a response counts only if its
// sequence, group and command match the request's and its operation is the
// request's response operation. Anything else is reported as a problem and
// otherwise ignored, so a late answer to an abandoned request cannot pass
// for the answer to the current one.
#pragma once

#include "sim/common/duration.h"
#include "sim/smp/request.h"
#include "sim/smp/serial_decoder.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sim::smp {

// What the session waits for.
struct awaited_response {
    std::uint8_t sequence = 0;
    operation op = operation::read_response;
    std::uint16_t group = 0;
    std::uint8_t command = 0;
    std::string name;

    // e.g. "image upload (seq 7)"
    std::string describe() const;
};

struct session_input {
    std::string console;                // console text, in order
    std::vector<response> responses;    // the awaited response, if it came
    std::vector<std::string> problems;  // refused frames and packets, unmatched responses
};

class session {
public:
    // SMP version 1 by default: every mcumgr server reads it, while a server
    // without version 2 support refuses version 2 requests.
    explicit session(smp_version version = smp_version::v1, std::uint8_t first_sequence = 0,
                     std::size_t max_packet_size = default_max_packet_size);

    // The frames of the request; it becomes the awaited one (a request still
    // awaited is abandoned: its late response will be reported, not matched).
    std::string send(const request& what);

    session_input receive(std::string_view bytes);

    const std::optional<awaited_response>& awaited() const { return m_awaited; }

    // For a caller whose wait ran out, e.g. "no response to image upload
    // (seq 7) within 2s; received a packet with 93 of 150 bytes in 1 frame(s)".
    std::string timeout_message(picoseconds waited) const;

private:
    std::optional<std::string> check_match(const header& head) const;

    smp_version m_version;
    std::uint8_t m_next_sequence;
    serial_decoder m_decoder;
    std::optional<awaited_response> m_awaited;
};

}  // namespace sim::smp
