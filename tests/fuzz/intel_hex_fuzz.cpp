// The Intel HEX loader (sim/soc/loader.h), through srecord.
#include "fuzz_input.h"
#include "sim/soc/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = fuzz::as_file(data, size, "input.hex");
    return fuzz::run([&] { sim::load_image(path); });
}
