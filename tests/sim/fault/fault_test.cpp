#include "sim/fault/fault.h"

#include <gtest/gtest.h>

#include "sim/soc/soc.h"

using namespace sim;

namespace {

const std::uint8_t zeros[4] = {0, 0, 0, 0};

}  // namespace

TEST(fault, kinds_have_names_and_apply_to_their_operations) {
    for (fault_kind kind : all_fault_kinds) EXPECT_EQ(fault_kind_from_string(to_string(kind)), kind);
    EXPECT_FALSE(fault_kind_from_string("brownout"));
    using op = models::flash_op::kind;
    EXPECT_TRUE(applies_to(fault_kind::interrupted_erase, op::erase));
    EXPECT_FALSE(applies_to(fault_kind::interrupted_erase, op::program));
    EXPECT_TRUE(applies_to(fault_kind::weak_program, op::program));
    EXPECT_FALSE(applies_to(fault_kind::weak_program, op::erase));
    EXPECT_TRUE(cuts_power(fault_kind::torn));
    EXPECT_FALSE(cuts_power(fault_kind::reset_after));
    EXPECT_FALSE(cuts_power(fault_kind::silent_write_failure));
}

TEST(fault, a_power_cut_skips_its_operation_and_everything_after_it_until_power_on) {
    soc chip("soc");
    fault_injector injector(chip);
    std::vector<fault_kind> struck;
    injector.on_fault = [&](fault_kind kind) { struck.push_back(kind); };
    injector.arm({{2, fault_kind::power_cut}, {1, fault_kind::power_cut}}, 0);
    models::nor_flash& app = chip.flash(core_id::app);
    models::nor_flash& ext = chip.external_flash();
    EXPECT_EQ(app.program(0, zeros, 4), models::flash_result::done);     // operation 1
    EXPECT_EQ(ext.program(0, zeros, 4), models::flash_result::skipped);  // 2: cut
    EXPECT_TRUE(injector.power_is_off());
    EXPECT_EQ(app.program(4, zeros, 4), models::flash_result::skipped);  // power is off
    EXPECT_EQ(ext.storage().read32(0), 0xFFFFFFFFu);
    EXPECT_EQ(app.storage().read32(4), 0xFFFFFFFFu);
    injector.power_on();
    EXPECT_EQ(chip.flash(core_id::net).program(0, zeros, 4), models::flash_result::skipped);  // segment 2, op 1
    injector.power_on();
    EXPECT_EQ(app.program(8, zeros, 4), models::flash_result::done);  // no more faults
    EXPECT_EQ(injector.operations(), 1u);
    EXPECT_EQ(struck, (std::vector<fault_kind>{fault_kind::power_cut, fault_kind::power_cut}));
}

TEST(fault, a_torn_fault_leaves_half_the_word) {
    soc chip("soc");
    fault_injector injector(chip);
    injector.arm({{1, fault_kind::torn}}, 0);
    chip.flash(core_id::app).program(0, zeros, 4);
    EXPECT_EQ(chip.flash(core_id::app).storage().read32(0), 0xFFFF0000u);
}

TEST(fault, an_interrupted_erase_waits_for_the_first_erase_from_its_operation) {
    soc chip("soc");
    fault_injector injector(chip);
    injector.arm({{1, fault_kind::interrupted_erase}}, 5);
    models::nor_flash& app = chip.flash(core_id::app);
    std::vector<std::uint8_t> page(4096, 0);
    EXPECT_EQ(app.program(0, page.data(), page.size()), models::flash_result::done);  // a program: not struck
    EXPECT_EQ(app.erase(0, 4096), models::flash_result::skipped);                    // struck: power lost
    EXPECT_TRUE(injector.power_is_off());
    EXPECT_NE(app.storage().read32(0), 0xFFFFFFFFu);  // part of the page still programmed
}

TEST(fault, faults_that_keep_power_let_the_next_segment_count_from_the_next_operation) {
    soc chip("soc");
    fault_injector injector(chip);
    int struck = 0;
    injector.on_fault = [&](fault_kind) { ++struck; };
    injector.arm({{1, fault_kind::silent_write_failure}, {2, fault_kind::weak_program}}, 9);
    models::nor_flash& app = chip.flash(core_id::app);
    EXPECT_EQ(app.program(0, zeros, 4), models::flash_result::done);  // lost, the firmware sees it done
    EXPECT_EQ(app.storage().read32(0), 0xFFFFFFFFu);
    EXPECT_FALSE(injector.power_is_off());
    EXPECT_EQ(app.program(4, zeros, 4), models::flash_result::done);  // segment 2, op 1
    EXPECT_EQ(app.storage().read32(4), 0u);
    EXPECT_EQ(app.program(8, zeros, 4), models::flash_result::done);  // op 2: weak
    EXPECT_NE(app.storage().read32(8), 0u);
    EXPECT_EQ(struck, 2);
}

TEST(fault, a_point_armed_at_the_operation_being_decided_strikes_it) {
    // The sweep forks its child from inside the decision of operation 3.
    soc chip("soc");
    fault_injector injector(chip);
    injector.arm({}, 0);
    injector.before_operation = [&](std::uint64_t number, flash_array, const models::flash_op&) {
        if (number == 3) injector.arm_at(3, {{3, fault_kind::power_cut}}, 0);
    };
    models::nor_flash& app = chip.flash(core_id::app);
    EXPECT_EQ(app.program(0, zeros, 4), models::flash_result::done);
    EXPECT_EQ(app.program(4, zeros, 4), models::flash_result::done);
    EXPECT_EQ(app.program(8, zeros, 4), models::flash_result::skipped);
    EXPECT_EQ(injector.faults_done(), 1u);
}
