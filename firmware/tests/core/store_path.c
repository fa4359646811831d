/* Stores as Unicorn's store path must treat them (cores/unicorn_cpu.cpp).
 * First, code the program writes into RAM and runs, rewriting it between
 * runs as a bootloader copying a function to RAM or a JIT does: every run
 * must execute the instructions last stored there; between runs it also
 * stores data beside the code on the same page, which must not disturb it.
 * TEST_RESULT(i) = what run i returned (it should be i).
 * Then a store to flash, after a load from the same page: it must reach
 * the bus (here nothing answers there: a BusFault, escalated), never the
 * array. TEST_RESULT(24..26) = BFAR, CFSR, the word after the store. */
#include "test_device.h"

#define RUNS 24u /* past Unicorn's switch to a per-page code bitmap (10 writes) */

static volatile uint16_t g_page[64] __attribute__((aligned(4)));
/* In flash (.rodata), on a page of its own: no code there. */
static const uint32_t g_flash_word __attribute__((aligned(4096))) = 0x12345678u;
#define FLASH_WORD (*(volatile uint32_t *)&g_flash_word)

void HardFault_Handler(void)
{
  TEST_RESULT(24) = BFAR;
  TEST_RESULT(25) = CFSR;
  TEST_RESULT(26) = FLASH_WORD;
  done(RUNS + 1);
}

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
  TEST_RESULT(27) = (uint32_t)&g_flash_word;
  TEST_RESULT(28) = FLASH_WORD;
  FLASH_WORD = 0;
  done(RUNS);
}
