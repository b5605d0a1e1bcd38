#include "cosignet/distributions.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "cosignet/errors.hpp"

namespace cosignet {
namespace {

constexpr Scalar kPi = 3.14159265358979323846;
constexpr Scalar kLog2Pi = 1.83787706640934548356;  // log(2 pi)
constexpr Scalar kNegInf = -std::numeric_limits<Scalar>::infinity();

/// Stirling's error log(n!) - log(sqrt(2 pi n) (n / e)^n) for an integer n >= 1 (Loader 2000).
Scalar stirling_error(Index n) {
  const auto x = static_cast<Scalar>(n);
  if (n <= 15) return std::lgamma(x + 1.0) - (x + 0.5) * std::log(x) + x - 0.5 * kLog2Pi;
  const Scalar inv2 = 1.0 / (x * x);
  constexpr Scalar s0 = 1.0 / 12, s1 = 1.0 / 360, s2 = 1.0 / 1260, s3 = 1.0 / 1680, s4 = 1.0 / 1188;
  return (s0 - (s1 - (s2 - (s3 - s4 * inv2) * inv2) * inv2) * inv2) / x;
}

/// Loader's deviance term x log(x / np) + np - x, by a series where x is close to np.
Scalar deviance(Scalar x, Scalar np) {
  if (std::fabs(x - np) < 0.1 * (x + np)) {
    const Scalar v = (x - np) / (x + np);
    Scalar sum = (x - np) * v;
    Scalar term = 2.0 * x * v;
    const Scalar v2 = v * v;
    for (int j = 1; j < 1000; ++j) {
      term *= v2;
      const Scalar next = sum + term / (2 * j + 1);
      if (next == sum) return sum;
      sum = next;
    }
    return sum;
  }
  return x * std::log(x / np) + np - x;
}

Scalar normal_cdf(Scalar x) {
  return 0.5 * std::erfc(-x / std::sqrt(2.0));
}

Scalar normal_pdf(Scalar x) {
  return std::exp(-0.5 * x * x) / std::sqrt(2.0 * kPi);
}

Scalar clip01(Scalar x) {
  return std::min(1.0, std::max(0.0, x));
}

/// Half-width of a window around the mean holding all but exp(-log_mass) of a sum of
/// independent trials with this variance (Bernstein's inequality, each trial within 1 of its
/// mean).
Scalar bernstein_half_width(Scalar variance, Scalar log_mass) {
  const Scalar b = 2.0 * log_mass / 3.0;
  return 0.5 * (b + std::sqrt(b * b + 8.0 * log_mass * variance));
}

}  // namespace

Scalar log_binomial_pmf(Index x, Index n, Scalar p) {
  require(n >= 0 && p >= 0.0 && p <= 1.0, "log_binomial_pmf: needs n >= 0 and 0 <= p <= 1");
  if (x < 0 || x > n) return kNegInf;
  if (p == 0.0) return x == 0 ? 0.0 : kNegInf;
  if (p == 1.0) return x == n ? 0.0 : kNegInf;
  const auto nn = static_cast<Scalar>(n);
  if (x == 0) return nn * std::log1p(-p);
  if (x == n) return nn * std::log(p);
  const auto xx = static_cast<Scalar>(x);
  const Scalar q = 1.0 - p;
  const Scalar lc = stirling_error(n) - stirling_error(x) - stirling_error(n - x) -
                    deviance(xx, nn * p) - deviance(nn - xx, nn * q);
  const Scalar lf = kLog2Pi + std::log(xx) + std::log1p(-xx / nn);
  return lc - 0.5 * lf;
}

Scalar log_hypergeometric_pmf(Index x, Index population, Index successes, Index draws) {
  require(population >= 0 && successes >= 0 && successes <= population && draws >= 0 &&
              draws <= population,
          "log_hypergeometric_pmf: needs 0 <= successes, draws <= population");
  const Index failures = population - successes;
  if (x < std::max<Index>(0, draws - failures) || x > std::min(draws, successes)) return kNegInf;
  if (draws == 0 || draws == population) return 0.0;
  const Scalar p = static_cast<Scalar>(draws) / static_cast<Scalar>(population);
  return log_binomial_pmf(x, successes, p) + log_binomial_pmf(draws - x, failures, p) -
         log_binomial_pmf(draws, population, p);
}

Tails hypergeometric_tails(Index w, Index population, Index successes, Index draws) {
  const Index failures = population - successes;
  const Index lo = std::max<Index>(0, draws - failures);
  const Index hi = std::min(draws, successes);
  // pmf(k + 1) / pmf(k): log-concave, so terms shrink on both sides of the mode.
  const auto ratio_up = [&](Index k) {
    return static_cast<Scalar>(successes - k) * static_cast<Scalar>(draws - k) /
           (static_cast<Scalar>(k + 1) * static_cast<Scalar>(failures - draws + k + 1));
  };
  const auto sum_up = [&](Index from) {  // P(X >= from), from > mode
    Scalar term = std::exp(log_hypergeometric_pmf(from, population, successes, draws));
    Scalar sum = 0.0;
    for (Index k = from; k <= hi && term > 0.0; ++k) {
      sum += term;
      if (term < sum * 1e-17) break;
      term *= ratio_up(k);
    }
    return sum;
  };
  const auto sum_down = [&](Index from) {  // P(X <= from), from < mode
    Scalar term = std::exp(log_hypergeometric_pmf(from, population, successes, draws));
    Scalar sum = 0.0;
    for (Index k = from; k >= lo && term > 0.0; --k) {
      sum += term;
      if (term < sum * 1e-17) break;
      if (k > lo) term /= ratio_up(k - 1);
    }
    return sum;
  };
  const Index mode =
      std::clamp<Index>(static_cast<Index>(std::floor(static_cast<Scalar>(draws + 1) *
                                                      static_cast<Scalar>(successes + 1) /
                                                      static_cast<Scalar>(population + 2))),
                        lo, hi);
  Tails out;
  if (w <= lo) {
    out.upper = 1.0;
  } else if (w > hi) {
    out.upper = 0.0;
  } else {
    out.upper = w > mode ? sum_up(w) : 1.0 - sum_down(w - 1);
  }
  if (w >= hi) {
    out.lower = 1.0;
  } else if (w < lo) {
    out.lower = 0.0;
  } else {
    out.lower = w < mode ? sum_down(w) : 1.0 - sum_up(w + 1);
  }
  out.upper = clip01(out.upper);
  out.lower = clip01(out.lower);
  return out;
}

Tails refined_normal_tails(Index w, const PoissonBinomialMoments& moments) {
  const Scalar sd = std::sqrt(std::max(0.0, moments.variance));
  const auto ww = static_cast<Scalar>(w);
  Tails out;
  if (sd < 1e-12) {  // (almost) no randomness: the count is its mean
    const Scalar value = std::round(moments.mean);
    out.upper = ww <= value ? 1.0 : 0.0;
    out.lower = ww >= value ? 1.0 : 0.0;
    return out;
  }
  const Scalar skew = moments.third / (sd * sd * sd);
  const Scalar x_low = (ww + 0.5 - moments.mean) / sd;
  out.lower = clip01(normal_cdf(x_low) + skew * (1.0 - x_low * x_low) * normal_pdf(x_low) / 6.0);
  if (w <= 0) {
    out.upper = 1.0;
  } else {
    const Scalar x_up = (ww - 0.5 - moments.mean) / sd;
    out.upper = clip01(normal_cdf(-x_up) - skew * (1.0 - x_up * x_up) * normal_pdf(x_up) / 6.0);
  }
  if (w < 0) out.lower = 0.0;
  return out;
}

Tails WindowedPmf::tails(Index w) const {
  const Index size = static_cast<Index>(pmf.size());
  const Index i = w - first;
  Tails out;
  out.upper = i <= 0 ? 1.0 : (i >= size ? 0.0 : upper[static_cast<std::size_t>(i)]);
  out.lower = i < 0 ? 0.0 : (i >= size - 1 ? 1.0 : lower[static_cast<std::size_t>(i)]);
  return out;
}

void WindowedPmf::accumulate() {
  const std::size_t size = pmf.size();
  for (Scalar& p : pmf) p = std::max(0.0, p);  // DFT noise can dip below zero
  upper.assign(size, 0.0);
  lower.assign(size, 0.0);
  Scalar sum = 0.0;
  for (std::size_t i = size; i-- > 0;) upper[i] = clip01(sum += pmf[i]);
  sum = 0.0;
  for (std::size_t i = 0; i < size; ++i) lower[i] = clip01(sum += pmf[i]);
}

void fft(std::vector<std::complex<Scalar>>& a, bool inverse) {
  const std::size_t n = a.size();
  require(n > 0 && (n & (n - 1)) == 0, "fft: the size must be a power of two");
  for (std::size_t i = 1, j = 0; i < n; ++i) {  // bit-reversal permutation
    std::size_t bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) std::swap(a[i], a[j]);
  }
  for (std::size_t len = 2; len <= n; len <<= 1) {
    const Scalar angle = (inverse ? 2.0 : -2.0) * kPi / static_cast<Scalar>(len);
    for (std::size_t start = 0; start < n; start += len) {
      for (std::size_t k = 0; k < len / 2; ++k) {
        // Twiddles from cos/sin directly, not by repeated multiplication, to keep 1e-16 accuracy.
        const std::complex<Scalar> w(std::cos(angle * static_cast<Scalar>(k)),
                                     std::sin(angle * static_cast<Scalar>(k)));
        const std::complex<Scalar> u = a[start + k];
        const std::complex<Scalar> v = a[start + k + len / 2] * w;
        a[start + k] = u + v;
        a[start + k + len / 2] = u - v;
      }
    }
  }
}

