// The partition layout data model: partitions.yml in and out, pm_config.h.
#include "sim/dfu/partitions.h"

#include <gtest/gtest.h>

#include <sstream>

namespace {

// As nRF Connect SDK writes it, with an anchor and alias as real files have.
const char* const app_partitions_yml = R"(
app:
  address: 0xc200
  end_address: 0xf0000
  region: flash_primary
  size: 0xe3e00
mcuboot:
  address: 0x0
  end_address: 0xc000
  placement:
    before:
    - mcuboot_primary
  region: flash_primary
  size: 0xc000
mcuboot_primary:
  address: 0xc000
  end_address: 0xf0000
  orig_span: &id001
  - mcuboot_pad
  - app
  region: flash_primary
  size: 0xe4000
  span: *id001
mcuboot_primary_1:
  address: 0x0
  device: flash_ctrl
  end_address: 0x40000
  region: ram_flash
  size: 0x40000
pcd_sram:
  address: 0x20000000
  end_address: 0x20002000
  placement:
    after:
    - start
  region: sram_primary
  size: 0x2000
)";

TEST(partitions, reads_partitions_yml_with_aliases) {
    sim::partition_layout layout = sim::parse_partitions_yml(app_partitions_yml, "partitions.yml", "");
    const sim::partition* primary = layout.find("mcuboot_primary");
    ASSERT_NE(primary, nullptr);
    EXPECT_EQ(primary->address, 0xc000u);
    EXPECT_EQ(primary->end_address(), 0xf0000u);
    EXPECT_EQ(primary->span, (std::vector<std::string>{"mcuboot_pad", "app"}));
    EXPECT_EQ(layout.find("mcuboot_primary_1")->region, "ram_flash");
    EXPECT_EQ(layout.find("mcuboot_primary_1")->device, "flash_ctrl");
    EXPECT_EQ(layout.find("pcd_sram")->placement.after, std::vector<std::string>{"start"});
    EXPECT_EQ(layout.find("nonexistent"), nullptr);
}

TEST(partitions, sorted_by_region_then_address_with_containers_first) {
    sim::partition_layout layout = sim::parse_partitions_yml(app_partitions_yml, "partitions.yml", "");
    std::vector<std::string> order;
    for (const sim::partition& p : layout.partitions()) order.push_back(p.name);
    EXPECT_EQ(order, (std::vector<std::string>{"mcuboot", "mcuboot_primary", "app", "mcuboot_primary_1",
                                               "pcd_sram"}));
}

TEST(partitions, entry_without_size_names_file_and_line) {
    try {
        sim::parse_partitions_yml("app:\n  address: 0x0\nb0n:\n  address: 0x0\n", "p.yml", "");
        FAIL() << "accepted a partition without size";
    } catch (const sim::input_error& e) {
        EXPECT_EQ(e.file(), "p.yml");
        EXPECT_EQ(e.line(), 1u);
        EXPECT_NE(e.message().find("app"), std::string::npos);
    }
}

TEST(partitions, inconsistent_end_address_is_rejected) {
    EXPECT_THROW(sim::parse_partitions_yml("app:\n  address: 0x0\n  size: 0x100\n  end_address: 0x200\n",
                                           "p.yml", ""),
                 sim::input_error);
}

TEST(partitions, written_yml_reads_back_identical) {
    sim::partition_layout layout = sim::parse_partitions_yml(app_partitions_yml, "in.yml", "");
    std::ostringstream written;
    sim::write_partitions_yml(layout, written);
    sim::partition_layout again = sim::parse_partitions_yml(written.str(), "out.yml", "");
    ASSERT_EQ(again.partitions().size(), layout.partitions().size());
    for (const sim::partition& p : layout.partitions()) {
        const sim::partition* q = again.find(p.name);
        ASSERT_NE(q, nullptr) << p.name;
        EXPECT_EQ(q->address, p.address) << p.name;
        EXPECT_EQ(q->size, p.size) << p.name;
        EXPECT_EQ(q->region, p.region) << p.name;
        EXPECT_EQ(q->span, p.span) << p.name;
        EXPECT_EQ(q->placement.before, p.placement.before) << p.name;
    }
    EXPECT_NE(written.str().find("  end_address: 0xf0000\n"), std::string::npos);
}

