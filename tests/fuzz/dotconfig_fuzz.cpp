// Kconfig .config files (sim/dfu/dotconfig.h).
#include "fuzz_input.h"
#include "sim/dfu/dotconfig.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return fuzz::run([&] {
        const sim::dotconfig config = sim::dotconfig::parse(fuzz::text(data, size), ".config");
        config.numbers();
        config.is_yes("CONFIG_BOOTLOADER_MCUBOOT");
    });
}
