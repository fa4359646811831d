// splitmix64 (Steele, Lea, Flood, "Fast splittable pseudorandom number
// generators", OOPSLA 2014): tiny, fast, and the same on every host, so a
// seed always gives the same bits (fault patterns, sweep points, entropy).
#pragma once

#include <cstdint>

namespace models {

class splitmix64 {
public:
    explicit splitmix64(std::uint64_t seed) : m_state(seed) {}

    std::uint64_t next() {
        std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    // Uniform in [1, n] (n >= 1); the bias of the modulo is below 2^-32 for n < 2^32.
    std::uint64_t between_1_and(std::uint64_t n) { return next() % n + 1; }

private:
    std::uint64_t m_state;
};

}  // namespace models
