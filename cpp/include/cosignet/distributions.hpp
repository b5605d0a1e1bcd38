/// @file distributions.hpp
/// @brief Tail probabilities of the null distributions behind the backbones: binomial and
/// hypergeometric (Loader's saddle-point form, accurate far into the tails) and the Poisson
/// binomial (refined normal approximation, or exactly by the DFT of its characteristic function).
#pragma once

#include <complex>
#include <vector>

#include "cosignet/types.hpp"

namespace cosignet {

/// Both tails of a discrete distribution at one point w: P(X >= w) and P(X <= w).
struct Tails {
  Scalar upper = 1.0;
  Scalar lower = 1.0;
};

/// log of the binomial probability P(X = x), X ~ Binomial(n, p), for integers 0 <= x <= n and
/// 0 <= p <= 1, by Loader's (2000) saddle-point expansion: relative error near machine
/// precision even where the probability is 1e-300. Returns -inf for an impossible x.
Scalar log_binomial_pmf(Index x, Index n, Scalar p);

/// log P(X = x) for X ~ Hypergeometric: @p draws drawn without replacement from a population of
/// @p population with @p successes successes. -inf outside the support.
Scalar log_hypergeometric_pmf(Index x, Index population, Index successes, Index draws);

/// P(X >= w) and P(X <= w) for the hypergeometric distribution above. Each tail is summed from w
/// away from the mode (terms decrease, so the sum stops once they no longer matter), and the
/// tail that contains the mode is taken as one minus the other: small tails keep their
/// relative precision.
Tails hypergeometric_tails(Index w, Index population, Index successes, Index draws);

/// Mean, variance and the skewness term of a Poisson binomial distribution, the sum of
/// independent Bernoulli(q) trials.
struct PoissonBinomialMoments {
  Scalar mean = 0.0;
  Scalar variance = 0.0;
  /// sum q (1 - q) (1 - 2q); the skewness is third / variance^1.5.
  Scalar third = 0.0;
};

/// Adds @p count trials of probability @p q to @p moments.
inline void add_trials(PoissonBinomialMoments& moments, Scalar q, Scalar count) {
  const Scalar v = q * (1.0 - q);
  moments.mean += count * q;
  moments.variance += count * v;
  moments.third += count * v * (1.0 - 2.0 * q);
}

/// Tails at w by Hong's (2013) refined normal approximation: with x = (k + 0.5 - mean) / sd,
/// P(X <= k) ~ Phi(x) + skew (1 - x^2) phi(x) / 6, clipped to [0, 1]. The upper tail is
/// evaluated through the complementary normal so small p-values are not lost to cancellation.
Tails refined_normal_tails(Index w, const PoissonBinomialMoments& moments);

/// The probabilities of a discrete distribution on a window of integers [first, first + size).
/// Outside the window they are below 1e-30 (or zero).
struct WindowedPmf {
  Index first = 0;
  std::vector<Scalar> pmf;
  /// upper[i] = P(X >= first + i) and lower[i] = P(X <= first + i), summed from the far ends.
  std::vector<Scalar> upper;
  std::vector<Scalar> lower;

  /// Both tails at w (1 and 0, or 0 and 1, outside the window).
  Tails tails(Index w) const;
  /// Fills upper and lower from pmf.
  void accumulate();
};

/// The Poisson binomial distribution of the sum of independent trials, given as groups: group g
/// has counts[g] trials of probability q[g]. Computed by Hong's (2013) DFT-CF method: the
/// characteristic function at N points and one inverse FFT. N covers only the window where the
/// mass lies (Bernstein's bound puts less than 1e-20 outside it); mass outside aliases in
/// below that level. Absolute error is about 1e-15, as for any DFT-CF evaluation.
WindowedPmf poisson_binomial_dft(const std::vector<Scalar>& q, const std::vector<Index>& counts);

/// The same distribution by direct convolution of the groups' binomial distributions, trimmed
/// to the window above after each step. Every term is positive, so tails keep their relative
/// precision; used when one distribution serves every pair (fixed-column model).
WindowedPmf poisson_binomial_convolution(const std::vector<Scalar>& q,
                                         const std::vector<Index>& counts);

/// In-place radix-2 FFT of @p a (size a power of two); @p inverse conjugates the twiddles
/// (no 1/N scaling).
void fft(std::vector<std::complex<Scalar>>& a, bool inverse);

}  // namespace cosignet
