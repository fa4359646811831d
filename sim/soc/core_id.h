// The nRF5340's two cores, and the two kinds of reset a user can apply
// from outside (what each clears is the SoC's business: docs/resets.md).
#pragma once

namespace sim {

enum class core_id { app, net };
// Defined here, with the type: sim/soc itself names cores in its messages.
inline const char* to_string(core_id core) { return core == core_id::app ? "app" : "net"; }

// pin: a reset through the nRESET pin. power: a power cycle (power-on
// reset). soft: the application core's SYSRESETREQ, as firmware rebooting
// itself asks for it. Flash and UICR survive all three.
enum class reset_kind { pin, power, soft };

}  // namespace sim
