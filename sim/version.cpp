// Program version, reported by `nrf53sim --version` and in reports.
namespace sim {
const char* version() { return "0.1.0"; }
}
