// AddressSanitizer and SystemC's coroutines (the sanitizer build,
// docs/fuzzing.md).
//
// SystemC 2.3.4 (QuickThreads) tells ASan of every switch between its
// coroutines: sc_cor_pkg_qt::yield calls __sanitizer_start_switch_fiber with
// the stack of the coroutine it switches to. The main coroutine, which runs
// sc_main, the scheduler and the SC_METHODs, has no stack of its own in
// SystemC's records (0 bytes at address 0), so after the first switch back
// to it ASan believes the main stack is empty. The next function that does
// not return on that stack (a C++ throw, a longjmp, exit) then makes ASan
// print "WARNING: ASan is ignoring requested __asan_handle_no_return: stack
// type: default top: 0x000000000000; …" and skip clearing the stack's
// poison, so false reports may follow.
//
// give_systemc_main_stack_to_asan() writes the calling thread's stack (the
// one sc_start runs on) into the main coroutine's record, so that SystemC
// hands ASan the real bounds from then on. It must run once the coroutine
// package exists and before any process runs: the cores call it from
// armv8m::cortex_m33::start_of_simulation. Without ASan, or when SystemC's
// coroutine package is not QuickThreads or already knows the main stack, it
// does nothing.
#pragma once

namespace models {

void give_systemc_main_stack_to_asan();

}  // namespace models
