#include "sim/fault/span.h"

#include <gtest/gtest.h>

using namespace sim;

namespace {

partition part(const std::string& name, std::uint64_t address, std::uint64_t size, const std::string& region) {
    partition p;
    p.name = name;
    p.address = address;
    p.size = size;
    p.region = region;
    return p;
}

// NCS's shape: mcuboot_primary spans mcuboot_pad and app; the secondary in the MX25R64.
dfu_layout ncs_like() {
    dfu_layout layout;
    layout.app = partition_layout("", {part("mcuboot", 0x0, 0xC000, "flash_primary"),
                                       part("mcuboot_primary", 0xC000, 0x20000, "flash_primary"),
                                       part("mcuboot_pad", 0xC000, 0x200, "flash_primary"),
                                       part("app", 0xC200, 0x1FE00, "flash_primary"),
                                       part("mcuboot_secondary", 0x0, 0x20000, "external_flash")});
    layout.net = partition_layout("CPUNET", {part("b0n", 0x01000000, 0x8800, "flash_primary"),
                                             part("app", 0x01008800, 0x37800, "flash_primary")});
    return layout;
}

models::flash_op op(models::flash_op::kind type, std::uint32_t address, std::uint32_t size) {
    return {type, address, size, 0};
}

}  // namespace

TEST(span, an_operation_is_named_after_the_slot_holding_it_else_its_smallest_partition) {
    const dfu_layout layout = ncs_like();
    using kind = models::flash_op::kind;
    const span_operation in_slot = locate(1, flash_array::app, op(kind::program, 0xD000, 4), layout);
    EXPECT_EQ(in_slot.partition, "mcuboot_primary");
    EXPECT_EQ(in_slot.array, "app flash");
    EXPECT_EQ(in_slot.kind, "program");
    EXPECT_EQ(locate(2, flash_array::app, op(kind::erase, 0x1000, 4096), layout).partition, "mcuboot");
    EXPECT_EQ(locate(3, flash_array::external, op(kind::erase, 0x1F000, 4096), layout).partition, "mcuboot_secondary");
    const span_operation net = locate(4, flash_array::net, op(kind::program, 0x9000, 4), layout);
    EXPECT_EQ(net.address, 0x01009000u);
    EXPECT_EQ(net.partition, "app");
    EXPECT_EQ(locate(5, flash_array::app, op(kind::program, 0xF0000, 4), layout).partition, "");
}

TEST(span, headers_and_trailers_are_the_slots_first_header_bytes_and_last_four_kilobytes) {
    const dfu_layout layout = ncs_like();
    using kind = models::flash_op::kind;
    const std::vector<span_operation> span = {
        locate(1, flash_array::app, op(kind::program, 0xC000, 4), layout),      // primary's header
        locate(2, flash_array::app, op(kind::program, 0xC1FC, 4), layout),      // its last word (0x200 bytes)
        locate(3, flash_array::app, op(kind::program, 0xC200, 4), layout),      // the image's first code word
        locate(4, flash_array::app, op(kind::program, 0x2BFF0, 4), layout),     // primary's trailer
        locate(5, flash_array::external, op(kind::erase, 0x0, 4096), layout),   // secondary's header sector
        locate(6, flash_array::external, op(kind::erase, 0x10000, 4096), layout),  // the bulk
        locate(7, flash_array::net, op(kind::program, 0x8800, 4), layout),      // no MCUboot slot
    };
    const std::vector<bool> critical = header_or_trailer(span, layout, [](const partition&) { return 0x200u; });
    EXPECT_EQ(critical, (std::vector<bool>{true, true, false, true, true, false, false}));
}
