// `nrf53sim image sign|info|verify`: an imgtool-compatible signer and
// inspector for MCUboot images.
#pragma once

#include <iosfwd>

namespace sim {

// argv[0] is the word "image", argv[1] the action. Exit codes: 0 success,
// 1 a check failed (bad hash or signature), 2 bad usage or malformed input.
int image_main(int argc, char** argv);
int image_main(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace sim
