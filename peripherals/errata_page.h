// Undocumented nRF5340 register pages that Nordic's own start-up code
// touches to work around anomalies (errata). Nordic publishes no register
// map for them; each word below is named after the erratum or the code
// that writes it, and its meaning is only what that public code says:
//   app 0x50032000 (secure only):
//     0x420 ERRATA140.LFRCCAL  nrfx MDK system_nrf5340_application.c
//           (errata 140, all revisions): SystemInit reads it; bit 31 set
//           means "reset occurred during calibration" and makes SystemInit
//           run an LFSYNT start/stop on CLOCK.
//     0x54C ERRATA46           same file, errata 46 (revisions 2-3):
//           SystemInit writes 0.
//   net 0x41002000:
//     0x118 / 0x124 / 0x12C ERRATA160  nrfx MDK system_nrf5340_network.c
//           (errata 160): SystemInit writes 0x7F, 0, 0.
//   net 0x41203000:
//     0x120 PRETICK            Zephyr soc/nordic/nrf53/soc.c
//           rtc_pretick_cpunet_init (anomaly 165 RTC pretick) writes 0x14
//           next to WDT CONFIG.STOPEN.
// Anomaly descriptions: nrfx MDK nrf53_erratas.h; nRF5340 errata sheet,
// https://docs.nordicsemi.com/bundle/errata_nRF5340_EngD/page/ERR/nRF5340/EngineeringD/latest/err_340.html
//
// Each word is plain storage, reset 0; any other offset of the page is an
// unmodelled access (logged, a bus error with --strict) like in every
// peripheral.
// Not modeled: what the words do on silicon.
// Deviates from HW: ERRATA140.LFRCCAL never reports an interrupted
//   calibration (bit 31 stays 0 unless written), so SystemInit's LFSYNT
//   recovery never runs.
#pragma once

#include <cstdint>

#include "models/peripheral.h"

namespace nrf {

class errata_page : public models::peripheral {
public:
    enum class page { app_50032000, net_41002000, net_41203000 };

    errata_page(sc_core::sc_module_name name, page which);
};

} // namespace nrf
