// The partition manager on the nRF5340 DK's simultaneous-DFU layout and on
// each impossible layout it must refuse.
#include "sim/dfu/partition_manager.h"

#include <gtest/gtest.h>

#include <sstream>

namespace {

const std::string data = SOURCE_DIR "/tests/sim/data/pm/";

sim::pm_input app_input() {
    sim::pm_input input;
    input.pm_yml = {sim::read_pm_file(data + "mcuboot_pm.yml"), sim::read_pm_file(data + "app_pm.yml")};
    input.symbols = {{"CONFIG_PM_PARTITION_SIZE_MCUBOOT", 0xc000},
                     {"CONFIG_PM_PARTITION_SIZE_MCUBOOT_PAD", 0x200},
                     {"CONFIG_NRF53_RAM_FLASH_SIZE", 0x40000}};
    return input;
}

struct expected {
    const char* name;
    std::uint64_t address, end;
    const char* region;
};

void expect_layout(const sim::partition_layout& layout, std::initializer_list<expected> partitions) {
    for (const expected& e : partitions) {
        const sim::partition* p = layout.find(e.name);
        ASSERT_NE(p, nullptr) << e.name;
        EXPECT_EQ(p->address, e.address) << e.name;
        EXPECT_EQ(p->end_address(), e.end) << e.name;
        EXPECT_EQ(p->region, e.region) << e.name;
    }
}

// The message of the layout_error `input` raises.
std::string layout_error_of(const sim::pm_input& input) {
    try {
        sim::resolve_partitions(input);
    } catch (const sim::layout_error& e) {
        return e.what();
    }
    return "(no error)";
}

TEST(partition_manager, nrf5340dk_simultaneous_dfu_app_layout) {
    sim::partition_layout layout = sim::resolve_partitions(app_input());
    expect_layout(layout, {
        {"mcuboot", 0x0, 0xc000, "flash_primary"},
        {"mcuboot_pad", 0xc000, 0xc200, "flash_primary"},
        {"app", 0xc200, 0xf0000, "flash_primary"},
        {"mcuboot_primary", 0xc000, 0xf0000, "flash_primary"},
        {"mcuboot_primary_app", 0xc200, 0xf0000, "flash_primary"},
        {"settings_storage", 0xf0000, 0x100000, "flash_primary"},
        {"mcuboot_secondary", 0x0, 0xe4000, "external_flash"},
        {"mcuboot_secondary_1", 0xe4000, 0x124000, "external_flash"},
        {"external_flash", 0x124000, 0x800000, "external_flash"},
        {"mcuboot_primary_1", 0x0, 0x40000, "ram_flash"},
        {"pcd_sram", 0x20000000, 0x20002000, "sram_primary"},
        {"sram_primary", 0x20002000, 0x20070000, "sram_primary"},
        {"rpmsg_nrf53_sram", 0x20070000, 0x20080000, "sram_primary"},
    });
    EXPECT_EQ(layout.find("mcuboot_primary")->span, (std::vector<std::string>{"mcuboot_pad", "app"}));
    EXPECT_EQ(layout.find("mcuboot_primary")->orig_span,
              (std::vector<std::string>{"mcuboot_pad", "mcuboot_primary_app"}));
    EXPECT_EQ(layout.find("mcuboot_secondary")->device, "MX25R64");
    EXPECT_EQ(layout.find("mcuboot_secondary")->share_size, std::vector<std::string>{"mcuboot_primary"});
}

TEST(partition_manager, nrf5340dk_network_core_layout) {
    sim::pm_input input;
    input.domain = "CPUNET";
    input.pm_yml = {sim::read_pm_file(data + "netboot_pm.yml")};
    sim::partition_layout layout = sim::resolve_partitions(input);
    expect_layout(layout, {
        {"b0n", 0x01000000, 0x01008580, "flash_primary"},
        {"provision", 0x01008580, 0x01008800, "flash_primary"},
        {"b0n_container", 0x01000000, 0x01008800, "flash_primary"},
        {"app", 0x01008800, 0x01040000, "flash_primary"},
        {"sram_primary", 0x21000000, 0x21010000, "sram_primary"},
    });
}

TEST(partition_manager, secondary_in_internal_flash_splits_the_free_space_equally) {
    sim::pm_input input = app_input();
    input.pm_yml[0].text += "\nextra:\n  share_size: [mcuboot_primary]\n  placement:\n    after: [mcuboot_primary]\n";
    sim::partition_layout layout = sim::resolve_partitions(input);
    const sim::partition& primary = *layout.find("mcuboot_primary");
    const sim::partition& extra = *layout.find("extra");
    EXPECT_EQ(primary.size, extra.size);
    EXPECT_EQ(primary.end_address(), extra.address);
    EXPECT_EQ(primary.size % 0x1000, 0u);
    EXPECT_LE(extra.end_address(), layout.find("settings_storage")->address);
}

TEST(partition_manager, pm_static_moves_the_secondary_slot) {
    sim::pm_input input = app_input();
    input.pm_static = sim::read_pm_file(data + "secondary_static.yml");
    sim::partition_layout layout = sim::resolve_partitions(input);
    expect_layout(layout, {
        {"mcuboot_secondary", 0x100000, 0x1e4000, "external_flash"},
        {"mcuboot_secondary_1", 0x0, 0x40000, "external_flash"},
        {"app", 0xc200, 0xf0000, "flash_primary"},
    });
}

TEST(partition_manager, overlapping_static_partitions_are_named) {
    sim::pm_input input = app_input();
    input.pm_static = sim::read_pm_file(data + "overlap_static.yml");
    std::string error = layout_error_of(input);
    EXPECT_NE(error.find("mcuboot (0x0-0xc000) and settings_storage (0xb000-0xd000) overlap"), std::string::npos)
        << error;
}

TEST(partition_manager, overfull_region_names_the_partitions) {
    sim::pm_input input = app_input();
    input.symbols["CONFIG_NRF53_RAM_FLASH_SIZE"] = 0x50000;
    std::string error = layout_error_of(input);
    EXPECT_NE(error.find("region ram_flash is overfull: mcuboot_primary_1 need 0x50000 bytes, 0x40000 are free"),
              std::string::npos) << error;
}

TEST(partition_manager, partition_off_the_flash_page_is_named_with_file_and_line) {
    sim::pm_input input = app_input();
    input.pm_yml[1].text += "\nstorage:\n  size: 0x1800\n  placement:\n    after: [mcuboot]\n";
    std::string error = layout_error_of(input);
    EXPECT_NE(error.find("app_pm.yml:19:"), std::string::npos) << error;
    EXPECT_NE(error.find("storage (0xc000-0xd800) is not aligned to the 0x1000-byte flash page"),
              std::string::npos) << error;
}

TEST(partition_manager, span_that_is_not_contiguous_is_refused) {
    sim::pm_input input = app_input();
    input.pm_yml[1].text += "\nodd:\n  span: [mcuboot, settings_storage]\n";
    std::string error = layout_error_of(input);
    EXPECT_NE(error.find("span of odd is not contiguous"), std::string::npos) << error;
}

TEST(partition_manager, placement_without_an_existing_anchor_is_refused_with_file_and_line) {
    sim::pm_input input = app_input();
    input.pm_yml[1].text += "\nlost:\n  size: 0x1000\n  placement:\n    before: [nowhere]\n";
    std::string error = layout_error_of(input);
    EXPECT_NE(error.find("app_pm.yml:19:"), std::string::npos) << error;
    EXPECT_NE(error.find("cannot place lost"), std::string::npos) << error;
}

TEST(partition_manager, partition_defined_twice_names_both_places) {
    sim::pm_input input = app_input();
    input.pm_yml[1].text += "\nmcuboot_pad:\n  size: 0x200\n";
    std::string error = layout_error_of(input);
    EXPECT_NE(error.find("app_pm.yml:19"), std::string::npos) << error;
    EXPECT_NE(error.find("also defined at " + data + "mcuboot_pm.yml:12"), std::string::npos) << error;
}

TEST(partition_manager, unknown_size_symbol_is_an_input_error_at_its_line) {
    sim::pm_input input = app_input();
    input.symbols.erase("CONFIG_PM_PARTITION_SIZE_MCUBOOT");
    try {
        sim::resolve_partitions(input);
        FAIL() << "accepted an undefined size";
    } catch (const sim::input_error& e) {
        EXPECT_EQ(e.line(), 5u);
        EXPECT_NE(e.message().find("CONFIG_PM_PARTITION_SIZE_MCUBOOT"), std::string::npos) << e.what();
    }
}

}  // namespace
