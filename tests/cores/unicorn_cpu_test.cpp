// What the core changes about Unicorn 2.0.1 (cores/unicorn_cpu.h lists
// its quirks): here the store path, which skips Unicorn's slow path for
// RAM without code (firmware/tests/core/store_path.c).
#include "tests/cores/core_rig.h"

#include <dlfcn.h>

using namespace test;
using sc_core::sc_time;
using sc_core::SC_MS;

namespace {

constexpr std::uint32_t cfsr_preciserr = 1u << 9, cfsr_bfarvalid = 1u << 15;

core_rig& store_path_rig() {
    static core_rig rig("app", core_rig::app_config());
    rig.load("core_store_path");
    run_for(sc_time(10, SC_MS));
    return rig;
}

} // namespace

extern "C" void tlb_set_page_with_attrs_arm(void*, std::uint32_t, std::uint64_t, std::uint32_t, int, int,
                                            std::uint32_t);
extern "C" void* page_collection_lock_arm(uc_engine*, std::uint64_t, std::uint64_t);

TEST(unicorn_cpu, code_rewritten_in_ram_runs_as_last_written) {
    core_rig& rig = store_path_rig();
    for (std::uint32_t run = 0; run < 24; ++run) EXPECT_EQ(rig.result(run), run) << "run " << run;
}

TEST(unicorn_cpu, a_store_to_flash_goes_to_the_bus_even_after_a_load_from_its_page) {
    core_rig& rig = store_path_rig();
    ASSERT_EQ(rig.device.exit_code, 25u);  // the store faulted
    const std::uint32_t word = rig.result(27);
    EXPECT_EQ(rig.result(24), word);  // BFAR
    EXPECT_EQ(rig.result(25), cfsr_preciserr | cfsr_bfarvalid);
    EXPECT_EQ(rig.result(26), 0x12345678u);  // unchanged in the array
    std::uint32_t in_flash = 0;
    std::memcpy(&in_flash, rig.flash.data() + (word - rig.flash_base), 4);
    EXPECT_EQ(in_flash, 0x12345678u);
}

// libunicorn's calls reach the core's definitions, not its own.
TEST(unicorn_cpu, the_store_path_functions_stand_in_for_unicorns) {
    EXPECT_EQ(dlsym(RTLD_DEFAULT, "tlb_set_page_with_attrs_arm"), reinterpret_cast<void*>(&tlb_set_page_with_attrs_arm));
    EXPECT_EQ(dlsym(RTLD_DEFAULT, "page_collection_lock_arm"), reinterpret_cast<void*>(&page_collection_lock_arm));
}