namespace {

/// The random part of a Poisson binomial: trials with 0 < q < 1, and the count of sure ones.
struct RandomTrials {
  std::vector<Scalar> q;
  std::vector<Index> counts;
  Index sure = 0;
  Index total = 0;
  PoissonBinomialMoments moments;
};

RandomTrials random_trials(const std::vector<Scalar>& q, const std::vector<Index>& counts) {
  require(q.size() == counts.size(), "Poisson binomial: one count per probability");
  RandomTrials out;
  for (std::size_t g = 0; g < q.size(); ++g) {
    require(q[g] >= 0.0 && q[g] <= 1.0 && counts[g] >= 0,
            "Poisson binomial: probabilities must lie in [0, 1] and counts be >= 0");
    if (counts[g] == 0 || q[g] == 0.0) continue;
    if (q[g] == 1.0) {
      out.sure += counts[g];
      continue;
    }
    out.q.push_back(q[g]);
    out.counts.push_back(counts[g]);
    out.total += counts[g];
    add_trials(out.moments, q[g], static_cast<Scalar>(counts[g]));
  }
  return out;
}

/// z^k by repeated squaring (k >= 0).
std::complex<Scalar> integer_power(std::complex<Scalar> z, Index k) {
  std::complex<Scalar> out(1.0, 0.0);
  while (k > 0) {
    if (k & 1) out *= z;
    z *= z;
    k >>= 1;
  }
  return out;
}

/// [first, last] of the window that holds all but exp(-log_mass) of the random part.
std::pair<Index, Index> mass_window(const RandomTrials& trials, Scalar log_mass) {
  const Scalar half = bernstein_half_width(trials.moments.variance, log_mass);
  const auto first = static_cast<Index>(std::max(0.0, std::floor(trials.moments.mean - half)));
  const auto last = static_cast<Index>(
      std::min(static_cast<Scalar>(trials.total), std::ceil(trials.moments.mean + half)));
  return {first, std::max(first, last)};
}

}  // namespace

