// The MCUboot image parser and checker (sim/dfu/image_format.h,
// image_crypto.h) behind nrf53sim image info and the slot report.
#include "fuzz_input.h"
#include "sim/dfu/image_crypto.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return fuzz::run([&] {
        const sim::image::parsed_image image = sim::image::parse(sim::image::bytes(data, data + size));
        sim::image::check(image, nullptr);
    });
}
