// The real third-party builds in ../shared/fixtures (outside the
// repository): NRF53SIM_FIXTURES overrides where they are. Tests that need
// them skip with the reason when they are absent, as on a user's clone.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

namespace test {

inline std::string fixtures_dir() {
    if (const char* dir = std::getenv("NRF53SIM_FIXTURES")) return dir;
    return SOURCE_DIR "/../shared/fixtures";
}

// The fixture's path, or "" when it is absent.
inline std::string fixture(const std::string& relative) {
    const std::string path = fixtures_dir() + "/" + relative;
    return std::filesystem::exists(path) ? path : "";
}

}  // namespace test

// Skips the test, naming the missing fixture.
#define REQUIRE_FIXTURE(var, relative)                                                               \
    const std::string var = test::fixture(relative);                                                 \
    if (var.empty()) GTEST_SKIP() << "fixture " << test::fixtures_dir() << "/" << relative           \
                                  << " is absent (third-party builds live outside the repository)"