WindowedPmf poisson_binomial_dft(const std::vector<Scalar>& q, const std::vector<Index>& counts) {
  const RandomTrials trials = random_trials(q, counts);
  // Mass left outside the window aliases into it; below 1e-20 it is lost in the DFT's own
  // rounding (about 1e-16).
  const auto [first, last] = mass_window(trials, 46.1);  // log(1e20)
  const Index width = last - first + 1;
  std::size_t n = 1;
  while (static_cast<Index>(n) < width) n <<= 1;
  // phi(t_l) = prod_g (1 - q + q e^{i t_l})^{count_g} at t_l = 2 pi l / n. Powers by repeated
  // squaring: a few complex products per group instead of a logarithm and an arctangent.
  std::vector<std::complex<Scalar>> phi(n);
  for (std::size_t l = 0; l <= n / 2; ++l) {
    const Scalar t = 2.0 * kPi * static_cast<Scalar>(l) / static_cast<Scalar>(n);
    const std::complex<Scalar> turn(std::cos(t), std::sin(t));
    std::complex<Scalar> value(1.0, 0.0);
    for (std::size_t g = 0; g < trials.q.size(); ++g) {
      const Scalar p = trials.q[g];
      value *= integer_power(std::complex<Scalar>(1.0 - p, 0.0) + p * turn, trials.counts[g]);
    }
    phi[l] = value;
    if (l > 0 && l < n - l) phi[n - l] = std::conj(value);
  }
  fft(phi, false);  // sum_l phi_l e^{-i t_l k} = n * (mass folded onto k mod n)
  WindowedPmf out;
  out.first = first + trials.sure;
  out.pmf.resize(static_cast<std::size_t>(width));
  for (Index k = first; k <= last; ++k) {
    const auto bin = static_cast<std::size_t>(k % static_cast<Index>(n));
    out.pmf[static_cast<std::size_t>(k - first)] = phi[bin].real() / static_cast<Scalar>(n);
  }
  out.accumulate();
  return out;
}

