/* SPU (System Protection Unit): app core only, secure only, IRQ 3. */
#ifndef HAL_SPU_H
#define HAL_SPU_H

#include "hal/nrf53.h"

#if defined(NRF53_CORE_app)

enum {
  SPU_EVENTS_RAMACCERR = 0x100,
  SPU_EVENTS_FLASHACCERR = 0x104,
  SPU_EVENTS_PERIPHACCERR = 0x108,
  SPU_INTEN = 0x300,
  SPU_INTENSET = 0x304,
  SPU_INTENCLR = 0x308,
  SPU_CAP = 0x400,
  SPU_CPULOCK = 0x404,
  SPU_EXTDOMAIN0_PERM = 0x440, /* the network core's bus accesses */
  SPU_DPPI0_PERM = 0x480,
  SPU_DPPI0_LOCK = 0x484,
  SPU_GPIOPORT0_PERM = 0x4C0,  /* + 8n */
  SPU_GPIOPORT0_LOCK = 0x4C4,
  SPU_FLASHNSC0_REGION = 0x500,/* + 8n */
  SPU_FLASHNSC0_SIZE = 0x504,
  SPU_RAMNSC0_REGION = 0x540,  /* + 8n */
  SPU_RAMNSC0_SIZE = 0x544,
  SPU_FLASHREGION0_PERM = 0x600, /* + 4n, 64 regions of 16 KB */
  SPU_RAMREGION0_PERM = 0x700,   /* + 4n, 64 regions of 8 KB */
  SPU_PERIPHID0_PERM = 0x800,    /* + 4 * peripheral ID */
};

#define SPU_FLASHREGION_PERM(n) (SPU_FLASHREGION0_PERM + 4u * (n))
#define SPU_RAMREGION_PERM(n) (SPU_RAMREGION0_PERM + 4u * (n))
#define SPU_PERIPHID_PERM(id) (SPU_PERIPHID0_PERM + 4u * (id))
#define SPU_FLASH_REGION_SIZE 0x4000u
#define SPU_RAM_REGION_SIZE 0x2000u

/* FLASHREGION / RAMREGION PERM bits. */
#define SPU_PERM_EXECUTE (1u << 0)
#define SPU_PERM_WRITE (1u << 1)
#define SPU_PERM_READ (1u << 2)
#define SPU_PERM_SECATTR (1u << 4)
#define SPU_PERM_LOCK (1u << 8)

/* EXTDOMAIN[0].PERM: SECATTR=1 makes the net core's accesses into the app
 * domain secure, which app RAM (secure at reset) requires. */
#define SPU_EXTDOMAIN_PERM_SECATTR (1u << 4)
#define SPU_EXTDOMAIN_PERM_LOCK (1u << 8)

#endif

#endif
