// The Armv8-M exception model, run on real programs (firmware/tests/core)
// and checked against what a Cortex-M33 does.
#include "tests/cores/core_rig.h"

using namespace test;
using sc_core::sc_time;
using sc_core::SC_MS;

namespace {

constexpr std::uint32_t cfsr_preciserr = 1u << 9, cfsr_bfarvalid = 1u << 15,
                        cfsr_undefinstr = 1u << 16, cfsr_nocp = 1u << 19, cfsr_stkof = 1u << 20;
constexpr std::uint32_t hfsr_forced = 1u << 30;

core_rig& app_rig(const std::string& program) {
    static core_rig rig("app", core_rig::app_config());
    rig.load(program);
    return rig;
}

} // namespace

TEST(exceptions, svc_runs_its_handler_and_returns_past_the_svc) {
    core_rig& rig = app_rig("core_svc");
    run_for(sc_time(10, SC_MS));
    ASSERT_EQ(rig.device.exit_code, 0u);
    EXPECT_EQ(rig.result(0), 1u);            // one SVC
    EXPECT_EQ(rig.result(1), 7u);            // its number, from the stacked PC
    EXPECT_EQ(rig.result(2), 41u);           // caller's r0 in the frame
    EXPECT_EQ(rig.result(3), 42u);           // value returned through the frame
    EXPECT_EQ(rig.result(4), 11u);           // IPSR = SVCall
    EXPECT_EQ(rig.result(5), 0xFFFFFFF9u);   // EXC_RETURN: Thread, MSP, basic frame
}

TEST(exceptions, pendsv_is_taken_at_once_and_systick_wraps_every_reload_plus_one_cycles) {
    core_rig& rig = app_rig("core_pendsv_systick");
    run_for(sc_time(50, SC_MS));
    ASSERT_EQ(rig.device.exit_code, 0u);
    EXPECT_EQ(rig.log(), (std::vector<std::uint32_t>{1, 0x50, 2}));
    // Ticks 10000 cycles apart (RVR 9999), give or take the handler's entry
    // (the CYCCNT read happens inside each handler, at the same offset).
    for (int i = 1; i < 4; ++i) {
        const std::int64_t gap = std::int64_t(rig.result(i)) - std::int64_t(rig.result(i - 1));
        EXPECT_NEAR(gap, 10000, 40) << "tick " << i;
    }
}

TEST(exceptions, priorities_preempt_and_pending_ones_tail_chain_in_priority_order) {
    core_rig& rig = app_rig("core_irq_priority");
    run_for(sc_time(10, SC_MS));
    ASSERT_EQ(rig.device.exit_code, 0u);
    // IRQ2 (0x40) preempts IRQ1 (0x80) at once, and so does IRQ5 (0x60) once
    // pended; IRQ3 (0xC0) and IRQ4 (0xA0) wait for IRQ1 to return, then
    // tail-chain by priority: 4 before 3, before Thread mode resumes.
    EXPECT_EQ(rig.log(), (std::vector<std::uint32_t>{0x10, 2, 0x11, 5, 0x12, 4, 3, 0xFF}));
}

TEST(exceptions, primask_and_basepri_hold_interrupts_until_unmasked_exactly_at_the_unmask) {
    core_rig& rig = app_rig("core_masking");
    run_for(sc_time(10, SC_MS));
    ASSERT_EQ(rig.device.exit_code, 0u);
    // 0x100/0x200/0x300 | after_unmask: 0 means taken right at the unmask,
    // before the next instruction ran (IRQ 0 under BASEPRI 0x80 is taken at
    // once, while after_unmask still holds the 1 of the PRIMASK part).
    EXPECT_EQ(rig.log(), (std::vector<std::uint32_t>{1, 0x100, 2, 0x101, 3, 0x200, 4, 5, 0x300, 6}));
}

