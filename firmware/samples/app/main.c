/* Sample application for the nRF5340 app core: banner, 128 MHz clock,
 * releases the network core, then exchanges SAMPLE_MESSAGES requests with
 * it over IPC + shared RAM, one per 100 ms RTC0 tick, sleeping in WFI in
 * between. See docs/firmware.md for the expected output. */
#include <stdbool.h>
#include <stdint.h>

#include "hal/clock.h"
#include "hal/console.h"
#include "hal/cortex_m.h"
#include "hal/gpio.h"
#include "hal/ipc.h"
#include "hal/rtc.h"
#include "hal/spu.h"
#include "mailbox.h"
#if defined(APP_CONFIRM_IMAGE)
#include "confirm.h"
#endif

#define SAMPLE_MESSAGES 5u
#define TICKS_PER_SECOND 10u
/* Give up on the net core after this many ticks without an answer. */
#define REPLY_TIMEOUT_TICKS 10u
#define IRQ_PRIORITY 1u

#define RTC(offset) NRF_REG(NRF_RTC0_BASE, offset)
#define IPC(offset) NRF_REG(NRF_IPC_BASE, offset)

/* Set by the interrupt handlers, consumed by main with interrupts off. */
static volatile bool g_tick_pending;
static volatile bool g_reply_pending;
static volatile uint32_t g_ticks;

/* RTC counts since tick 0, exact on average: every 10 ticks are exactly
 * 32768 counts. Unsigned wrap-around is harmless because 2^24 divides 2^32. */
static uint32_t tick_deadline(uint32_t tick)
{
  uint32_t counts = (tick / TICKS_PER_SECOND) * RTC_INPUT_HZ +
                    (tick % TICKS_PER_SECOND) * RTC_INPUT_HZ / TICKS_PER_SECOND;
  return counts & RTC_COUNTER_MASK;
}

static void rtc0_handler(void)
{
  if (RTC(RTC_EVENTS_COMPARE(0)) == 0) return;
  RTC(RTC_EVENTS_COMPARE(0)) = NRF_EVENT_CLEAR;
  (void)RTC(RTC_EVENTS_COMPARE(0)); /* read back: the clear lands before return */
  uint32_t ticks = g_ticks + 1u;
  g_ticks = ticks;
  RTC(RTC_CC(0)) = tick_deadline(ticks + 1u);
  g_tick_pending = true;
}

static void ipc_handler(void)
{
  if (IPC(IPC_EVENTS_RECEIVE(MAILBOX_CHANNEL_REPLY)) == 0) return;
  IPC(IPC_EVENTS_RECEIVE(MAILBOX_CHANNEL_REPLY)) = NRF_EVENT_CLEAR;
  (void)IPC(IPC_EVENTS_RECEIVE(MAILBOX_CHANNEL_REPLY));
  g_reply_pending = true;
}

enum wake_reason { WAKE_TICK = 1, WAKE_REPLY = 2 };

/* Sleeps until a handler has flagged something; returns and clears the flags. */
static unsigned wait_for_wake(void)
{
  for (;;) {
    __disable_irq();
    unsigned reasons = (g_tick_pending ? WAKE_TICK : 0u) | (g_reply_pending ? WAKE_REPLY : 0u);
    g_tick_pending = false;
    g_reply_pending = false;
    if (reasons != 0) {
      __enable_irq();
      return reasons;
    }
    cpu_sleep_until_interrupt();
    __enable_irq();
    __ISB();
  }
}

static void switch_to_128mhz(void)
{
  NRF_REG(NRF_CLOCK_BASE, CLOCK_HFCLKCTRL) = CLOCK_HFCLKCTRL_DIV1;
  console_printf("app: core clock %u MHz\n", (unsigned)clock_core_mhz());
}

static void start_ticks(void)
{
  clock_lfclk_start(CLOCK_LFCLKSRC_LFRC);
  RTC(RTC_PRESCALER) = 0;
  RTC(RTC_TASKS_CLEAR) = NRF_TASK;
  RTC(RTC_EVENTS_COMPARE(0)) = NRF_EVENT_CLEAR;
  RTC(RTC_CC(0)) = tick_deadline(1);
  RTC(RTC_INTENSET) = RTC_INT_COMPARE(0);
  irq_connect(NRF_IRQN(NRF_RTC0_BASE), IRQ_PRIORITY, rtc0_handler);
  RTC(RTC_TASKS_START) = NRF_TASK;
}