WindowedPmf poisson_binomial_convolution(const std::vector<Scalar>& q,
                                         const std::vector<Index>& counts) {
  const RandomTrials trials = random_trials(q, counts);
  constexpr Scalar kNegligible = 1e-300;
  std::vector<Scalar> pmf{1.0};
  Index first = 0;
  std::vector<Scalar> binomial;
  std::vector<Scalar> next;
  for (std::size_t g = 0; g < trials.q.size(); ++g) {
    const Index count = trials.counts[g];
    binomial.assign(static_cast<std::size_t>(count) + 1, 0.0);
    for (Index k = 0; k <= count; ++k) {
      binomial[static_cast<std::size_t>(k)] = std::exp(log_binomial_pmf(k, count, trials.q[g]));
    }
    next.assign(pmf.size() + binomial.size() - 1, 0.0);
    for (std::size_t i = 0; i < pmf.size(); ++i) {
      if (pmf[i] == 0.0) continue;
      for (std::size_t j = 0; j < binomial.size(); ++j) next[i + j] += pmf[i] * binomial[j];
    }
    // Trim what can no longer matter (below 1e-300), so the window stays about mean +- 40 sd.
    std::size_t begin = 0;
    std::size_t end = next.size();
    while (begin + 1 < end && next[begin] < kNegligible) ++begin;
    while (end > begin + 1 && next[end - 1] < kNegligible) --end;
    pmf.assign(next.begin() + static_cast<std::ptrdiff_t>(begin),
               next.begin() + static_cast<std::ptrdiff_t>(end));
    first += static_cast<Index>(begin);
  }
  WindowedPmf out;
  out.first = first + trials.sure;
  out.pmf = std::move(pmf);
  out.accumulate();
  return out;
}

}  // namespace cosignet
