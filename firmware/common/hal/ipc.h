/* IPC: 16 send tasks and 16 receive events per core, routed over 16 shared
 * channels by SEND_CNF / RECEIVE_CNF bitmasks. The layout is the same on
 * both cores (app IRQ 42, net IRQ 18). */
#ifndef HAL_IPC_H
#define HAL_IPC_H

#include "hal/nrf53.h"

enum {
  IPC_TASKS_SEND0 = 0x000,     /* + 4n */
  IPC_SUBSCRIBE_SEND0 = 0x080, /* + 4n */
  IPC_EVENTS_RECEIVE0 = 0x100, /* + 4n */
  IPC_PUBLISH_RECEIVE0 = 0x180,/* + 4n */
  IPC_INTEN = 0x300,
  IPC_INTENSET = 0x304,
  IPC_INTENCLR = 0x308,
  IPC_INTPEND = 0x30C,
  IPC_SEND_CNF0 = 0x510,       /* + 4n */
  IPC_RECEIVE_CNF0 = 0x590,    /* + 4n */
  IPC_GPMEM0 = 0x610,
  IPC_GPMEM1 = 0x614,
};

#define IPC_CHANNEL_COUNT 16u
#define IPC_TASKS_SEND(n) (IPC_TASKS_SEND0 + 4u * (n))
#define IPC_EVENTS_RECEIVE(n) (IPC_EVENTS_RECEIVE0 + 4u * (n))
#define IPC_SEND_CNF(n) (IPC_SEND_CNF0 + 4u * (n))
#define IPC_RECEIVE_CNF(n) (IPC_RECEIVE_CNF0 + 4u * (n))

#define NRF_IPC_IRQN NRF_IRQN(NRF_IPC_BASE)

/* Identity mapping as Zephyr's mbox driver sets it up: send task n raises
 * channel n, and receive event n listens to channel n. */
static inline void ipc_config_send(unsigned channel)
{
  NRF_REG(NRF_IPC_BASE, IPC_SEND_CNF(channel)) = 1u << channel;
}

static inline void ipc_config_receive(unsigned channel)
{
  NRF_REG(NRF_IPC_BASE, IPC_EVENTS_RECEIVE(channel)) = NRF_EVENT_CLEAR;
  NRF_REG(NRF_IPC_BASE, IPC_RECEIVE_CNF(channel)) = 1u << channel;
  NRF_REG(NRF_IPC_BASE, IPC_INTENSET) = 1u << channel;
}

static inline void ipc_send(unsigned channel)
{
  NRF_REG(NRF_IPC_BASE, IPC_TASKS_SEND(channel)) = NRF_TASK;
}

#endif
