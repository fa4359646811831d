// The ELF loader (sim/soc/loader.h), through libelf: headers, segments,
// sections and symbols.
#include "fuzz_input.h"
#include "sim/soc/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = fuzz::as_file(data, size, "input.elf");
    return fuzz::run([&] { sim::load_image(path); });
}
