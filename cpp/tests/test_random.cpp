#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "cosignet/random.hpp"

namespace cosignet {
namespace {

/// SplitMix64 written out from the published reference (Steele, Lea and Flood 2014; Vigna's
/// splitmix64.c): add the golden gamma to the state, then run the variant-13 finaliser of
/// MurmurHash3 on the new state. Kept apart from Random so the test does not check the
/// class against itself.
class ReferenceSplitMix64 {
 public:
  explicit ReferenceSplitMix64(std::uint64_t seed) : x_(seed) {}
  std::uint64_t operator()() {
    x_ += UINT64_C(0x9E3779B97F4A7C15);
    return mix(x_);
  }

 private:
  static std::uint64_t mix(std::uint64_t z) {
    z ^= z >> 30;
    z *= UINT64_C(0xBF58476D1CE4E5B9);
    z ^= z >> 27;
    z *= UINT64_C(0x94D049BB133111EB);
    z ^= z >> 31;
    return z;
  }
  std::uint64_t x_;
};

/// Lemire's nearly divisionless bounded integer (2019), from the paper: the high word of
/// x * n, rejecting x when the low word falls below 2^64 mod n.
Index reference_below(ReferenceSplitMix64& next, std::uint64_t n) {
  const std::uint64_t threshold = (std::numeric_limits<std::uint64_t>::max() - n + 1) % n;
  while (true) {
    const std::uint64_t x = next();
    // 64 x 64 -> 128 bit product by 32-bit halves, so no compiler extension is needed here.
    const std::uint64_t x_lo = x & 0xFFFFFFFFu;
    const std::uint64_t x_hi = x >> 32;
    const std::uint64_t n_lo = n & 0xFFFFFFFFu;
    const std::uint64_t n_hi = n >> 32;
    const std::uint64_t lo_lo = x_lo * n_lo;
    const std::uint64_t hi_lo = x_hi * n_lo;
    const std::uint64_t lo_hi = x_lo * n_hi;
    const std::uint64_t hi_hi = x_hi * n_hi;
    const std::uint64_t cross = (lo_lo >> 32) + (hi_lo & 0xFFFFFFFFu) + lo_hi;
    const std::uint64_t high = hi_hi + (hi_lo >> 32) + (cross >> 32);
    const std::uint64_t low = (cross << 32) | (lo_lo & 0xFFFFFFFFu);
    if (low >= threshold) return static_cast<Index>(high);
  }
}

// ---------------------------------------------------------------------- the raw stream

TEST(Random, MatchesReferenceSplitMix64) {
  for (const std::uint64_t seed :
       {UINT64_C(0), UINT64_C(1), UINT64_C(1234567), UINT64_C(0x9E3779B97F4A7C15),
        std::numeric_limits<std::uint64_t>::max()}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    Random rng(seed);
    ReferenceSplitMix64 reference(seed);
    for (int i = 0; i < 1000; ++i) ASSERT_EQ(rng.next(), reference()) << "output " << i;
  }
}

TEST(Random, PinnedOutputs) {
  // Seed 1234567: the test vector of Vigna's splitmix64.c, also used by other ports.
  Random r1(1234567);
  EXPECT_EQ(r1.next(), UINT64_C(6457827717110365317));
  EXPECT_EQ(r1.next(), UINT64_C(3203168211198807973));
  EXPECT_EQ(r1.next(), UINT64_C(9817491932198370423));
  EXPECT_EQ(r1.next(), UINT64_C(4593380528125082431));
  EXPECT_EQ(r1.next(), UINT64_C(16408922859458223821));
  // Seed 0 gives a full stream too (the state advances by the gamma, never stays at 0).
  Random r0(0);
  EXPECT_EQ(r0.next(), UINT64_C(0xE220A8397B1DCDAF));
  EXPECT_EQ(r0.next(), UINT64_C(0x6E789E6AA1B965F4));
  EXPECT_EQ(r0.next(), UINT64_C(0x06C45D188009454F));
  EXPECT_EQ(r0.next(), UINT64_C(0xF88BB8A8724C81EC));
  EXPECT_EQ(r0.next(), UINT64_C(0x1B39896A51A8749B));
}

TEST(Random, StreamsAreReproducibleAndDifferBetweenSeeds) {
  Random a(42);
  Random b(42);
  Random c(43);
  int same_as_other_seed = 0;
  for (int i = 0; i < 1000; ++i) {
    const std::uint64_t x = a.next();
    ASSERT_EQ(x, b.next());
    if (x == c.next()) ++same_as_other_seed;
  }
  EXPECT_EQ(same_as_other_seed, 0);
  // Copies carry the state: a copy continues the same stream.
  Random copy = a;
  EXPECT_EQ(copy.next(), a.next());
}

// ---------------------------------------------------------------------- below(n)

TEST(Random, BelowPinnedValues) {
  Random rng(0);
  std::vector<Index> draws;
  for (int i = 0; i < 10; ++i) draws.push_back(rng.below(10));
  EXPECT_EQ(draws, (std::vector<Index>{8, 4, 0, 9, 1, 3, 1, 7, 2, 9}));
}

TEST(Random, BelowMatchesLemireReference) {
  const std::vector<std::uint64_t> bounds = {1,
                                             2,
                                             3,
                                             7,
                                             10,
                                             1000,
                                             (UINT64_C(1) << 31) + 11,
                                             (UINT64_C(1) << 62) + 3,
                                             UINT64_C(3) << 61,
                                             std::numeric_limits<std::int64_t>::max()};
  for (const std::uint64_t seed : {UINT64_C(0), UINT64_C(99)}) {
    Random rng(seed);
    ReferenceSplitMix64 reference(seed);
    for (const std::uint64_t n : bounds) {
      for (int i = 0; i < 2000; ++i) {
        ASSERT_EQ(rng.below(static_cast<Index>(n)), reference_below(reference, n))
            << "n " << n << " draw " << i;
      }
    }
  }
}

TEST(Random, BelowStaysInRange) {
  Random rng(7);
  for (const Index n : {Index{1}, Index{2}, Index{3}, Index{5}, Index{64}, Index{1000003},
                        Index{1} << 40, (Index{1} << 62) + 1, std::numeric_limits<Index>::max()}) {
    Index largest = 0;
    for (int i = 0; i < 5000; ++i) {
      const Index x = rng.below(n);
      ASSERT_GE(x, 0) << "n " << n;
      ASSERT_LT(x, n) << "n " << n;
      largest = std::max(largest, x);
    }
    if (n == 1) {
      EXPECT_EQ(largest, 0);
    }
    // Draws reach the top half of the range (loose: fails with probability 2^-5000).
    if (n > 1) {
      EXPECT_GE(largest, n / 2) << "n " << n;
    }
  }
}

/// Pearson's chi-square statistic of @p counts against equal expected counts.
double chi_square(const std::vector<long>& counts) {
  const double total = std::accumulate(counts.begin(), counts.end(), 0.0);
  const double expected = total / static_cast<double>(counts.size());
  double chi2 = 0;
  for (const long c : counts) chi2 += (c - expected) * (c - expected) / expected;
  return chi2;
}

TEST(Random, BelowIsRoughlyUniform) {
  // 1e5 draws; with k - 1 degrees of freedom the bounds below lie beyond the 99.99th
  // percentile (9 dof: 33.7; 6 dof: 27.9; 99 dof: 153), and the seeds are fixed anyway.
  for (const auto& [n, bound] : {std::pair<Index, double>{10, 40}, {7, 35}, {100, 170}}) {
    Random rng(2024);
    std::vector<long> counts(static_cast<std::size_t>(n), 0);
    for (int i = 0; i < 100000; ++i) ++counts[static_cast<std::size_t>(rng.below(n))];
    EXPECT_LT(chi_square(counts), bound) << "n " << n;
    for (const long c : counts) EXPECT_GT(c, 0) << "n " << n;
  }
  // A bound where modulo reduction would be visibly biased: below n = 3 * 2^61 (0.75 * 2^64)
  // next() % n would hit the lower two thirds of the range twice as often as the top third.
  Random rng(5);
  const Index n = Index{3} << 61;
  std::vector<long> thirds(3, 0);
  for (int i = 0; i < 100000; ++i) ++thirds[static_cast<std::size_t>(rng.below(n) / (n / 3))];
  EXPECT_LT(chi_square(thirds), 25.0);
}

// ---------------------------------------------------------------------- uniform()

TEST(Random, UniformIsTheTop53BitsInUnitInterval) {
  Random rng(42);
  ReferenceSplitMix64 reference(42);
  double sum = 0;
  double low = 1;
  double high = 0;
  std::vector<long> deciles(10, 0);
  for (int i = 0; i < 100000; ++i) {
    const double u = rng.uniform();
    ASSERT_EQ(u, std::ldexp(static_cast<double>(reference() >> 11), -53)) << "draw " << i;
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
    low = std::min(low, u);
    high = std::max(high, u);
    ++deciles[static_cast<std::size_t>(u * 10)];
  }
  EXPECT_NEAR(sum / 100000, 0.5, 0.005);
  EXPECT_LT(low, 1e-3);
  EXPECT_GT(high, 1 - 1e-3);
  EXPECT_LT(chi_square(deciles), 40.0);
  // Pinned: the first draws of seed 42.
  Random pinned(42);
  EXPECT_EQ(pinned.uniform(), 0x1.7bae644c5fd6dp-1);
  EXPECT_EQ(pinned.uniform(), 0x1.477f199d93378p-3);
  EXPECT_EQ(pinned.uniform(), 0x1.1d499d5c4c3e6p-2);
}

// ---------------------------------------------------------------------- shuffle

std::vector<int> iota_vector(int n) {
  std::vector<int> v(static_cast<std::size_t>(n));
  std::iota(v.begin(), v.end(), 0);
  return v;
}

TEST(Random, ShufflePinned) {
  Random rng(0);
  std::vector<int> items = iota_vector(10);
  rng.shuffle(items);
  EXPECT_EQ(items, (std::vector<int>{4, 9, 2, 5, 1, 7, 6, 0, 3, 8}));
}

TEST(Random, ShuffleIsAReproduciblePermutation) {
  std::vector<std::vector<int>> by_seed;
  for (const std::uint64_t seed : {1, 2, 3, 4, 5}) {
    Random a(seed);
    Random b(seed);
    std::vector<int> x = iota_vector(100);
    std::vector<int> y = iota_vector(100);
    a.shuffle(x);
    b.shuffle(y);
    EXPECT_EQ(x, y) << "seed " << seed;
    EXPECT_NE(x, iota_vector(100)) << "seed " << seed;
    std::vector<int> sorted = x;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(sorted, iota_vector(100)) << "seed " << seed;
    // Both generators are left in the same state.
    EXPECT_EQ(a.next(), b.next());
    by_seed.push_back(x);
  }
  for (std::size_t i = 0; i < by_seed.size(); ++i) {
    for (std::size_t j = i + 1; j < by_seed.size(); ++j) EXPECT_NE(by_seed[i], by_seed[j]);
  }
  // Any element type; duplicates are kept.
  Random rng(9);
  std::vector<std::string> words = {"b", "a", "c", "a"};
  rng.shuffle(words);
  std::sort(words.begin(), words.end());
  EXPECT_EQ(words, (std::vector<std::string>{"a", "a", "b", "c"}));
}

TEST(Random, ShuffleOfZeroOrOneItemDrawsNothing) {
  Random rng(11);
  ReferenceSplitMix64 reference(11);
  std::vector<int> none;
  std::vector<int> one = {5};
  rng.shuffle(none);
  rng.shuffle(one);
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(one, std::vector<int>{5});
  EXPECT_EQ(rng.next(), reference());
  // n items take n - 1 bounded draws (below 3 and 2 reject only a draw of exactly 0).
  Random twin(11);
  std::vector<int> three = {0, 1, 2};
  twin.shuffle(three);
  ReferenceSplitMix64 after(11);
  after();
  after();
  EXPECT_EQ(twin.next(), after());
}

TEST(Random, ShuffleIsRoughlyUniform) {
  // All 3! orders of three items, 60000 shuffles: about 10000 each (5 dof; 99.99th
  // percentile 25.7).
  Random rng(31);
  std::vector<long> counts(6, 0);
  for (int i = 0; i < 60000; ++i) {
    std::vector<int> items = {0, 1, 2};
    rng.shuffle(items);
    const int code = items[0] * 2 + (items[1] > items[2] ? 1 : 0);
    ++counts[static_cast<std::size_t>(code)];
  }
  EXPECT_LT(chi_square(counts), 30.0);
  // Each position of ten items holds each value about equally often.
  std::array<std::array<long, 10>, 10> at{};
  for (int i = 0; i < 20000; ++i) {
    std::vector<int> items = iota_vector(10);
    rng.shuffle(items);
    for (std::size_t p = 0; p < 10; ++p) ++at[p][static_cast<std::size_t>(items[p])];
  }
  for (std::size_t p = 0; p < 10; ++p) {
    EXPECT_LT(chi_square(std::vector<long>(at[p].begin(), at[p].end())), 40.0) << "position " << p;
  }
}

}  // namespace
}  // namespace cosignet
