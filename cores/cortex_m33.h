// A Cortex-M33 (Armv8-M Mainline, secure-only firmware) as a SystemC
// module: Unicorn executes instructions, this class supplies everything
// Unicorn lacks — the System Control Space, exception entry/return with
// priorities, faults, sleep, resets, cycle accounting against a TLM
// quantum, and a debug interface. Flash and RAM are host buffers mapped
// straight into Unicorn; everything else is a TLM access on `bus`.
// Nothing here knows the nRF5340: the SoC instantiates and wires it.
//
// One class, defined by concern: cortex_m33.cpp (construction, SoC inputs,
// the SystemC thread's run loop), slicing.cpp (budgeted slices, the block
// hook and cache, hooked instructions), exceptions.cpp, time.cpp (clock,
// quantum, sleep and wake, SysTick), busy_wait.cpp (busy-wait loops
// skipped), memory.cpp (memory map, MMIO, the bus) and debug.cpp (the GDB
// stub's interface).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <deque>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include "cores/block_decoder.h"
#include "cores/fetch_timing.h"
#include "cores/nvic.h"
#include "cores/scs.h"
#include "cores/unicorn_cpu.h"
#include "models/irq.h"
#include "models/memory.h"
#include "models/router.h"

namespace armv8m {

struct core_config {
    core_features features;
    unsigned bus_master_id = 0;          // carried in models::bus_master
    std::uint32_t reset_vtor = 0;
    std::uint64_t clock_hz = 64'000'000;
    cycle_costs costs;
    std::uint64_t slice_limit = 0;       // cap on a slice's cycle budget (0: the quantum)
    bool skip_counted_loops = true;      // advance counted busy-wait loops without executing them
    // While the core only computes and nothing else in the system is due,
    // it may run this far ahead of the kernel in one slice (docs/timing.md,
    // "Host speed"); zero: never more than a quantum.
    sc_core::sc_time run_ahead = sc_core::SC_ZERO_TIME;
};

// Why the core stopped for its debugger.
enum class debug_stop { none, halt_request, breakpoint, watchpoint, step, lockup };

struct fault_report {
    std::string core;
    std::string reason;           // for lockups
    unsigned exception;           // the exception taken (HardFault after escalation)
    std::uint32_t pc;             // return address stacked
    std::uint32_t cfsr, hfsr, address;
};

enum class run_state { running, sleeping, held, locked_up, halted };

class cortex_m33 : public sc_core::sc_module, public models::irq_sink, private scs_host {
public:
    tlm_utils::simple_initiator_socket<cortex_m33> bus;

    cortex_m33(sc_core::sc_module_name name, const core_config& config);
    ~cortex_m33() override;

    // --- Memory map (set up before the simulation starts) ---
    // RAM: loads, stores and fetches run at full speed on the buffer.
    void map_ram(std::uint32_t base, models::memory& memory);
    // Flash-like memory: reads and fetches on the buffer, stores go to `bus`
    // (where the flash controller applies its rules).
    void map_rom(std::uint32_t base, models::memory& memory);
    // What fetching code from the mapped RAM or ROM region at `base` costs
    // (fetch_timing.h; none by default). Call from the SoC at any time
    // (a clock change moves wait states); takes effect at the next block.
    void set_fetch_timing(std::uint32_t base, const fetch_timing& timing);
    // Peripheral space: every access is a TLM transaction on `bus`.
    void map_io(std::uint32_t base, std::uint32_t size);
    // Narrows what this core may do in part of a mapped RAM or ROM region
    // (a protection unit's verdict, e.g. the SPU): a refused access is a
    // precise bus fault. Stores to ROM stay on `bus` while write is allowed.
    // Page granular (4 KiB). Call from the SoC at any time.
    void set_region_access(std::uint32_t base, std::uint32_t size, bool read, bool write, bool execute);

    // --- Inputs from the SoC ---
    void set_irq(unsigned line, bool level) override;
    void set_hold_in_reset(bool hold);   // held cores do not run; release resets them
    void request_reset();                // core reset, processed by the core's thread
    void set_clock(std::uint64_t hz);
    // Event input: another core's SEV, executed at its local time `at`.
    void signal_event(sc_core::sc_time at = sc_core::SC_ZERO_TIME);
    void invalidate_code(std::uint32_t address, std::uint32_t size);

