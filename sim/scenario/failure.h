#pragma once

#include <string>

namespace sim {

// The outcome of a step that did not pass: its verdict's code and text.
struct failure {
    int code;  // exit_fail or exit_error (sim/scenario/runner.h)
    std::string text;
};

}  // namespace sim
