/* The sample's app <-> net message protocol, shared by both images.
 *
 * One message slot per direction in the shared RAM area (app RAM, reached
 * by the net core at the same address once SPU.EXTDOMAIN[0] is secure):
 *   request (app -> net) at 0x20070000, signalled on IPC channel 0;
 *   reply   (net -> app) at 0x20078000, signalled on IPC channel 1.
 * The writer fills the slot, then DSB, then triggers TASKS_SEND; the
 * reader looks at the slot only after the IPC event, and the app sends
 * the next request only after the previous reply, so a slot is never
 * written while it is being read.
 *
 * The net core first sends a reply with sequence 0 and value
 * MAILBOX_NET_READY once its IPC is configured: requests sent before that
 * would be lost. Request n (1, 2, ...) carries operand n * 11; the reply
 * echoes n and carries mailbox_answer(operand). */
#ifndef SAMPLES_MAILBOX_H
#define SAMPLES_MAILBOX_H

#include <stdint.h>
#include "hal/nrf53.h"

struct mailbox_message {
  uint32_t sequence;
  uint32_t value;
};

#define MAILBOX_REQUEST ((volatile struct mailbox_message *)NRF_SHARED_RAM_APP_TO_NET)
#define MAILBOX_REPLY ((volatile struct mailbox_message *)NRF_SHARED_RAM_NET_TO_APP)
#define MAILBOX_CHANNEL_REQUEST 0u
#define MAILBOX_CHANNEL_REPLY 1u
#define MAILBOX_NET_READY 0x52454459u /* "REDY" */

static inline uint32_t mailbox_operand(uint32_t sequence) { return sequence * 11u; }

/* What the net core computes for a request. */
static inline uint32_t mailbox_answer(uint32_t operand) { return operand * operand + 1u; }

static inline void mailbox_post(volatile struct mailbox_message *slot, uint32_t sequence,
                                uint32_t value)
{
  slot->sequence = sequence;
  slot->value = value;
}

#endif
