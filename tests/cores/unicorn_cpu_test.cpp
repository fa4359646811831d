// What the core takes from Unicorn 2.0.1 and changes about it
// (cores/unicorn_cpu.h lists the quirks).
#include "tests/cores/core_rig.h"

#include <dlfcn.h>

using namespace test;
using sc_core::sc_time;
using sc_core::SC_MS;

extern "C" void* page_collection_lock_arm(uc_engine*, std::uint64_t, std::uint64_t);

TEST(unicorn_cpu, code_rewritten_in_ram_runs_as_last_written) {
    core_rig rig("app", core_rig::app_config());
    rig.load("core_ram_code");
    run_for(sc_time(10, SC_MS));
    ASSERT_EQ(rig.device.exit_code, 24u);
    for (std::uint32_t run = 0; run < 24; ++run) EXPECT_EQ(rig.result(run), run) << "run " << run;
}

// The store path's page collection is the core's allocation-free one, not
// libunicorn's (a GLib tree per guest store to RAM).
TEST(unicorn_cpu, stores_to_ram_use_the_allocation_free_page_collection) {
    EXPECT_EQ(dlsym(RTLD_DEFAULT, "page_collection_lock_arm"), reinterpret_cast<void*>(&page_collection_lock_arm));
    EXPECT_EQ(page_collection_lock_arm(nullptr, 0x20000000, 0x20000004), nullptr);
}
