/* Counted busy-wait loops (counted_loops.S), each reporting the counter
 * and flags it leaves and the cycles it took (results 3i, 3i+1, 3i+2);
 * the host runs the program with and without skipping them and compares.
 * The last loop (results 27-29) is interrupted by SysTick: results 30-33. */
#include "test_device.h"

struct loop_result { uint32_t counter, apsr; };
typedef void loop_fn(uint32_t start, struct loop_result *out);
loop_fn loop_subs, loop_subs_three_operands, loop_nrfx_delay, loop_count_up, loop_signed_down,
    loop_nop_high_register, loop_compare_first;

#define SYST_CSR_ENABLE_TICKINT_CPUCLK 7u

static uint32_t measure(unsigned index, loop_fn *loop, uint32_t start)
{
  struct loop_result r;
  const uint32_t before = DWT_CYCCNT;
  loop(start, &r);
  const uint32_t cycles = DWT_CYCCNT - before;
  TEST_RESULT(3 * index) = r.counter;
  TEST_RESULT(3 * index + 1) = r.apsr;
  TEST_RESULT(3 * index + 2) = cycles;
  return before;
}

static volatile uint32_t ticks;

void record_tick(uint32_t counter)
{
  const uint32_t now = DWT_CYCCNT;
  SYST_CSR = 0;  /* once */
  TEST_RESULT(30) = counter;
  TEST_RESULT(31) = now;
  ticks++;
}

int main(void)
{
  DEMCR |= 1u << 24;
  DWT_CTRL |= 1;
  measure(0, loop_subs, 10000000);
  measure(1, loop_subs_three_operands, 1000000);
  measure(2, loop_nrfx_delay, 1000001);  /* not a multiple of 3: ends below zero */
  measure(3, loop_count_up, 0);
  measure(4, loop_signed_down, 999999);
  measure(5, loop_nop_high_register, 500000);
  measure(6, loop_compare_first, 300000);

  SYST_RVR = 100000 - 1;  /* a tick 100000 cycles from now, in the middle of the loop */
  SYST_CVR = 0;
  SYST_CSR = SYST_CSR_ENABLE_TICKINT_CPUCLK;
  const uint32_t start = measure(9, loop_subs, 1000000);
  TEST_RESULT(32) = TEST_RESULT(31) - start;  /* cycles into the loop when the tick came */
  TEST_RESULT(33) = ticks;
  done(0);
}
