/* App-core echo for --uart tests (tests/sim/uart_bridge_test.cpp): prints
 * "echo: ready" on UARTE0, then receives one byte at a time by EasyDMA
 * (RXD.PTR/MAXCNT, STARTRX, ENDRX) and sends it back unchanged. */
#include <stdint.h>

#include "hal/console.h"
#include "hal/cortex_m.h"
#include "hal/reg.h"
#include "hal/uarte.h"

#define UARTE(offset) NRF_REG(NRF_UARTE0_BASE, offset)
#define ECHO_RXD_PORT 1u
#define ECHO_RXD_PIN 0u

/* EasyDMA buffers must live in RAM. */
static volatile uint8_t s_rx_byte;
static volatile uint8_t s_tx_byte;

static void wait_and_clear(uint32_t event_offset) {
  while (UARTE(event_offset) == 0) {
  }
  UARTE(event_offset) = NRF_EVENT_CLEAR;
}

static uint8_t receive_byte(void) {
  UARTE(UARTE_RXD_PTR) = (uint32_t)(uintptr_t)&s_rx_byte;
  UARTE(UARTE_RXD_MAXCNT) = 1;
  UARTE(UARTE_TASKS_STARTRX) = NRF_TASK;
  wait_and_clear(UARTE_EVENTS_ENDRX);
  __DMB(); /* EasyDMA wrote the byte before it is read */
  return s_rx_byte;
}

static void send_byte(uint8_t byte) {
  s_tx_byte = byte;
  UARTE(UARTE_TXD_PTR) = (uint32_t)(uintptr_t)&s_tx_byte;
  UARTE(UARTE_TXD_MAXCNT) = 1;
  __DSB(); /* the byte is in RAM before EasyDMA reads it */
  UARTE(UARTE_TASKS_STARTTX) = NRF_TASK;
  wait_and_clear(UARTE_EVENTS_ENDTX);
}

int main(void) {
  console_init();
  /* PSEL may change only while the UARTE is disabled. */
  UARTE(UARTE_ENABLE) = UARTE_ENABLE_DISABLED;
  UARTE(UARTE_PSEL_RXD) = UARTE_PSEL(ECHO_RXD_PORT, ECHO_RXD_PIN);
  UARTE(UARTE_ENABLE) = UARTE_ENABLE_ENABLED;
  console_printf("echo: ready\n");
  UARTE(UARTE_EVENTS_ENDRX) = NRF_EVENT_CLEAR;
  UARTE(UARTE_EVENTS_ENDTX) = NRF_EVENT_CLEAR;
  for (;;) send_byte(receive_byte());
}
