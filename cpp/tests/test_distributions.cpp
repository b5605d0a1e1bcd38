#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <random>
#include <vector>

#include "cosignet/distributions.hpp"
#include "cosignet/errors.hpp"
#include "test_util.hpp"

namespace cosignet {
namespace {

/// log C(n, k) by summing logs in long double: slow but independent of the code under test.
long double log_choose(Index n, Index k) {
  long double out = 0;
  for (Index i = 1; i <= k; ++i) out += std::log(static_cast<long double>(n - k + i) / i);
  return out;
}

/// Exact Poisson binomial pmf by one Bernoulli at a time (every term positive).
std::vector<double> direct_pmf(const std::vector<double>& q, const std::vector<Index>& counts) {
  std::vector<double> pmf{1.0};
  for (std::size_t g = 0; g < q.size(); ++g) {
    for (Index c = 0; c < counts[g]; ++c) {
      std::vector<double> next(pmf.size() + 1, 0.0);
      for (std::size_t k = 0; k < pmf.size(); ++k) {
        next[k] += pmf[k] * (1 - q[g]);
        next[k + 1] += pmf[k] * q[g];
      }
      pmf.swap(next);
    }
  }
  return pmf;
}

TEST(Binomial, MatchesTheDefinitionIncludingFarTails) {
  for (const Index n : {1, 2, 7, 30, 200, 5000}) {
    for (const double p : {0.001, 0.3, 0.5, 0.97}) {
      for (Index x = 0; x <= n; x += std::max<Index>(1, n / 37)) {
        const long double expected = log_choose(n, x) + x * std::log(static_cast<long double>(p)) +
                                     (n - x) * std::log1p(-static_cast<long double>(p));
        const double got = log_binomial_pmf(x, n, p);
        EXPECT_NEAR(got, static_cast<double>(expected), 1e-11 * std::max(1.0L, std::fabs(expected)))
            << n << " " << p << " " << x;
      }
    }
  }
  EXPECT_EQ(log_binomial_pmf(0, 5, 0.0), 0.0);
  EXPECT_EQ(log_binomial_pmf(1, 5, 0.0), -INFINITY);
  EXPECT_EQ(log_binomial_pmf(5, 5, 1.0), 0.0);
  EXPECT_EQ(log_binomial_pmf(6, 5, 0.5), -INFINITY);
}

TEST(Hypergeometric, TailsEqualDirectSums) {
  const Index population = 60;
  for (const Index successes : {0, 1, 13, 30, 59, 60}) {
    for (const Index draws : {0, 1, 7, 31, 60}) {
      for (Index w = -1; w <= 62; ++w) {
        long double upper = 0, lower = 0;
        for (Index k = 0; k <= draws; ++k) {
          if (k > successes || draws - k > population - successes) continue;
          const long double p =
              std::exp(log_choose(successes, k) + log_choose(population - successes, draws - k) -
                       log_choose(population, draws));
          if (k >= w) upper += p;
          if (k <= w) lower += p;
        }
        const Tails t = hypergeometric_tails(w, population, successes, draws);
        EXPECT_NEAR(t.upper, static_cast<double>(upper), 1e-13 + 1e-12 * upper)
            << successes << " " << draws << " " << w;
        EXPECT_NEAR(t.lower, static_cast<double>(lower), 1e-13 + 1e-12 * lower)
            << successes << " " << draws << " " << w;
      }
    }
  }
}

TEST(Hypergeometric, SmallTailsKeepRelativePrecision) {
  // P(X >= 40) for 40 of 1000 successes, 40 draws: C(960,0) / C(1000, 40), far below 1e-60.
  const Tails t = hypergeometric_tails(40, 1000, 40, 40);
  const long double expected = -log_choose(1000, 40);
  EXPECT_NEAR(std::log(t.upper), static_cast<double>(expected), 1e-9);
}

TEST(RefinedNormal, IsHongsFormula) {
  PoissonBinomialMoments m;
  add_trials(m, 0.2, 30);
  add_trials(m, 0.05, 100);
  const double sd = std::sqrt(m.variance);
  const double skew = m.third / (sd * sd * sd);
  const auto G = [&](double x) {
    return 0.5 * std::erfc(-x / std::sqrt(2.0)) +
           skew * (1 - x * x) * std::exp(-x * x / 2) / std::sqrt(2 * M_PI) / 6;
  };
  for (Index w = 1; w < 40; ++w) {
    const Tails t = refined_normal_tails(w, m);
    EXPECT_NEAR(t.lower, std::clamp(G((w + 0.5 - m.mean) / sd), 0.0, 1.0), 1e-14);
    EXPECT_NEAR(t.upper, std::clamp(1 - G((w - 0.5 - m.mean) / sd), 0.0, 1.0), 1e-14);
  }
  EXPECT_EQ(refined_normal_tails(0, m).upper, 1.0);
  PoissonBinomialMoments sure;  // no randomness at all: X = 3
  add_trials(sure, 1.0, 3);
  EXPECT_EQ(refined_normal_tails(3, sure).upper, 1.0);
  EXPECT_EQ(refined_normal_tails(4, sure).upper, 0.0);
  EXPECT_EQ(refined_normal_tails(2, sure).lower, 0.0);
}

TEST(Fft, EqualsTheNaiveTransform) {
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> u(-1, 1);
  for (const std::size_t n : {1u, 2u, 8u, 64u}) {
    std::vector<std::complex<double>> a(n), naive(n);
    for (auto& x : a) x = {u(rng), u(rng)};
    for (std::size_t k = 0; k < n; ++k) {
      for (std::size_t j = 0; j < n; ++j) {
        naive[k] += a[j] * std::polar(1.0, -2 * M_PI * double(j * k) / double(n));
      }
    }
    fft(a, false);
    for (std::size_t k = 0; k < n; ++k) EXPECT_LT(std::abs(a[k] - naive[k]), 1e-12);
  }
  std::vector<std::complex<double>> three(3);
  test::expect_invalid_input([&] { fft(three, false); }, "power of two");
}

TEST(PoissonBinomial, DftAndConvolutionEqualTheDirectPmf) {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u(0, 1);
  for (int trial = 0; trial < 30; ++trial) {
    std::vector<double> q;
    std::vector<Index> counts;
    const int groups = 1 + trial % 7;
    for (int g = 0; g < groups; ++g) {
      q.push_back(trial % 5 == 0 && g == 0 ? 1.0 : u(rng) * (trial % 3 == 0 ? 0.05 : 1.0));
      counts.push_back(1 + static_cast<Index>(u(rng) * 40));
    }
    const std::vector<double> pmf = direct_pmf(q, counts);
    const WindowedPmf dft = poisson_binomial_dft(q, counts);
    const WindowedPmf conv = poisson_binomial_convolution(q, counts);
    double upper = 0;
    for (Index w = static_cast<Index>(pmf.size()); w >= 0; --w) {
      if (w < static_cast<Index>(pmf.size())) upper += pmf[static_cast<std::size_t>(w)];
      EXPECT_NEAR(dft.tails(w).upper, upper, 1e-13) << trial << " " << w;
      EXPECT_NEAR(conv.tails(w).upper, upper, 1e-14 + 1e-12 * upper) << trial << " " << w;
    }
    double lower = 0;
    for (Index w = 0; w < static_cast<Index>(pmf.size()); ++w) {
      lower += pmf[static_cast<std::size_t>(w)];
      EXPECT_NEAR(dft.tails(w).lower, lower, 1e-13);
      EXPECT_NEAR(conv.tails(w).lower, lower, 1e-14 + 1e-12 * lower);
    }
  }
}

TEST(PoissonBinomial, ConvolutionTailsStayRelativelyExact) {
  // 200 trials of 0.01: P(X >= 30) is about 1e-35, which the DFT cannot resolve.
  const WindowedPmf conv = poisson_binomial_convolution({0.01}, {200});
  long double expected = 0;
  for (Index k = 30; k <= 200; ++k) {
    expected += std::exp(log_choose(200, k) + k * std::log(0.01L) + (200 - k) * std::log(0.99L));
  }
  EXPECT_NEAR(conv.tails(30).upper / static_cast<double>(expected), 1.0, 1e-10);
}

}  // namespace
}  // namespace cosignet
