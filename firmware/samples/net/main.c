/* Sample application for the nRF5340 network core: banner, then answers
 * the app core's requests (IPC channel 0 in, channel 1 out, messages in
 * shared app RAM), sleeping in WFI in between. See docs/firmware.md. */
#include <stdbool.h>
#include <stdint.h>

#include "hal/console.h"
#include "hal/cortex_m.h"
#include "hal/ipc.h"
#include "mailbox.h"

#define IRQ_PRIORITY 1u
#define IPC(offset) NRF_REG(NRF_IPC_BASE, offset)

static volatile bool g_request_pending;

static void ipc_handler(void)
{
  if (IPC(IPC_EVENTS_RECEIVE(MAILBOX_CHANNEL_REQUEST)) == 0) return;
  IPC(IPC_EVENTS_RECEIVE(MAILBOX_CHANNEL_REQUEST)) = NRF_EVENT_CLEAR;
  (void)IPC(IPC_EVENTS_RECEIVE(MAILBOX_CHANNEL_REQUEST)); /* the clear lands before return */
  g_request_pending = true;
}

static void wait_for_request(void)
{
  for (;;) {
    __disable_irq();
    if (g_request_pending) {
      g_request_pending = false;
      __enable_irq();
      return;
    }
    cpu_sleep_until_interrupt();
    __enable_irq();
    __ISB();
  }
}

static void reply(uint32_t sequence, uint32_t value)
{
  mailbox_post(MAILBOX_REPLY, sequence, value);
  __DSB(); /* the reply is in RAM before the app core hears of it */
  ipc_send(MAILBOX_CHANNEL_REPLY);
}

static void answer_request(void)
{
  uint32_t sequence = MAILBOX_REQUEST->sequence;
  uint32_t operand = MAILBOX_REQUEST->value;
  uint32_t answer = mailbox_answer(operand);
  reply(sequence, answer);
  console_printf("net: request %u: %u -> %u\n", (unsigned)sequence, (unsigned)operand,
                 (unsigned)answer);
}

int main(void)
{
  console_init();
  console_puts("nrf53sim sample net v" NET_VERSION " (net core)\n");
  ipc_config_send(MAILBOX_CHANNEL_REPLY);
  ipc_config_receive(MAILBOX_CHANNEL_REQUEST);
  irq_connect(NRF_IPC_IRQN, IRQ_PRIORITY, ipc_handler);
  reply(0, MAILBOX_NET_READY);
  console_puts("net: ready\n");
  for (;;) {
    wait_for_request();
    answer_request();
  }
}
