// dfu_application.zip (sim/dfu/dfu_zip.h): the zip through libzip, then
// its manifest.
#include "fuzz_input.h"
#include "sim/dfu/dfu_zip.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return fuzz::run([&] { sim::parse_dfu_package(fuzz::text(data, size), "dfu_application.zip"); });
}
