/* Cycle calibration on the application core at 128 MHz: instruction
 * sequences (calibration.S) timed with DWT CYCCNT, from flash with the
 * CACHE off and on, and from RAM, against the cycles measured on Cortex-M33
 * silicon (github.com/jnk0le/random, "pipeline cycle test/doc/
 * cortex_m33.md", RP2350; Arm KA001260 for MULS) plus the flash wait
 * states the simulator charges per 16-byte line (docs/timing.md). Each
 * figure is per loop iteration, the loop's own `subs ; bne` (3 cycles)
 * included, worked out from runs of 100 and 200 iterations so that what
 * happens around the loop cancels. Prints one line per measurement and
 * "calibration: all N passed" or "calibration: K of N failed". */
#include <stdint.h>

#include "hal/clock.h"
#include "hal/console.h"
#include "hal/reg.h"

typedef uint32_t (*sequence_fn)(uint32_t iterations, uint32_t *scratch);

#define DECLARE(name) \
  uint32_t cal_##name##_flash(uint32_t, uint32_t *); \
  uint32_t cal_##name##_ram(uint32_t, uint32_t *);
DECLARE(alu4)
DECLARE(load_use)
DECLARE(load_store)
DECLARE(ldm4)
DECLARE(push_pop4)
DECLARE(ldrd)
DECLARE(muls)
DECLARE(mul_w)
DECLARE(shifted)
DECLARE(taken_paired)
DECLARE(not_taken)
DECLARE(mla_chain)
DECLARE(load_mla)
DECLARE(uxtab_chain)
DECLARE(it_opposite)
DECLARE(fp_dependent)
DECLARE(fp_fused)
DECLARE(two_lines)

struct sequence {
  const char *name;
  sequence_fn flash, ram;
  uint32_t cycles;      /* per iteration on silicon, zero wait states */
  uint32_t flash_lines; /* lines the loop spans (fetched each iteration without the cache when > 1) */
};

#define ROW(name, cycles, lines) {#name, cal_##name##_flash, cal_##name##_ram, cycles, lines}
static const struct sequence sequences[] = {
    ROW(alu4, 4 + 3, 1),          /* data processing: 1 cycle each */
    ROW(load_use, 3 + 3, 1),      /* load-to-use latency 2 */
    ROW(load_store, 2 + 3, 1),    /* load-to-store latency 1 */
    ROW(ldm4, 4 + 3, 1),          /* LDM of x registers: x cycles */
    ROW(push_pop4, 8 + 3, 1),
    ROW(ldrd, 2 + 3, 1),          /* LDRD: 2 cycles */
    ROW(muls, 2 + 3, 1),          /* MULS.N: 2 cycles (KA001260) */
    ROW(mul_w, 1 + 3, 1),         /* MUL.W: 1 cycle */
    ROW(shifted, 3 + 3, 1),       /* shifted-register operand2: result latency 2 */
    ROW(taken_paired, 1 + 1 + 1, 1), /* subs ; add ; bne: the taken branch pairs with the add */
    ROW(not_taken, 1 + 3, 1),     /* cmp ; beq not taken: the branch pairs (0 cycles) */
    ROW(mla_chain, 2 + 3, 1),     /* MLA's accumulator chains from a MAC: no stall */
    ROW(load_mla, 2 + 3, 1),      /* ... and from a load in 1 cycle */
    ROW(uxtab_chain, 2 + 3, 1),   /* UXTAB's accumulator chains like a MAC's */
    ROW(it_opposite, 3 + 3, 1),   /* cmp ; ite eq (pairs) ; addeq.w ...,ror (out: a NOP) ; addne r0 (no stall) */
    ROW(fp_dependent, 3 + 3, 1),  /* VADD result latency 2 */
    ROW(fp_fused, 4 + 3, 1),      /* no FP instruction in the 2 cycles after VFMA */
    ROW(two_lines, 12 + 3, 2),
};
#define SEQUENCES (sizeof sequences / sizeof sequences[0])

