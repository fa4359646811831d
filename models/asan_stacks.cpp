#include "models/asan_stacks.h"

#if defined(__SANITIZE_ADDRESS__)
#define NRF53SIM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NRF53SIM_ASAN 1
#endif
#endif

#ifdef NRF53SIM_ASAN

#include <pthread.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <typeinfo>

#include <sysc/kernel/sc_cor.h>
#include <systemc>

namespace models {
namespace {

// SystemC 2.3.4's QuickThreads coroutine record, sc_cor_qt in
// sysc/kernel/sc_cor_qt.h (a header SystemC does not install): after the
// vtable pointer, the stack's size and its lowest address, the two values
// sc_cor_pkg_qt::yield passes to __sanitizer_start_switch_fiber.
constexpr std::size_t stack_size_offset = sizeof(void*);
constexpr std::size_t stack_offset = sizeof(void*) + sizeof(std::size_t);

struct coroutine_stack {
    void* bottom;
    std::size_t size;
};

coroutine_stack read_stack(const sc_core::sc_cor* cor) {
    const char* raw = reinterpret_cast<const char*>(cor);
    coroutine_stack s{};
    std::memcpy(&s.size, raw + stack_size_offset, sizeof s.size);
    std::memcpy(&s.bottom, raw + stack_offset, sizeof s.bottom);
    return s;
}

void write_stack(sc_core::sc_cor* cor, const coroutine_stack& s) {
    char* raw = reinterpret_cast<char*>(cor);
    std::memcpy(raw + stack_size_offset, &s.size, sizeof s.size);
    std::memcpy(raw + stack_offset, &s.bottom, sizeof s.bottom);
}

sc_core::sc_cor* g_main = nullptr;  // the main coroutine given a stack
coroutine_stack g_given{};

// The main coroutine is a static object of libsystemc whose destructor
// unmaps a coroutine's stack: it gets its empty record back before static
// destructors run (atexit handlers registered later run first).
void take_back() {
    if (g_main != nullptr) {
        const coroutine_stack now = read_stack(g_main);
        if (now.bottom == g_given.bottom && now.size == g_given.size) write_stack(g_main, coroutine_stack{});
        g_main = nullptr;
    }
}

}  // namespace

void give_systemc_main_stack_to_asan() {
    if (g_main != nullptr) return;
    sc_core::sc_cor_pkg* pkg = sc_core::sc_get_curr_simcontext()->cor_pkg();
    if (pkg == nullptr || std::strcmp(typeid(*pkg).name(), "N7sc_core13sc_cor_pkg_qtE") != 0) return;
    sc_core::sc_cor* main = pkg->get_main();
    if (main == nullptr || std::strcmp(typeid(*main).name(), "N7sc_core9sc_cor_qtE") != 0) return;
    const coroutine_stack recorded = read_stack(main);
    if (recorded.bottom != nullptr || recorded.size != 0) return;  // SystemC knows it already

    // The stack of this thread, which must be the one we run on (not a coroutine's).
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) != 0) return;
    coroutine_stack own{};
    const int got = pthread_attr_getstack(&attr, &own.bottom, &own.size);
    pthread_attr_destroy(&attr);
    const char here = 0;
    const auto at = reinterpret_cast<std::uintptr_t>(&here), low = reinterpret_cast<std::uintptr_t>(own.bottom);
    if (got != 0 || at < low || at - low >= own.size) return;

    write_stack(main, own);
    g_main = main;
    g_given = own;
    std::atexit(take_back);
}

}  // namespace models

#else

namespace models {
void give_systemc_main_stack_to_asan() {}
}  // namespace models

#endif
