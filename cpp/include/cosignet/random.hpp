/// @file random.hpp
/// @brief A small seeded random generator whose streams are the same on every platform and
/// standard library (std::shuffle and the std distributions are not), so that a seed gives
/// the same result everywhere.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "cosignet/types.hpp"

namespace cosignet {

/// SplitMix64 (Steele, Lea and Flood 2014): 64 bits of state, passes BigCrush, and any seed
/// (0 included) gives a full-period stream.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}

  /// The next 64 random bits.
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  /// A uniform integer in [0, @p n), n >= 1, without modulo bias (Lemire 2019).
  Index below(Index n) {
    const auto range = static_cast<std::uint64_t>(n);
    const std::uint64_t threshold = (0 - range) % range;
    while (true) {
      __extension__ using Wide = unsigned __int128;  // GCC and Clang: a 128-bit product
      const Wide product = static_cast<Wide>(next()) * range;
      if (static_cast<std::uint64_t>(product) >= threshold) {
        return static_cast<Index>(product >> 64);
      }
    }
  }

  /// A uniform double in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  /// Fisher-Yates shuffle of @p items.
  template <typename T>
  void shuffle(std::vector<T>& items) {
    for (std::size_t i = items.size(); i > 1; --i) {
      const auto j = static_cast<std::size_t>(below(static_cast<Index>(i)));
      std::swap(items[i - 1], items[j]);
    }
  }

 private:
  std::uint64_t state_;
};

}  // namespace cosignet
