// A TLM initiator for register-level tests: drives one target socket with
// 1/2/4-byte reads and writes, optionally tagged with a bus_master.
#pragma once

#include <cstdint>

#include <gtest/gtest.h>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include "models/router.h"

namespace test {

class tlm_initiator : public sc_core::sc_module {
public:
    tlm_utils::simple_initiator_socket<tlm_initiator> out{"out"};
    // Delay annotated on the next accesses (the core's local time offset).
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;

    explicit tlm_initiator(sc_core::sc_module_name name) : sc_module(name) {}

    tlm::tlm_response_status access(tlm::tlm_command cmd, std::uint32_t address, std::uint32_t& value,
                                    unsigned size = 4, models::bus_master* master = nullptr) {
        tlm::tlm_generic_payload trans;
        unsigned char bytes[4] = {};
        for (unsigned i = 0; i < size; ++i) bytes[i] = static_cast<unsigned char>(value >> (8 * i));
        trans.set_command(cmd);
        trans.set_address(address);
        trans.set_data_ptr(bytes);
        trans.set_data_length(size);
        trans.set_streaming_width(size);
        trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        if (master) trans.set_extension(master);
        sc_core::sc_time d = delay;
        out->b_transport(trans, d);
        if (master) trans.clear_extension(master);
        if (cmd == tlm::TLM_READ_COMMAND) {
            value = 0;
            for (unsigned i = 0; i < size; ++i) value |= std::uint32_t(bytes[i]) << (8 * i);
        }
        return trans.get_response_status();
    }

    void write(std::uint32_t address, std::uint32_t value, unsigned size = 4) {
        EXPECT_EQ(access(tlm::TLM_WRITE_COMMAND, address, value, size), tlm::TLM_OK_RESPONSE)
            << "write at 0x" << std::hex << address;
    }

    std::uint32_t read(std::uint32_t address, unsigned size = 4) {
        std::uint32_t value = 0;
        EXPECT_EQ(access(tlm::TLM_READ_COMMAND, address, value, size), tlm::TLM_OK_RESPONSE)
            << "read at 0x" << std::hex << address;
        return value;
    }
};

} // namespace test