static void stop_ticks(void)
{
  RTC(RTC_INTENCLR) = RTC_INT_COMPARE(0);
  RTC(RTC_TASKS_STOP) = NRF_TASK;
  NVIC_DisableIRQ(NRF_IRQN(NRF_RTC0_BASE));
}

/* Everything the net core needs before it runs: secure access to app RAM
 * (where the mailbox is), its console pin, an empty mailbox, and our IPC
 * listening for its first message. */
static void release_network_core(void)
{
  NRF_REG(NRF_SPU_BASE, SPU_EXTDOMAIN0_PERM) = SPU_EXTDOMAIN_PERM_SECATTR;
  gpio_give_to_net_core(NRF_NET_CONSOLE_TXD_PORT, NRF_NET_CONSOLE_TXD_PIN);
  mailbox_post(MAILBOX_REQUEST, 0, 0);
  mailbox_post(MAILBOX_REPLY, 0, 0);
  ipc_config_send(MAILBOX_CHANNEL_REQUEST);
  ipc_config_receive(MAILBOX_CHANNEL_REPLY);
  irq_connect(NRF_IPC_IRQN, IRQ_PRIORITY, ipc_handler);
  __DSB();
  console_puts("app: releasing network core\n");
  NRF_REG(NRF_RESET_BASE, RESET_NETWORK_FORCEOFF) = RESET_NETWORK_FORCEOFF_RELEASE;
}

static void send_request(uint32_t sequence)
{
  mailbox_post(MAILBOX_REQUEST, sequence, mailbox_operand(sequence));
  __DSB(); /* the message is in RAM before the net core hears of it */
  ipc_send(MAILBOX_CHANNEL_REQUEST);
  console_printf("app: request %u sent\n", (unsigned)sequence);
}

/* Checks the reply slot against what was asked; returns false on a mismatch. */
static bool check_reply(uint32_t expected_sequence)
{
  uint32_t sequence = MAILBOX_REPLY->sequence;
  uint32_t value = MAILBOX_REPLY->value;
  uint32_t expected = expected_sequence == 0 ? MAILBOX_NET_READY
                                             : mailbox_answer(mailbox_operand(expected_sequence));
  if (sequence != expected_sequence || value != expected) {
    console_printf("app: error: reply %u value 0x%08x, expected %u value 0x%08x\n",
                   (unsigned)sequence, (unsigned)value, (unsigned)expected_sequence,
                   (unsigned)expected);
    return false;
  }
  if (sequence == 0) console_puts("app: network core ready\n");
  else console_printf("app: reply %u: %u -> %u\n", (unsigned)sequence,
                      (unsigned)mailbox_operand(sequence), (unsigned)value);
  return true;
}

/* The exchange: wait for "ready" (sequence 0), then one request per tick.
 * Returns the number of correct replies. */
static uint32_t exchange_messages(void)
{
  uint32_t awaited = 0; /* sequence of the reply we wait for */
  bool waiting = true;
  uint32_t waiting_since = g_ticks;
  uint32_t replies = 0;
  while (replies < SAMPLE_MESSAGES) {
    unsigned reasons = wait_for_wake();
    if (reasons & WAKE_REPLY) {
      if (!waiting || !check_reply(awaited)) return replies;
      if (awaited != 0) replies++;
      waiting = false;
    }
    if (reasons & WAKE_TICK) {
      uint32_t ticks = g_ticks;
      console_printf("app: tick %u\n", (unsigned)ticks);
      if (waiting && ticks - waiting_since >= REPLY_TIMEOUT_TICKS) {
        if (awaited == 0) console_puts("app: error: the network core did not report ready\n");
        else console_printf("app: error: no reply %u from the network core\n", (unsigned)awaited);
        return replies;
      }
      if (!waiting && replies < SAMPLE_MESSAGES) {
        awaited++;
        send_request(awaited);
        waiting = true;
        waiting_since = ticks;
      }
    }
  }
  return replies;
}

int main(void)
{
  console_init();
  console_puts("nrf53sim sample app v" APP_VERSION " (app core)\n");
#if defined(APP_CONFIRM_IMAGE)
  app_confirm_image();
#endif
  switch_to_128mhz();
  start_ticks();
  release_network_core();
  uint32_t replies = exchange_messages();
  stop_ticks();
  console_printf("app: done, %u replies\n", (unsigned)replies);
  return 0;
}