    // --- Outputs to the SoC ---
    std::function<void()> on_system_reset_request;   // AIRCR.SYSRESETREQ
    std::function<void()> on_sev;                    // SEV executed
    std::function<void(const fault_report&)> on_fault;
    std::function<void(const fault_report&)> on_lockup;
    // Running, sleeping, held, locked up, halted: for timelines. Called at
    // the change, with local_time() the core's time of it.
    std::function<void(run_state)> on_state_change;

    // --- State ---
    run_state state() const { return m_state; }
    std::uint64_t clock_hz() const { return m_clock_hz; }
    // Instructions executed; skipped busy-wait iterations are not.
    std::uint64_t instructions() const { return m_instructions + m_slice_instructions; }
    std::uint64_t active_cycles() const { return m_active_cycles; }
    std::uint64_t clock_cycles() const override;     // since power-on, sleep included
    sc_core::sc_time local_time() const;             // this core's notion of now
    const nvic& exceptions() const { return m_nvic; }
    const system_control& scs() const { return m_scs; }
    unicorn_cpu& cpu() { return m_cpu; }

    // --- Debug interface (for the GDB stub) ---
    void debug_halt();
    void debug_resume();
    void debug_step();
    std::function<void(debug_stop)> on_debug_stop;
    std::uint32_t read_register(int uc_reg_id);
    void write_register(int uc_reg_id, std::uint32_t value);
    std::uint32_t msplim() const { return m_msplim; }
    std::uint32_t psplim() const { return m_psplim; }
    // Memory as this core sees it; writes to flash bypass its controller and
    // drop translated code (a debugger loading or patching an image).
    bool debug_read(std::uint32_t address, void* data, std::size_t size);
    bool debug_write(std::uint32_t address, const void* data, std::size_t size);
    void add_breakpoint(std::uint32_t address);
    void remove_breakpoint(std::uint32_t address);
    // Data watchpoints on memory (flash and RAM; not peripheral registers).
    // The core stops at the start of the block after the access; the
    // access itself is reported by last_watch().
    enum class watch_kind { write, read, access };
    void add_watchpoint(std::uint32_t address, std::uint32_t size, watch_kind kind);
    void remove_watchpoint(std::uint32_t address, std::uint32_t size, watch_kind kind);
    struct watch_hit {
        std::uint32_t address;   // the byte address accessed
        bool write;
        std::uint32_t pc;        // the instruction that made the access
    };
    const watch_hit& last_watch() const { return m_last_watch; }
    // Entry probes: on_entry(address) is called, and the core goes on, each
    // time execution reaches a block that starts at a probed address (a
    // branch target, as a reset handler a bootloader jumps to is).
    void add_entry_probe(std::uint32_t address);
    void clear_entry_probes();
    std::function<void(std::uint32_t address)> on_entry;

private:
    struct region {
        std::uint32_t base, size;
        models::memory* memory;  // null for peripheral space
        bool writable;
        fetch_timing* timing;    // null for peripheral space
    };
    struct io_window { cortex_m33* core; std::uint32_t base; };
    // What the block hook needs of a block, kept small: it is read for
    // every block executed.
    struct cached_block {
        std::uint64_t address = ~0ull;
        std::uint32_t size = 0;
        std::uint32_t instructions = 0, cycles = 0, flags = 0;
        std::uint32_t first_fp = 0, first_dsp = 0;
        fetch_timing timing;                    // of the memory it is fetched from (a copy: set_fetch_timing redecodes)
        bool timed = false;                     // fetches cost something (not RAM)
        std::uint32_t first_line = 0;           // address / 16
        std::uint16_t lines = 0, literal_loads = 0;
        std::uint32_t taken_extra = 0;          // block_info::taken_extra
        std::uint32_t cache_state = ~0u;        // the cache's state() when all its lines were last present
        bool stores = true;                     // block_info::stores (true when not decoded)
    };
    // Set on cached blocks only (never by the decoder): a block at an entry probe.
    static constexpr std::uint32_t block_entry_probe = 1u << 31;
    void forget_cached_block(std::uint32_t address);
    enum class slice_end { budget, wfi, wfe, fault, special_hooks, run_to, halt };

    static constexpr std::size_t block_cache_entries = 1 << 14;
    static constexpr std::uint32_t max_block_bytes = 4096;  // longest TB Unicorn makes is far shorter
    static constexpr std::uint64_t ps_per_second = 1'000'000'000'000ull;
    // A scratch page outside the nRF5340 map (the Armv8-M "vendor system"
    // region) holds code the host runs on the engine to reach state Unicorn
    // has no register API for: the stack limits and the exclusive monitor.
    static constexpr std::uint32_t scratch_base = 0xF0000000;

