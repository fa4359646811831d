// The scenario parser (sim/scenario/scenario.h) on arbitrary YAML.
#include "fuzz_input.h"
#include "sim/scenario/scenario.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return fuzz::run([&] {
        sim::variable_sources variables;
        variables.defaults["build"] = "/nonexistent-build";  // images named by ${build} do not exist
        sim::parse_scenario(fuzz::text(data, size), "fuzz.yaml", "/nonexistent-dir", variables);
    });
}
