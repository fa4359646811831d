// A sweep span's flash operations placed in the DFU layout: which
// partition each one writes, and which touch an image's header or a
// slot's trailer (the operations `sample: {trailer: all}` always keeps).
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "models/nor_flash.h"
#include "sim/dfu/layout.h"
#include "sim/fault/fault.h"
#include "sim/report/sweep_result.h"

namespace sim {

// Where the network core's flash starts in its address space.
constexpr std::uint32_t net_flash_base = 0x01000000;

// Operation `number` of the span as a report shows it.
span_operation locate(std::uint64_t number, flash_array array, const models::flash_op& op, const dfu_layout& layout);

// MCUboot's trailer lies in a slot's last 4 KB (a sector of both the
// application core's flash and the MX25R64) for the slot sizes NCS uses.
constexpr std::uint32_t trailer_bytes = 0x1000;

// Per operation: it overlaps the first header_size(slot) bytes of an
// MCUboot slot (mcuboot_primary*, mcuboot_secondary*) or its trailer.
std::vector<bool> header_or_trailer(const std::vector<span_operation>& span, const dfu_layout& layout,
                                    const std::function<std::uint32_t(const partition& slot)>& header_size);

// An MCUboot slot's partition name.
bool is_slot(const std::string& partition_name);

}  // namespace sim