TEST(exceptions, thread_on_psp_and_unprivileged_thread) {
    core_rig& rig = app_rig("core_psp_unpriv");
    run_for(sc_time(10, SC_MS));
    ASSERT_EQ(rig.device.exit_code, 0u);
    const std::uint32_t psp_top = rig.result(0);
    EXPECT_EQ(rig.result(1), 0xFFFFFFFDu);      // EXC_RETURN: Thread, PSP
    EXPECT_EQ(rig.result(2), psp_top - 32);     // the frame went onto PSP
    EXPECT_EQ(rig.result(3), 3u);               // unprivileged MSR CONTROL ignored
    EXPECT_EQ(rig.result(4), 1u);               // handler on MSP; nPRIV stays 1 (Handler mode is privileged anyway)
    EXPECT_EQ(rig.result(5), 2u);               // back: privileged, still on PSP
    EXPECT_EQ(rig.result(6), psp_top);          // PSP restored
    EXPECT_EQ(rig.result(7), 2u);
}

TEST(exceptions, fp_registers_survive_an_interrupt_in_the_extended_frame) {
    core_rig& rig = app_rig("core_fp_frame");
    run_for(sc_time(10, SC_MS));
    ASSERT_EQ(rig.device.exit_code, 0u);
    auto bits = [](float f) { std::uint32_t u; std::memcpy(&u, &f, 4); return u; };
    EXPECT_EQ(rig.result(0), bits(-0.5f));
    EXPECT_EQ(rig.result(1), bits(0.25f));
    EXPECT_EQ(rig.result(7), bits(3.0f));
    EXPECT_EQ(rig.result(8), bits(-2.0f));
    EXPECT_EQ(rig.result(15), bits(10.0f));
    EXPECT_EQ(rig.result(16), 0x00400000u);     // FPSCR
    EXPECT_EQ(rig.result(17), 0xFFFFFFE9u);     // EXC_RETURN: extended frame
    // Then CPACR turned the FPU off: the next FP instruction is a NOCP UsageFault.
    EXPECT_EQ(rig.result(20) & cfsr_nocp, cfsr_nocp);
}


TEST(exceptions, bus_fault_escalates_to_hardfault_with_cfsr_bfar_and_stacked_pc) {
    core_rig& rig = app_rig("core_faults");
    rig.poke_ram("g_case", 1);
    run_for(sc_time(10, SC_MS));
    ASSERT_EQ(rig.device.exit_code, 1u);
    EXPECT_EQ(rig.result(0), 3u);                               // HardFault
    EXPECT_EQ(rig.result(1), cfsr_preciserr | cfsr_bfarvalid);
    EXPECT_EQ(rig.result(2), hfsr_forced);
    EXPECT_EQ(rig.result(3), 0x30000000u);                      // BFAR
    EXPECT_EQ(rig.result(4), rig.result(5));                    // stacked PC = the LDR
    ASSERT_EQ(rig.faults.size(), 1u);                           // logged once
    EXPECT_EQ(rig.faults[0].address, 0x30000000u);
    EXPECT_EQ(rig.faults[0].pc, rig.result(5));
}

TEST(exceptions, enabled_bus_fault_reaches_its_own_handler) {
    core_rig& rig = app_rig("core_faults");
    rig.poke_ram("g_case", 2);
    run_for(sc_time(10, SC_MS));
    ASSERT_EQ(rig.device.exit_code, 2u);
    EXPECT_EQ(rig.result(0), 5u);  // BusFault
    EXPECT_EQ(rig.result(1), cfsr_preciserr | cfsr_bfarvalid);
    EXPECT_EQ(rig.result(2), 0u);
}

TEST(exceptions, undefined_instruction_is_a_usage_fault) {
    core_rig& rig = app_rig("core_faults");
    rig.poke_ram("g_case", 3);
    run_for(sc_time(10, SC_MS));
    ASSERT_EQ(rig.device.exit_code, 3u);
    EXPECT_EQ(rig.result(0), 6u);
    EXPECT_EQ(rig.result(1), cfsr_undefinstr);
    EXPECT_EQ(rig.result(4), rig.result(6));  // stacked PC = the UDF
}

