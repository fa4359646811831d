/* Benchmark workloads: a call-heavy loop (calls and returns dominate,
 * as in real firmware), a tight single-block loop, and a 100 ms busy wait
 * the way nrfx_coredep_delay_us counts it at 128 MHz (a counted loop the
 * core may skip). The host reads the iteration counts from the symbols'
 * defaults. */
#include "test_device.h"

#if WORKLOAD_CALLS
__attribute__((noinline)) static uint32_t f(uint32_t x) { return x * 3 + 1; }
__attribute__((noinline)) static uint32_t g(uint32_t x) { return f(x) ^ (x >> 2); }
#endif

int main(void)
{
  uint32_t acc = 0;
#if WORKLOAD_CALLS
  for (uint32_t i = 0; i < 4000000; i++) acc = g(acc + i);
#elif WORKLOAD_DELAY
  register uint32_t cycles __asm("r0") = 100000 * 128;
  __asm volatile(".balign 16\n1: subs r0, #3\n bhi 1b" : "+r"(cycles) : : "cc");
  acc = cycles;
#else
  volatile uint32_t *p = (volatile uint32_t *)0x20001000;
  for (uint32_t i = 0; i < 40000000; i++) acc += p[i & 7] + i;
#endif
  TEST_RESULT(0) = acc;
  TEST_DONE = 0;
  for (;;) __asm volatile("wfi"); /* sleep: a finished core costs nothing */
}
