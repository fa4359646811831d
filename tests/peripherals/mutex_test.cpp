// MUTEX: shared by both cores; offsets from the nRF5340 PS.
#include <gtest/gtest.h>

#include "peripherals/mutex.h"
#include "tests/support/tlm_initiator.h"

namespace {

constexpr std::uint32_t MUTEX0 = 0x400;

TEST(mutex, read_takes_a_free_mutex_and_write_zero_frees_it) {
    nrf::mutex dut{"mutex"};
    test::tlm_initiator app{"app"};
    app.out.bind(dut.socket);
    EXPECT_EQ(app.read(MUTEX0 + 8), 0u);  // taken now
    EXPECT_EQ(app.read(MUTEX0 + 8), 1u);
    EXPECT_EQ(app.read(MUTEX0 + 12), 0u);  // others are independent
    app.write(MUTEX0 + 8, 0);
    EXPECT_EQ(app.read(MUTEX0 + 8), 0u);
}

TEST(mutex, debugger_read_takes_nothing) {
    nrf::mutex dut{"mutex"};
    test::tlm_initiator cpu{"cpu"};
    cpu.out.bind(dut.socket);
    tlm::tlm_generic_payload trans;
    std::uint32_t value = 0xFF;
    trans.set_command(tlm::TLM_READ_COMMAND);
    trans.set_address(MUTEX0 + 60);
    trans.set_data_ptr(reinterpret_cast<unsigned char*>(&value));
    trans.set_data_length(4);
    EXPECT_EQ(cpu.out->transport_dbg(trans), 4u);
    EXPECT_EQ(value, 0u);
    EXPECT_EQ(cpu.read(MUTEX0 + 60), 0u);  // still free: this read takes it
    EXPECT_EQ(cpu.out->transport_dbg(trans), 4u);
    EXPECT_EQ(value, 1u);
}

} // namespace
