#include "models/nor_flash.h"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

namespace {

using models::flash_op;
using models::flash_op_action;
using models::flash_result;
using models::nor_flash;

std::vector<std::uint8_t> bytes_at(nor_flash& flash, std::uint32_t address, std::size_t n) {
    const std::uint8_t* p = flash.storage().data() + address;
    return {p, p + n};
}

TEST(nor_flash, starts_erased) {
    nor_flash flash("f", 8192, 4096);
    EXPECT_EQ(flash.storage().read32(0), 0xFFFFFFFFu);
    EXPECT_EQ(flash.storage().read32(8188), 0xFFFFFFFFu);
}

TEST(nor_flash, programming_only_clears_bits) {
    nor_flash flash("f", 4096, 4096);
    const std::uint8_t first[] = {0xF0, 0x0F};
    const std::uint8_t second[] = {0x3C, 0xFF};
    EXPECT_EQ(flash.program(10, first, 2), flash_result::done);
    EXPECT_EQ(flash.program(10, second, 2), flash_result::done);
    EXPECT_EQ(bytes_at(flash, 10, 2), (std::vector<std::uint8_t>{0x30, 0x0F}));
}

TEST(nor_flash, erase_sets_only_the_aligned_block_to_ff) {
    nor_flash flash("f", 3 * 4096, 4096);
    std::vector<std::uint8_t> zeros(3 * 4096, 0);
    flash.program(0, zeros.data(), zeros.size());
    EXPECT_EQ(flash.erase(4096, 4096), flash_result::done);
    EXPECT_EQ(flash.storage().read32(4092), 0u);
    EXPECT_EQ(flash.storage().read32(4096), 0xFFFFFFFFu);
    EXPECT_EQ(flash.storage().read32(8188), 0xFFFFFFFFu);
    EXPECT_EQ(flash.storage().read32(8192), 0u);
}

TEST(nor_flash, rejects_misaligned_or_out_of_range_operations) {
    nor_flash flash("f", 8192, 4096);
    const std::uint8_t b = 0;
    EXPECT_EQ(flash.erase(100, 4096), flash_result::invalid);
    EXPECT_EQ(flash.erase(0, 100), flash_result::invalid);
    EXPECT_EQ(flash.erase(4096, 8192), flash_result::invalid);
    EXPECT_EQ(flash.program(8192, &b, 1), flash_result::invalid);
    EXPECT_EQ(flash.operation_count(), 0u);
}

TEST(nor_flash, counts_operations_and_shows_each_to_the_hook_first) {
    nor_flash flash("f", 8192, 4096);
    std::vector<flash_op> seen;
    flash.set_op_hook([&](const flash_op& op) {
        seen.push_back(op);
        // The hook runs before the change: the word is not yet programmed.
        if (op.type == flash_op::kind::program) EXPECT_EQ(flash.storage().data()[4], 0xFF);
        return flash_op_action::proceed;
    });
    const std::uint8_t data[] = {1, 2, 3, 4};
    flash.program(4, data, 4);
    flash.erase(4096, 4096);
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[0].type, flash_op::kind::program);
    EXPECT_EQ(seen[0].address, 4u);
    EXPECT_EQ(seen[0].size, 4u);
    EXPECT_EQ(seen[0].index, 0u);
    EXPECT_EQ(seen[1].type, flash_op::kind::erase);
    EXPECT_EQ(seen[1].index, 1u);
    EXPECT_EQ(flash.operation_count(), 2u);
}

TEST(nor_flash, skip_leaves_the_array_untouched) {
    nor_flash flash("f", 4096, 4096);
    bool changed = false;
    flash.set_on_changed([&](std::uint32_t, std::uint32_t) { changed = true; });
    flash.set_op_hook([](const flash_op&) { return flash_op_action::skip; });
    const std::uint8_t data[] = {0, 0, 0, 0};
    EXPECT_EQ(flash.program(0, data, 4), flash_result::skipped);
    EXPECT_EQ(flash.storage().read32(0), 0xFFFFFFFFu);
    EXPECT_FALSE(changed);
}

TEST(nor_flash, tear_applies_the_first_half) {
    nor_flash flash("f", 2 * 4096, 4096);
    std::vector<std::uint8_t> zeros(2 * 4096, 0);
    flash.program(0, zeros.data(), zeros.size());
    flash.set_op_hook([](const flash_op&) { return flash_op_action::tear; });
    EXPECT_EQ(flash.erase(0, 8192), flash_result::skipped);
    EXPECT_EQ(flash.storage().read32(4092), 0xFFFFFFFFu);
    EXPECT_EQ(flash.storage().read32(4096), 0u);

    const std::uint8_t data[] = {0x11, 0x22, 0x33, 0x44};
    flash.program(0, data, 4);
    EXPECT_EQ(bytes_at(flash, 0, 4), (std::vector<std::uint8_t>{0x11, 0x22, 0xFF, 0xFF}));
}

TEST(nor_flash, reports_changed_ranges) {
    nor_flash flash("f", 8192, 4096);
    std::vector<std::pair<std::uint32_t, std::uint32_t>> ranges;
    flash.set_on_changed([&](std::uint32_t a, std::uint32_t s) { ranges.emplace_back(a, s); });
    const std::uint8_t data[] = {0, 0};
    flash.program(6, data, 2);
    flash.erase(4096, 4096);
    ASSERT_EQ(ranges.size(), 2u);
    EXPECT_EQ(ranges[0], std::make_pair(6u, 2u));
    EXPECT_EQ(ranges[1], std::make_pair(4096u, 4096u));
}

TEST(nor_flash, warns_about_programming_a_word_twice_without_erase) {
    nor_flash flash("f", 8192, 4096, 4, 1);
    std::vector<std::string> warnings;
    flash.set_on_warning([&](const std::string& w) { warnings.push_back(w); });
    const std::uint32_t word = 0x12345678;
    std::uint8_t data[4];
    std::memcpy(data, &word, 4);
    flash.program(8, data, 4);
    EXPECT_TRUE(warnings.empty());
    flash.program(8, data, 4);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_NE(warnings[0].find("0x8"), std::string::npos);
    EXPECT_EQ(flash.overprogram_count(), 1u);

    flash.erase(0, 4096);
    flash.program(8, data, 4);
    EXPECT_EQ(warnings.size(), 1u);
}

} // namespace

TEST(nor_flash, observers_see_every_operation_with_the_hook_decision) {
    nor_flash flash("f", 4096, 4096);
    flash.set_op_hook([](const flash_op& op) {
        return op.index == 1 ? flash_op_action::skip : flash_op_action::proceed;
    });
    std::vector<flash_op_action> first, second;
    flash.add_op_observer([&](const flash_op&, flash_op_action a) { first.push_back(a); });
    flash.add_op_observer([&](const flash_op&, flash_op_action a) { second.push_back(a); });
    const std::uint8_t data[] = {0, 0, 0, 0};
    flash.program(0, data, 4);
    flash.program(4, data, 4);
    const std::vector<flash_op_action> expected{flash_op_action::proceed, flash_op_action::skip};
    EXPECT_EQ(first, expected);
    EXPECT_EQ(second, expected);
    EXPECT_EQ(flash.storage().read32(4), 0xFFFFFFFFu);
}
