// The checksum of SMP's serial transport: CRC-16/XMODEM, i.e. polynomial
// 0x1021, initial value 0, no reflection, no final XOR ("123456789" gives
// 0x31C3). The mcumgr serial spec gives polynomial and initial value
// (github.com/apache/mynewt-mcumgr transport/smp-console.md, "CRC details");
// Zephyr computes it with crc16_itu_t(0x0000, ...) in
// subsys/mgmt/mcumgr/transport/src/serial_util.c.
#pragma once

#include <cstdint>
#include <string_view>

namespace sim::smp {

std::uint16_t crc16_xmodem(std::string_view bytes);

}  // namespace sim::smp