TEST(partitions, pm_config_h_defines_addresses_and_other_domains_with_prefix) {
    sim::partition_layout app = sim::parse_partitions_yml(app_partitions_yml, "a.yml", "");
    sim::partition_layout net = sim::parse_partitions_yml(
        "app:\n  address: 0x1008800\n  size: 0x37800\n  region: flash_primary\n", "n.yml", "CPUNET");
    std::ostringstream header;
    sim::write_pm_config_h(app, {net}, header);
    const std::string text = header.str();
    for (const char* line : {"#define PM_MCUBOOT_PRIMARY_ADDRESS 0xc000\n", "#define PM_MCUBOOT_PRIMARY_SIZE 0xe4000\n",
                             "#define PM_MCUBOOT_PRIMARY_END_ADDRESS 0xf0000\n", "#define PM_MCUBOOT_ID 0\n",
                             "#define PM_PCD_SRAM_ADDRESS 0x20000000\n", "#define PM_PCD_SRAM_OFFSET 0x0\n",
                             "#define PM_MCUBOOT_PRIMARY_1_DEV flash_ctrl\n", "#define PM_ADDRESS 0xc200\n",
                             "#define PM_CPUNET_APP_ADDRESS 0x1008800\n", "#define PM_CPUNET_APP_OFFSET 0x8800\n"})
        EXPECT_NE(text.find(line), std::string::npos) << line;

    std::ostringstream net_header;
    sim::write_pm_config_h(net, {app}, net_header);
    EXPECT_NE(net_header.str().find("#define PM__PCD_SRAM_ADDRESS 0x20000000\n"), std::string::npos);
}

}  // namespace

namespace {

std::string overlap_error_of(const std::string& yml) {
    try {
        sim::parse_partitions_yml(yml, "partitions.yml", "");
    } catch (const sim::input_error& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST(partitions, spans_overlap_what_they_contain_as_ncs_layouts_do) {
    // NCS: mcuboot_primary spans mcuboot_pad and app, mcuboot_primary_app
    // spans app, b0n_container spans b0n and provision.
    EXPECT_EQ(overlap_error_of(R"(
mcuboot: {address: 0x0, size: 0xc000, region: flash_primary}
mcuboot_pad: {address: 0xc000, size: 0x200, region: flash_primary}
app: {address: 0xc200, size: 0xe3e00, region: flash_primary}
mcuboot_primary: {address: 0xc000, size: 0xe4000, region: flash_primary, span: [mcuboot_pad, app]}
mcuboot_primary_app: {address: 0xc200, size: 0xe3e00, region: flash_primary, span: [app]}
mcuboot_secondary: {address: 0x0, size: 0xe4000, region: external_flash}
b0n: {address: 0x1000000, size: 0x8580, region: flash_primary}
provision: {address: 0x1008580, size: 0x280, region: flash_primary}
b0n_container: {address: 0x1000000, size: 0x8800, region: flash_primary, span: [b0n, provision]}
)"),
              "(no error)");
}

TEST(partitions, overlapping_partitions_are_refused_naming_both_at_the_later_ones_line) {
    EXPECT_EQ(overlap_error_of(R"(
mcuboot: {address: 0x0, size: 0x10000, region: flash_primary}
app: {address: 0xc200, size: 0xe3e00, region: flash_primary}
)"),
              "partitions.yml:3:1: partitions mcuboot (0x0-0x10000) and app (0xc200-0xf0000) overlap in flash_primary");
    // A span overlapping a partition it does not list is no exception.
    EXPECT_NE(overlap_error_of(R"(
mcuboot: {address: 0x0, size: 0xc000, region: flash_primary}
settings: {address: 0xc000, size: 0x1000, region: flash_primary}
app: {address: 0xd000, size: 0x1000, region: flash_primary}
mcuboot_primary: {address: 0xc000, size: 0x2000, region: flash_primary, span: [app]}
)").find("partitions mcuboot_primary (0xc000-0xe000) and settings (0xc000-0xd000) overlap"),
              std::string::npos);
    // The same addresses in other regions do not meet.
    EXPECT_EQ(overlap_error_of("a: {address: 0x0, size: 0x1000, region: flash_primary}\n"
                               "b: {address: 0x0, size: 0x1000, region: external_flash}\n"),
              "(no error)");
}
