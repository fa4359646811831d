// Raw binaries placed at addresses (sim/soc/loader.h, memory_ranges) and
// checked against each core's memories (sim/soc/soc.h, check_loadable).
// The input is a list of pieces: a 4-byte address, a 2-byte length, then
// that many bytes, as several --app FILE@ADDRESS arguments would give.
#include "fuzz_input.h"
#include "sim/soc/soc.h"

#include <algorithm>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return fuzz::run([&] {
        sim::loaded_image image;
        image.path = "fuzz.bin";
        std::size_t at = 0;
        while (size - at >= 6) {
            const std::uint32_t address = std::uint32_t(data[at]) | std::uint32_t(data[at + 1]) << 8 |
                                          std::uint32_t(data[at + 2]) << 16 | std::uint32_t(data[at + 3]) << 24;
            const std::size_t length = std::min<std::size_t>(data[at + 4] | data[at + 5] << 8, size - at - 6);
            image.contents.add(address, data + at + 6, length, image.path);
            at += 6 + length;
        }
        for (sim::core_id core : {sim::core_id::app, sim::core_id::net}) {
            try {
                sim::check_loadable(core, image);
            } catch (const sim::input_error&) {
            }
        }
    });
}