    SC_HAS_PROCESS(cortex_m33);
    void start_of_simulation() override;  // models/asan_stacks.h
    void thread();
    void do_reset();
    void run_running();
    void run_sleeping();
    slice_end run_slice(std::uint64_t budget);
    bool run_until(std::uint32_t target);
    void finish_slice();
    void sync();
    sc_core::sc_time quantum() const;
    void set_state(run_state state);
    std::uint64_t cycles_at(const sc_core::sc_time& t) const;
    sc_core::sc_time time_at(std::uint64_t cycles) const;
    sc_core::sc_time current_delay() const;

    // Exceptions
    priority_masks masks() const;
    bool take_pending_exception();
    void enter_exception(unsigned exc, std::uint32_t return_address);
    void raise_fault(unsigned exc, std::uint32_t cfsr, std::uint32_t return_address,
                     std::uint32_t fault_address = 0);
    void exception_return(std::uint32_t exc_return);
    void lockup(std::uint32_t pc, const std::string& why);
    bool read_vector(unsigned exc, std::uint32_t& handler);
    bool push_frame(std::uint32_t sp, bool extended, std::uint32_t return_address,
                    std::uint32_t& frame);
    void handle_stop_error(uc_err err);
    std::uint32_t faulting_instruction();

    // Hooks (static trampolines into the members)
    static void hook_block(uc_engine*, std::uint64_t address, std::uint32_t size, void* self);
    static void hook_interrupt(uc_engine*, std::uint32_t intno, void* self);
    static bool hook_invalid_insn(uc_engine*, void* self);
    static bool hook_unmapped(uc_engine*, uc_mem_type, std::uint64_t, int, std::int64_t, void*);
    static bool hook_rom_write(uc_engine*, uc_mem_type, std::uint64_t, int, std::int64_t, void*);
    static void hook_special(uc_engine*, std::uint64_t address, std::uint32_t size, void* self);
    static void hook_step(uc_engine*, std::uint64_t address, std::uint32_t size, void* self);
    static bool hook_watch(uc_engine*, uc_mem_type, std::uint64_t address, int size, std::int64_t, void* self);
    static std::uint64_t io_read(uc_engine*, std::uint64_t offset, unsigned size, void* window);
    static void io_write(uc_engine*, std::uint64_t offset, unsigned size, std::uint64_t value,
                         void* window);
    static std::uint64_t ppb_read(uc_engine*, std::uint64_t offset, unsigned size, void* self);
    static void ppb_write(uc_engine*, std::uint64_t offset, unsigned size, std::uint64_t value,
                          void* self);

    void account_block(std::uint64_t address, cached_block& block);
    std::uint32_t fetch_cycles(cached_block& block);
    std::uint32_t fetch_cycles_if_entered(const cached_block& block) const;
    std::uint32_t steady_fetch_cycles(const cached_block& block) const;
    void count_repeated_fetches(const cached_block& block, std::uint64_t repeats);
    void skip_busy_wait(bool same_value = true);
    void skip_polling(std::uint32_t address, std::uint32_t value);
    void skip_counted_loop(std::uint64_t address, const cached_block& block);
    void on_interrupt(std::uint32_t intno);
    void on_block_slow(std::uint64_t address, std::uint32_t size);
    bool may_run(const cached_block& block);
    void reach_entry_probe(std::uint64_t address);
    cached_block* block_at(std::uint64_t address, std::uint32_t size);
    bool queue_special_hooks(const block_info& info);
    void install_special_hooks();
    void request_stop() { m_stop_request = true; }
    void act_outward();
    void end_slice_by(std::uint64_t cycle);
    sc_core::sc_time slice_end_time() const;
    void stop_at(std::uint64_t address);
    bool bus_access(tlm::tlm_command cmd, std::uint32_t address, void* data, unsigned size);
    const region* find_region(std::uint32_t address) const;
    bool rom_write_blocked(std::uint32_t address) const;
    std::uint8_t* host_pointer(std::uint32_t address, std::size_t size, bool for_write);
    void update_forbidden_features();
    void apply_invalidations();
    void apply_access_changes();
    void arm_systick();
    void on_systick();
    bool breakpoint_in(std::uint64_t address, std::uint32_t size, std::uint32_t& at) const;

    // scs_host
    void exceptions_changed() override;
    void systick_changed() override;
    void fpu_access_changed() override;
    void system_reset_requested() override;
    unsigned current_exception() const override;

