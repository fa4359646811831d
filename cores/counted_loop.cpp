#include "cores/counted_loop.h"

#include <algorithm>

namespace armv8m {

namespace {

constexpr std::uint32_t sign_bit = 0x80000000u;

struct nzcv { bool n, z, c, v; };

nzcv flags_of(std::uint32_t a, std::uint32_t b, bool subtract) {
    const std::uint32_t r = subtract ? a - b : a + b;
    const bool carry = subtract ? a >= b : r < a;
    const bool overflow = (((subtract ? a ^ b : ~(a ^ b)) & (a ^ r)) >> 31) != 0;
    return {(r >> 31) != 0, r == 0, carry, overflow};
}

bool holds(unsigned condition, const nzcv& f) {
    bool result = true;
    switch (condition >> 1) {
    case 0: result = f.z; break;                 // EQ, NE
    case 1: result = f.c; break;                 // CS, CC
    case 2: result = f.n; break;                 // MI, PL
    case 3: result = f.v; break;                 // VS, VC
    case 4: result = f.c && !f.z; break;         // HI, LS
    case 5: result = f.n == f.v; break;          // GE, LT
    case 6: result = !f.z && f.n == f.v; break;  // GT, LE
    default: return true;                        // AL
    }
    return (condition & 1) ? !result : result;
}

} // namespace

std::uint64_t counted_loop::iterations_back(std::uint32_t value) const {
    // `a` is what the flag-setting instruction computes on; it moves by
    // `step` per iteration.
    const std::uint32_t a = value + (flags_after_step ? step : 0);
    if (!holds(condition, flags_of(a, operand, subtract))) return 0;
    // The flags stay the same until `a` reaches an edge: C and V change
    // where `a` itself wraps (at 0 and 2^31), N, Z, C and V where the
    // result is 0, 1 or 2^31.
    const std::uint32_t a_of_result_0 = subtract ? operand : 0u - operand;
    const std::uint32_t edges[] = {0, sign_bit, a_of_result_0, a_of_result_0 + 1, a_of_result_0 + sign_bit};
    if (step & sign_bit) {  // counting down: to the highest edge at or below `a`
        const std::uint32_t stride = 0u - step;
        std::uint32_t floor = 0;
        for (const std::uint32_t e : edges)
            if (e <= a) floor = std::max(floor, e);
        return (a - floor) / stride + 1;
    }
    // Counting up: to the lowest edge above `a` (or the wrap at 2^32).
    std::uint64_t ceiling = 1ull << 32;
    for (const std::uint32_t e : edges)
        if (e > a) ceiling = std::min<std::uint64_t>(ceiling, e);
    return (ceiling - 1 - a) / step + 1;
}

} // namespace armv8m