TEST(exceptions, fault_in_the_hardfault_handler_is_a_lockup_reported_with_pc) {
    core_rig& rig = app_rig("core_faults");
    rig.poke_ram("g_case", 4);
    run_for(sc_time(10, SC_MS));
    EXPECT_FALSE(rig.device.exit_code.has_value());
    ASSERT_EQ(rig.lockups.size(), 1u);
    EXPECT_EQ(rig.core.state(), armv8m::run_state::locked_up);
    EXPECT_EQ(rig.lockups[0].core, "app_core");
    EXPECT_EQ(rig.lockups[0].exception, 3u);
    EXPECT_NE(rig.lockups[0].pc, 0u);
}

TEST(exceptions, push_below_msplim_is_a_stack_overflow_usage_fault) {
    core_rig& rig = app_rig("core_faults");
    rig.poke_ram("g_case", 5);
    run_for(sc_time(10, SC_MS));
    ASSERT_EQ(rig.device.exit_code, 5u);
    EXPECT_EQ(rig.result(0), 6u);
    EXPECT_EQ(rig.result(1) & cfsr_stkof, cfsr_stkof);
}

TEST(exceptions, stacking_an_interrupt_frame_below_psplim_is_a_stack_overflow) {
    core_rig& rig = app_rig("core_faults");
    rig.poke_ram("g_case", 6);
    run_for(sc_time(10, SC_MS));
    ASSERT_EQ(rig.device.exit_code, 6u);
    EXPECT_EQ(rig.result(0), 6u);
    EXPECT_EQ(rig.result(1) & cfsr_stkof, cfsr_stkof);
}

TEST(exceptions, memory_a_protection_unit_closes_faults_precisely) {
    core_rig& rig = app_rig("core_faults");
    rig.poke_ram("g_case", 7);
    rig.core.set_region_access(0x20010000, 0x2000, false, false, false);
    run_for(sc_time(10, SC_MS));
    ASSERT_EQ(rig.device.exit_code, 7u);
    EXPECT_EQ(rig.result(0), 3u);
    EXPECT_EQ(rig.result(1), cfsr_preciserr | cfsr_bfarvalid);
    EXPECT_EQ(rig.result(3), 0x20010000u);
}

TEST(exceptions, memory_a_protection_unit_closes_faults_a_store_to_ram_written_before) {
    core_rig& rig = app_rig("core_faults");
    rig.poke_ram("g_case", 8);
    rig.device.stop_on_done = false;
    run_for(sc_time(1, SC_MS));
    ASSERT_EQ(rig.result(8), 1u);  // the program has stored there
    rig.core.set_region_access(0x20010000, 0x2000, true, false, true);
    rig.device.results[9] = 1;
    run_for(sc_time(1, SC_MS));
    ASSERT_EQ(rig.device.exit_code, 8u);
    EXPECT_EQ(rig.result(0), 3u);
    EXPECT_EQ(rig.result(1), cfsr_preciserr | cfsr_bfarvalid);
    EXPECT_EQ(rig.result(3), 0x20010000u);
    std::uint32_t stored = 0;
    std::memcpy(&stored, rig.shared_ram->data() + 0x10000, 4);
    EXPECT_EQ(stored, 1u);  // the second store never landed
}

TEST(exceptions, bootloader_relocates_vtor_and_jumps_into_an_application) {
    core_rig& rig = app_rig("core_boot_stage1");
    rig.load("core_boot_stage2");
    run_for(sc_time(10, SC_MS));
    ASSERT_EQ(rig.device.exit_code, 0u);
    EXPECT_EQ(rig.result(0), 0xB0u);     // the bootloader ran
    EXPECT_EQ(rig.result(1), 0x8000u);   // the application sees the new VTOR
    EXPECT_EQ(rig.result(2), 0xA5u);     // and its SVC went to its own handler
}

TEST(exceptions, sysresetreq_resets_the_core_and_ram_survives) {
    core_rig& rig = app_rig("core_sysreset");
    run_for(sc_time(10, SC_MS));
    ASSERT_EQ(rig.device.exit_code, 0u);
    EXPECT_EQ(rig.resets, 1u);
    EXPECT_EQ(rig.result(0), 2u);        // second boot
    EXPECT_EQ(rig.result(1), 0x1000u);   // VTOR 0 on both boots
    EXPECT_EQ(rig.result(2), 0x2000u);
}

