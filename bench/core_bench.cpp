// Core model speed, measured against raw Unicorn in the same run (median of
// 5 repetitions each): a call-heavy workload and a tight loop, then both
// cores together, then a counted busy wait executed and skipped. The cores
// fetch from flash as on the SoC: wait states, and a cache that is on
// (sim/soc/code_timing.h), so the fetch accounting is part of the cost.
// Prints `name: value unit` lines for bench/run.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include <systemc>
#include <tlm_utils/simple_target_socket.h>
#include <unicorn/unicorn.h>

#include "cores/cortex_m33.h"
#include "cores/unicorn_cpu.h"
#include "models/line_cache.h"
#include "models/memory.h"
#include "models/router.h"
#include "sim/soc/loader.h"

namespace {

constexpr int repetitions = 5;
constexpr std::uint32_t done_register = 0x40000000;

std::string program(const std::string& name) { return std::string(FIRMWARE_DIR) + "/tests/core/" + name + ".elf"; }

void load_into(const std::string& elf, std::uint8_t* flash, std::uint32_t flash_base) {
    const sim::loaded_image image = sim::load_elf(elf);
    for (const sim::memory_range& r : image.contents.ranges())
        std::memcpy(flash + (r.address - flash_base), r.bytes.data(), r.bytes.size());
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

// --- raw Unicorn: the program alone, no model around it -------------------
// (With the core's store path, cores/unicorn_cpu.cpp, so that the ratio is
// the model's own cost.)

void stop_on_done(uc_engine* uc, std::uint64_t, unsigned, std::uint64_t, void*) { uc_emu_stop(uc); }
std::uint64_t read_zero(uc_engine*, std::uint64_t, unsigned, void*) { return 0; }

double raw_seconds(const std::string& elf) {
    models::memory flash("flash", 0x100000, 0xFF), ram("ram", 0x80000);
    load_into(elf, flash.data(), 0);
    armv8m::unicorn_cpu cpu;
    uc_engine* uc = cpu.engine();
    uc_mem_map_ptr(uc, 0, flash.size(), UC_PROT_READ | UC_PROT_EXEC, flash.data());
    uc_mem_map_ptr(uc, 0x20000000, ram.size(), UC_PROT_ALL, ram.data());
    cpu.note_ram(0x20000000, 0x20000000 + ram.size());
    uc_mmio_map(uc, done_register, 0x1000, read_zero, nullptr, stop_on_done, nullptr);
    uc_mmio_map(uc, 0xE0000000, 0x100000, read_zero, nullptr,
                [](uc_engine*, std::uint64_t, unsigned, std::uint64_t, void*) {}, nullptr);
    cpu.set_sp(flash.read32(0));
    const auto t0 = std::chrono::steady_clock::now();
    cpu.run(flash.read32(4));
    return seconds_since(t0);
}

// --- the full core model in SystemC, in a child process per run ------------

struct done_device : sc_core::sc_module {
    tlm_utils::simple_target_socket<done_device> socket;
    int remaining;
    std::uint32_t results[64] = {};
    explicit done_device(sc_core::sc_module_name n, int cores) : sc_module(n), socket("socket"), remaining(cores) {
        socket.register_b_transport(this, &done_device::b_transport);
    }
    void b_transport(tlm::tlm_generic_payload& t, sc_core::sc_time&) {
        t.set_response_status(tlm::TLM_OK_RESPONSE);
        if (!t.is_write()) return;
        std::uint32_t value;
        std::memcpy(&value, t.get_data_ptr(), 4);
        if (t.get_address() >= 0x100 && t.get_address() < 0x200) results[(t.get_address() - 0x100) / 4] = value;
        if (t.get_address() == 0 && --remaining == 0) sc_core::sc_stop();
    }
};

struct model_result { double seconds; std::uint64_t instructions; std::uint32_t results[4]; };

struct machine {
    models::memory ram{"ram", 0x80000};
    done_device device{"device", 0};
    std::vector<std::unique_ptr<models::memory>> memories;
    std::vector<std::unique_ptr<models::line_cache>> caches;
    std::vector<std::unique_ptr<models::router>> routers;
    std::vector<std::unique_ptr<armv8m::cortex_m33>> cores;

    void add_core(const std::string& elf, bool net, bool skip_counted_loops) {
        armv8m::core_config c;
        c.skip_counted_loops = skip_counted_loops;
        c.run_ahead = sc_core::sc_time(1, sc_core::SC_MS);  // as the SoC sets it (sim/soc/soc.cpp)
        c.features = net ? armv8m::core_features{30, 3, 8, false, false, false}
                         : armv8m::core_features{69, 3, 8, true, true, true};
        c.reset_vtor = net ? 0x01000000 : 0;
        c.clock_hz = net ? 64'000'000 : 128'000'000;
        c.bus_master_id = net;
        const std::string n = net ? "net" : "app";
        auto& flash = *memories.emplace_back(std::make_unique<models::memory>(n + ".flash", 0x100000, 0xFF));
        load_into(elf, flash.data(), c.reset_vtor);
        auto& bus = *routers.emplace_back(std::make_unique<models::router>((n + "_bus").c_str()));
        auto& core = *cores.emplace_back(std::make_unique<armv8m::cortex_m33>((n + "_core").c_str(), c));
        core.bus.bind(bus.in);
        if (cores.size() == 1) bus.map(done_register, 0x1000, device.socket, "done");
        else bus.map(done_register, 0x1000, *routers[0]->find(done_register)->target, "done");
        core.map_rom(c.reset_vtor, flash);
        auto& cache = *caches.emplace_back(std::make_unique<models::line_cache>(net ? 2048 : 8192));
        cache.enable(true);
        const std::uint32_t wait = net ? 4 : 8;  // sim/soc/code_timing.h at 64 / 128 MHz
        core.set_fetch_timing(c.reset_vtor, {wait, wait + 1, &cache});
        core.map_ram(0x20000000, ram);
        if (net) {
            auto& own = *memories.emplace_back(std::make_unique<models::memory>("net.ram", 0x10000));
            core.map_ram(0x21000000, own);
        }
        core.map_io(done_register, 0x1000);
        ++device.remaining;
    }
};

model_result model_run(const std::vector<std::pair<std::string, bool>>& programs,
                       bool skip_counted_loops = true) {
    machine m;
    for (const auto& [elf, net] : programs) m.add_core(elf, net, skip_counted_loops);
    const auto t0 = std::chrono::steady_clock::now();
    sc_core::sc_start();
    model_result r{seconds_since(t0), 0, {}};
    for (auto& core : m.cores) r.instructions += core->instructions();
    std::memcpy(r.results, m.device.results, sizeof r.results);
    return r;
}

// A SystemC kernel elaborates once per process: each model run is a child.
model_result in_child(const std::function<model_result()>& run) {
    std::fflush(stdout);  // or the child's exit would print the parent's buffer again
    int fds[2];
    if (pipe(fds) != 0) return {0, 0, {}};
    const pid_t pid = fork();
    if (pid == 0) {
        const model_result r = run();
        if (write(fds[1], &r, sizeof r) != sizeof r) _exit(2);
        _exit(0);
    }
    close(fds[1]);
    model_result r{0, 0, {}};
    if (read(fds[0], &r, sizeof r) != sizeof r) r = {0, 0, {}};
    close(fds[0]);
    int status;
    waitpid(pid, &status, 0);
    return r;
}

struct figures { double raw_mips, model_mips; };

figures measure(const std::string& name) {
    const std::string elf = program(name);
    std::vector<double> raw, model;
    std::uint64_t instructions = 0;
    for (int i = 0; i < repetitions; ++i) {
        const model_result r = in_child([&] { return model_run({{elf, false}}); });
        instructions = r.instructions;
        model.push_back(r.instructions / r.seconds / 1e6);
        raw.push_back(instructions / raw_seconds(elf) / 1e6);
    }
    return {median(raw), median(model)};
}

} // namespace

int sc_main(int, char**) {
    sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    const figures calls = measure("core_bench_calls");
    std::printf("core.raw_mips.calls: %.1f MIPS\n", calls.raw_mips);
    std::printf("core.model_mips.calls: %.1f MIPS\n", calls.model_mips);
    std::printf("core.model_ratio.calls: %.0f %%\n", 100 * calls.model_mips / calls.raw_mips);
    const figures loop = measure("core_bench_loop");
    std::printf("core.raw_mips.loop: %.1f MIPS\n", loop.raw_mips);
    std::printf("core.model_mips.loop: %.1f MIPS\n", loop.model_mips);
    std::printf("core.model_ratio.loop: %.0f %%\n", 100 * loop.model_mips / loop.raw_mips);

    std::vector<double> dual;
    for (int i = 0; i < repetitions; ++i) {
        const model_result r = in_child([] {
            return model_run({{program("core_bench_calls"), false}, {program("core_bench_calls_net"), true}});
        });
        dual.push_back(r.instructions / r.seconds / 1e6);
    }
    const double dual_mips = median(dual);
    std::printf("core.dual_mips.calls: %.1f MIPS\n", dual_mips);
    std::printf("core.dual_ratio.calls: %.0f %%\n", 100 * dual_mips / calls.model_mips);

    // A 100 ms busy wait as nrfx_coredep_delay_us counts it, executed and skipped.
    std::vector<double> executed, skipped;
    for (int i = 0; i < repetitions; ++i) {
        executed.push_back(in_child([] { return model_run({{program("core_bench_delay"), false}}, false); }).seconds);
        skipped.push_back(in_child([] { return model_run({{program("core_bench_delay"), false}}, true); }).seconds);
    }
    std::printf("core.busy_wait_100ms.executed: %.1f ms\n", 1e3 * median(executed));
    std::printf("core.busy_wait_100ms.skipped: %.1f ms\n", 1e3 * median(skipped));
    std::printf("core.busy_wait_100ms.speedup: %.1f x\n", median(executed) / median(skipped));

    // The bootloader's signature check as the application core runs it.
    const model_result verify = in_child([] { return model_run({{program("core_verify"), false}}); });
    std::printf("boot.ecdsa_p256_verify: %u cycles\n", verify.results[0]);
    std::printf("boot.ecdsa_p256_verify_128mhz: %.1f ms\n", verify.results[0] / 128e3);
    std::printf("boot.sha256_4k: %u cycles\n", verify.results[1]);
    return 0;
}
