/* MUTEX (app peripheral, shared with the net core at the same address):
 * reading MUTEX[n] returns 0 and takes it if it was free, 1 if it is taken;
 * writing 0 frees it. */
#ifndef HAL_MUTEX_H
#define HAL_MUTEX_H

#include <stdbool.h>
#include "hal/nrf53.h"

enum { MUTEX_MUTEX0 = 0x400 /* + 4n */ };

#define MUTEX_COUNT 16u
#define MUTEX_MUTEX(n) (MUTEX_MUTEX0 + 4u * (n))

static inline bool mutex_try_lock(unsigned n)
{
  return NRF_REG(NRF_MUTEX_BASE, MUTEX_MUTEX(n)) == 0;
}

static inline void mutex_lock(unsigned n)
{
  while (!mutex_try_lock(n)) {
  }
}

static inline void mutex_unlock(unsigned n)
{
  NRF_REG(NRF_MUTEX_BASE, MUTEX_MUTEX(n)) = 0;
}

#endif
