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

int popcount(const std::vector<std::uint8_t>& bytes) {
    int n = 0;
    for (std::uint8_t b : bytes) n += __builtin_popcount(b);
    return n;
}

TEST(nor_flash, an_interrupted_erase_leaves_a_seeded_part_of_the_zero_bits) {
    nor_flash flash("f", 2 * 4096, 4096);
    std::vector<std::uint8_t> zeros(2 * 4096, 0);
    flash.program(0, zeros.data(), zeros.size());
    flash.set_op_hook([](const flash_op&) { return models::flash_op_decision{flash_op_action::partial_erase, 7}; });
    EXPECT_EQ(flash.erase(0, 4096), flash_result::skipped);  // power was cut: the controller stops
    const std::vector<std::uint8_t> page = bytes_at(flash, 0, 4096);
    const int erased_bits = popcount(page);
    EXPECT_GT(erased_bits, 4096 * 8 * 4 / 10);  // about half the cells were discharged...
    EXPECT_LT(erased_bits, 4096 * 8 * 6 / 10);  // ...and about half still read 0
    EXPECT_EQ(flash.storage().read32(4096), 0u);  // nothing outside the page

    // The same seed gives the same cells; another seed other cells.
    nor_flash again("g", 2 * 4096, 4096);
    again.program(0, zeros.data(), zeros.size());
    again.set_op_hook([](const flash_op&) { return models::flash_op_decision{flash_op_action::partial_erase, 7}; });
    again.erase(0, 4096);
    EXPECT_EQ(bytes_at(again, 0, 4096), page);
    again.program(0, zeros.data(), 4096);
    again.set_op_hook([](const flash_op&) { return models::flash_op_decision{flash_op_action::partial_erase, 8}; });
    again.erase(0, 4096);
    EXPECT_NE(bytes_at(again, 0, 4096), page);
}

TEST(nor_flash, an_interrupted_erase_never_clears_a_bit) {
    nor_flash flash("f", 4096, 4096);
    const std::uint8_t pattern[] = {0x0F, 0xF0, 0x55, 0xFF};
    flash.program(0, pattern, 4);
    flash.set_op_hook([](const flash_op&) { return models::flash_op_decision{flash_op_action::partial_erase, 3}; });
    flash.erase(0, 4096);
    for (std::uint32_t i = 0; i < 4; ++i) EXPECT_EQ(bytes_at(flash, i, 1)[0] & pattern[i], pattern[i]);
}

TEST(nor_flash, a_weak_program_completes_but_reads_back_with_some_bits_still_one) {
    nor_flash flash("f", 4096, 4096);
    flash.set_op_hook([](const flash_op&) { return models::flash_op_decision{flash_op_action::weak_program, 11}; });
    const std::vector<std::uint8_t> data(256, 0x00);
    EXPECT_EQ(flash.program(0, data.data(), 256), flash_result::done);  // the firmware sees it done
    const std::vector<std::uint8_t> read = bytes_at(flash, 0, 256);
    const int still_one = popcount(read);
    EXPECT_GT(still_one, 0);
    EXPECT_LT(still_one, 256 * 8 / 4);  // a few weak cells, not half the word
}

TEST(nor_flash, a_weak_program_misses_at_least_one_transition_and_only_transitions) {
    nor_flash flash("f", 4096, 4096);
    const std::uint8_t first[] = {0xF0, 0xFF, 0xFF, 0xFF};
    flash.program(0, first, 4);
    flash.set_op_hook([](const flash_op&) { return models::flash_op_decision{flash_op_action::weak_program, 1}; });
    const std::uint8_t second[] = {0x00, 0xFF, 0xFE, 0xFF};  // transitions: 0xF0 of byte 0, bit 0 of byte 2
    flash.program(0, second, 4);
    const std::vector<std::uint8_t> read = bytes_at(flash, 0, 4);
    EXPECT_NE(read, (std::vector<std::uint8_t>{0x00, 0xFF, 0xFE, 0xFF}));
    EXPECT_EQ(read[0] & 0x0F, 0);  // cells already 0 stay 0
    EXPECT_EQ(read[1], 0xFF);
    EXPECT_EQ(read[3], 0xFF);
}

TEST(nor_flash, a_lost_operation_reports_done_and_changes_nothing) {
    nor_flash flash("f", 4096, 4096);
    const std::uint8_t zeros[] = {0, 0, 0, 0};
    flash.program(0, zeros, 4);
    flash.set_op_hook([](const flash_op&) { return flash_op_action::lost; });
    const std::uint8_t data[] = {0, 0, 0, 0};
    EXPECT_EQ(flash.program(8, data, 4), flash_result::done);
    EXPECT_EQ(flash.erase(0, 4096), flash_result::done);
    EXPECT_EQ(flash.storage().read32(0), 0u);
    EXPECT_EQ(flash.storage().read32(8), 0xFFFFFFFFu);
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