    core_config m_config;
    unicorn_cpu m_cpu;
    block_decoder m_decoder;
    nvic m_nvic;
    system_control m_scs;
    std::vector<region> m_regions;
    std::deque<fetch_timing> m_fetch_timings;   // one per memory region, stable addresses
    std::vector<std::unique_ptr<io_window>> m_io_windows;
    std::vector<cached_block> m_block_cache;

    // The slice in progress: what the block hook reads and writes for every
    // block executed, kept together (one or two host cache lines).
    std::uint64_t m_budget = 0, m_slice_cycles = 0, m_slice_instructions = 0;
    // The block before: where it falls through to, and what its final
    // branch costs more when taken (charged when the next block is elsewhere).
    std::uint64_t m_fall_through = 0;
    std::uint32_t m_taken_extra = 0;
    std::uint32_t m_block_pc = 0;               // the block executing (bus transactions carry it)
    std::uint32_t m_fetch_line = ~0u;           // the line in the fetch line buffer
    bool m_stored = false;  // a block that stores ran since the last busy-wait read
    // What sends a block to the slow path (on_block_slow)
    bool m_stop_request = false;
    bool m_running_to = false;
    bool m_have_breakpoints = false;
    bool m_stepping = false;
    bool m_have_resume_over = false;

    std::uint64_t m_slice_stall_cycles = 0;
    bool m_stopped_in_block = false;
    bool m_outward = false;  // the core acted on the rest of the system since it last synchronised
    std::unordered_map<std::uint64_t, counted_loop> m_counted_loops;  // by block address
    std::vector<std::pair<std::uint32_t, std::uint32_t>> m_rom_write_blocks;  // ROM ranges refusing stores
    struct access_change { std::uint32_t base, size; bool read, write, execute; };
    std::vector<access_change> m_access_changes;

    // Time: the core clock's cycle counter is the master; time follows it.
    std::uint64_t m_clock_hz;
    std::uint64_t m_cycles = 0;                 // at the end of the last slice
    std::uint64_t m_anchor_cycles = 0;          // clock changes re-anchor time
    sc_core::sc_time m_anchor_time;
    std::uint64_t m_instructions = 0, m_active_cycles = 0;

    std::uint64_t m_stop_address = 0;
    slice_end m_slice_end = slice_end::budget;
    std::uint32_t m_run_to = 0;                 // execute exactly up to here, then act
    std::uint32_t m_run_to_fault = 0;           // CFSR bits raised when reaching m_run_to
    std::uint32_t m_forbidden_blocks = 0;       // block flags this core cannot execute
    std::uint32_t m_fault_address = 0;
    bool m_pending_bus_error = false;
    std::uint32_t m_bus_error_address = 0;
    bool m_bus_error_write = false;

    // Core state the architecture keeps outside Unicorn's register file
    run_state m_state = run_state::held;
    bool m_hold = false;
    bool m_reset_pending = true;
    bool m_event_register = false;
    bool m_wfe_sleep = false;
    bool m_halt_request = false;
    std::uint32_t m_msplim = 0, m_psplim = 0;
    std::uint32_t m_spin_block = 0;              // busy-wait recognition
    std::uint64_t m_spin_instructions = 0, m_spin_reads = 0;
    std::uint32_t m_poll_address = 0, m_poll_value = 0;  // the last peripheral read
    std::map<std::uint32_t, special_insn> m_specials;   // hooked special instructions
    std::vector<special_insn> m_specials_to_hook;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> m_invalidations;
    // Pages (code_page_bytes) holding blocks this core has run since their
    // last invalidation: a memory change elsewhere drops nothing and does not
    // stop the slice (a flash update writes thousands of words into pages
    // with no code translated).
    static constexpr std::uint32_t code_page_bytes = 4096;
    std::vector<bool> m_code_pages = std::vector<bool>((std::uint64_t(1) << 32) / code_page_bytes);
    void note_code_page(std::uint64_t address, std::uint32_t size);
    std::set<std::uint32_t> m_breakpoints;
    std::set<std::uint32_t> m_entry_probes;
    struct watchpoint { std::uint32_t address, size; watch_kind kind; uc_hook hook; };
    std::vector<watchpoint> m_watchpoints;
    watch_hit m_last_watch{};
    bool m_watch_triggered = false;
    unsigned m_step_instructions = 0;
    std::uint32_t m_resume_over_breakpoint = 0;

    tlm::tlm_generic_payload m_trans;
    models::bus_master* m_master;  // owned by m_trans
    sc_core::sc_event m_wake_event;    // IRQ, event, reset, release, resume
    sc_core::sc_event m_systick_event;
};

} // namespace armv8m
