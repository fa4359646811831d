/* Code the program writes into RAM and runs, rewriting it between runs as
 * a bootloader copying a function to RAM or a JIT does: every run must
 * execute the instructions last stored there. Between runs it also stores
 * data beside the code on the same page, which must not disturb it.
 * TEST_RESULT(i) = what run i returned (it should be i). */
#include "test_device.h"

#define RUNS 24u /* past Unicorn's switch to a per-page code bitmap (10 writes) */

static volatile uint16_t g_page[64] __attribute__((aligned(4)));

int main(void)
{
  for (uint32_t i = 0; i < RUNS; i++) {
    g_page[0] = 0x2000u | i;  /* movs r0, #i */
    g_page[1] = 0x4770u;      /* bx lr */
    g_page[32 + i % 8] = (uint16_t)i;
    __asm volatile("dsb\n\tisb" ::: "memory");
    uint32_t (*run)(void) = (uint32_t (*)(void))((uintptr_t)g_page | 1u);
    TEST_RESULT(i) = run();
  }
  done(RUNS);
}