TEST(exceptions, wfi_sleeps_until_an_interrupt_and_wfe_uses_the_event_register) {
    core_rig& rig = app_rig("core_sleep");
    std::vector<armv8m::run_state> states;
    rig.core.on_state_change = [&](armv8m::run_state s) { states.push_back(s); };
    run_for(sc_time(10, SC_MS));
    // Reported for timelines: reset release, then sleep/wake three times.
    const auto sleeps = std::count(states.begin(), states.end(), armv8m::run_state::sleeping);
    EXPECT_EQ(sleeps, 3);
    ASSERT_EQ(rig.device.exit_code, 0u);
    // Slept 500 us at 64 MHz: CYCCNT counts the sleeping clock too.
    EXPECT_NEAR(double(rig.result(0)), 500e-6 * 64e6, 200);
    EXPECT_EQ(rig.log(), (std::vector<std::uint32_t>{0x31, 1, 2, 0x32, 3, 4, 0x33, 5}));
    // The host never spent time on the sleeping core: 800 us of sleep took
    // no instructions.
    EXPECT_LT(rig.core.instructions(), 5000u);
}

// With a 1 ms quantum the core reaches each WFI microseconds ahead of the
// SoC; the interrupt and the reset it asked for come before that, while
// the core waits for the SoC to catch up. (A power cut in the sweep hit
// this: the reset was lost and the application core slept for good.)
TEST(exceptions, an_interrupt_or_reset_arriving_while_the_core_catches_up_still_wakes_it) {
    core_rig& rig = app_rig("core_late_wake");
    tlm::tlm_global_quantum::instance().set(sc_time(1, SC_MS));
    run_for(sc_time(10, SC_MS));
    tlm::tlm_global_quantum::instance().set(sc_core::SC_ZERO_TIME);
    ASSERT_EQ(rig.device.exit_code, 0u) << "the core slept through the interrupt or the reset";
    EXPECT_EQ(rig.result(0), 1u);  // the first WFI ended by the interrupt
    EXPECT_EQ(rig.result(1), 2u);  // booted again after the reset
    EXPECT_LT(rig.device.exit_time.to_seconds(), 1e-3);
}

TEST(exceptions, network_core_faults_on_fp_and_dsp_instructions) {
    core_rig rig("net", core_rig::net_config());
    rig.load("core_net_features");
    rig.poke_ram("g_case", 1);
    run_for(sc_time(10, SC_MS));
    ASSERT_EQ(rig.device.exit_code, 1u);
    EXPECT_EQ(rig.result(0), cfsr_nocp);
    EXPECT_EQ(rig.result(1), 1u);                // the store before it in the block ran
    EXPECT_EQ(rig.result(2), rig.result(3));     // stacked PC = the VADD
}

TEST(exceptions, network_core_dsp_instruction_is_undefined) {
    core_rig rig("net", core_rig::net_config());
    rig.load("core_net_features");
    rig.poke_ram("g_case", 2);
    run_for(sc_time(10, SC_MS));
    ASSERT_EQ(rig.device.exit_code, 2u);
    EXPECT_EQ(rig.result(0), cfsr_undefinstr);
    EXPECT_EQ(rig.result(1), 2u);
    EXPECT_EQ(rig.result(2), rig.result(4));     // stacked PC = the SMLABB
}

TEST(exceptions, sleep_on_exit_returns_to_sleep_after_each_handler) {
    core_rig& rig = app_rig("core_sleep_on_exit");
    run_for(sc_time(10, SC_MS));
    ASSERT_EQ(rig.device.exit_code, 0u);
    EXPECT_EQ(rig.result(0), 3u);  // three interrupts handled
    EXPECT_EQ(rig.result(1), 1u);  // Thread code ran once, after the last
    EXPECT_NEAR(rig.device.exit_time.to_seconds(), 150e-6, 10e-6);
}
