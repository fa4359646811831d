/* Everything slicing can break: memset/memcpy (newlib's, unrolled),
 * LDM/STM, IT blocks with conditional stores, side-effecting MMIO reads
 * and logged MMIO writes, recursion and tight loops. The host runs it
 * with every slice budget from 1 to 64 cycles and compares the final
 * registers, RAM and MMIO log with one uninterrupted run. */
#include <string.h>
#include "test_device.h"

static uint8_t a[700], b[700];
static uint32_t words[64];

static uint32_t fib(uint32_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static uint32_t it_blocks(uint32_t x)
{
  uint32_t out = 0;
  for (uint32_t i = 0; i < 40; i++) {
    __asm volatile("cmp %1, %2\n ite hi\n addhi %0, %0, %1\n subls %0, %0, #3\n"
                   "itt eq\n streq %0, [%3]\n addeq %0, #7"
                   : "+r"(out) : "r"(x), "r"(i * 3), "r"(&words[i & 63]) : "cc", "memory");
    x = x * 1103515245u + 12345u;
    x >>= 3;
  }
  return out;
}

static void ldm_stm(void)
{
  for (int k = 0; k < 8; k++) {
    __asm volatile("ldmia %0!, {r2-r7}\n stmia %1!, {r2-r7}"
                   : : "r"(&words[k * 6]), "r"(&words[(k * 6 + 17) & 31]) : "r2", "r3", "r4", "r5", "r6", "r7", "memory");
  }
}

int main(void)
{
  uint32_t sum = 0;
  memset(a, 0x5A, sizeof a);
  for (unsigned i = 0; i < sizeof a; i++) a[i] ^= (uint8_t)(i * 7);
  memcpy(b + 3, a + 1, sizeof a - 5);
  for (unsigned i = 0; i < 64; i++) words[i] = TEST_SEQUENCE * 0x01000193u;
  for (unsigned i = 0; i < 64; i++) TEST_RESULT(i & 15) = words[i] ^ i;
  sum += it_blocks(0xC0FFEE);
  ldm_stm();
  sum += fib(12);
  for (volatile uint32_t n = 0; n < 300; n++) sum += n;
  for (unsigned i = 0; i < sizeof b; i++) sum = (sum << 5 | sum >> 27) ^ b[i];
  for (unsigned i = 0; i < 64; i++) sum += words[i];
  TEST_RESULT(20) = sum;
  done(0);
}