enum { DEMCR = 0xE000EDFCu, DWT_CTRL = 0xE0001000u };
enum { CACHE_BASE = 0x50001000u, CACHE_IHIT = 0x400, CACHE_IMISS = 0x404, CACHE_ENABLE = 0x500,
       CACHE_PROFILINGENABLE = 0x50C, CACHE_PROFILINGCLEAR = 0x510 };
#define CACHE(offset) NRF_REG(CACHE_BASE, offset)
#define CLOCK(offset) NRF_REG(NRF_CLOCK_BASE, offset)

/* Flash wait states per line the simulator charges (docs/timing.md). */
static uint32_t flash_wait_states(uint32_t mhz) { return mhz == 128 ? 8 : 4; }

static uint32_t scratch[8];
static unsigned failures, measurements;

static uint32_t per_iteration(sequence_fn fn) {
  const uint32_t once = fn(100, scratch);
  const uint32_t twice = fn(200, scratch);
  return (twice - once + 50) / 100;
}

static void check(const char *name, const char *where, uint32_t measured, uint32_t expected) {
  const int32_t error = (int32_t)(measured - expected);
  const int ok = error >= -1 && error <= 1;
  ++measurements;
  if (!ok) ++failures;
  console_printf("cal %s %s: %u cycles, expected %u%s\n", name, where, (unsigned)measured, (unsigned)expected,
                 ok ? "" : " FAIL");
}

static void run_all(const char *where, int from_ram, uint32_t extra_per_line) {
  for (unsigned i = 0; i < SEQUENCES; ++i) {
    const struct sequence *s = &sequences[i];
    const uint32_t lines_fetched = s->flash_lines > 1 ? s->flash_lines : 0;
    check(s->name, where, per_iteration(from_ram ? s->ram : s->flash), s->cycles + lines_fetched * extra_per_line);
  }
}

/* The CACHE's profiling counters see the loop's fetches as hits once its
 * lines are in, and count nothing while profiling is off. */
static void check_profiling(void) {
  CACHE(CACHE_PROFILINGCLEAR) = 1;
  CACHE(CACHE_PROFILINGENABLE) = 1;
  cal_two_lines_flash(100, scratch);
  const uint32_t hits = CACHE(CACHE_IHIT), misses = CACHE(CACHE_IMISS);
  CACHE(CACHE_PROFILINGENABLE) = 0;
  cal_two_lines_flash(100, scratch);
  const int counting = hits >= 2 * 99 && misses <= 4 && CACHE(CACHE_IHIT) == hits;
  ++measurements;
  if (!counting) ++failures;
  console_printf("cal profiling: %u hits, %u misses%s\n", (unsigned)hits, (unsigned)misses, counting ? "" : " FAIL");
}

int main(void) {
  console_init();
  NRF_REG(DEMCR, 0) |= 1u << 24; /* TRCENA */
  NRF_REG(DWT_CTRL, 0) |= 1u;    /* CYCCNTENA */
  CLOCK(CLOCK_HFCLKCTRL) = 0; /* HCLK 128 MHz */

  CACHE(CACHE_ENABLE) = 0;
  run_all("flash cache off", 0, flash_wait_states(128));
  CACHE(CACHE_ENABLE) = 1;
  run_all("flash cache on", 0, 0);
  check_profiling();
  run_all("ram", 1, 0);

  CACHE(CACHE_ENABLE) = 0;
  CLOCK(CLOCK_HFCLKCTRL) = 1; /* HCLK 64 MHz: half the wait states */
  check("two_lines", "flash cache off 64 MHz", per_iteration(cal_two_lines_flash), 15 + 2 * flash_wait_states(64));

  if (failures == 0) console_printf("calibration: all %u passed\n", measurements);
  else console_printf("calibration: %u of %u failed\n", failures, measurements);
  for (;;) {
  }
}
