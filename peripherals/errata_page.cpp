#include "peripherals/errata_page.h"

namespace nrf {

errata_page::errata_page(sc_core::sc_module_name name, page which) : peripheral(name) {
    using R = models::regs<errata_page>;
    static constexpr R::row app_50032000[] = {
        R::rw("ERRATA140.LFRCCAL", 0x420),
        R::rw("ERRATA46", 0x54C),
    };
    static constexpr R::row net_41002000[] = {
        R::rw("ERRATA160_118", 0x118),
        R::rw("ERRATA160_124", 0x124),
        R::rw("ERRATA160_12C", 0x12C),
    };
    static constexpr R::row net_41203000[] = {
        R::rw("PRETICK", 0x120),
    };
    switch (which) {
    case page::app_50032000: declare_registers(*this, app_50032000); break;
    case page::net_41002000: declare_registers(*this, net_41002000); break;
    case page::net_41203000: declare_registers(*this, net_41203000); break;
    }
    reset();
}

} // namespace nrf
