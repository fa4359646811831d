// sim::smp::protocol_error: bytes from the device (or a request to build)
// that the SMP client cannot use. The message says what was received, with
// the bytes shown by show_bytes() (bounded), so a log line is enough to
// tell a garbled frame from a wrong CRC or a missing continuation.
#pragma once

#include <stdexcept>

namespace sim::smp {

class protocol_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace sim::smp
