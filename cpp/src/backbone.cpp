#include "cosignet/backbone.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "cosignet/errors.hpp"
#include "cosignet/parallel.hpp"
#include "cosignet/projection.hpp"

namespace cosignet {
namespace {

constexpr Scalar kLog2 = 0.69314718055994530942;

/// log C(a, b) less a log 2 (the part that varies little; see fixed_fill_distribution).
Scalar log_choose_halved(Index a, Index b) {
  return log_binomial_pmf(b, a, 0.5);
}

/// The test of one pair of degree classes at one observed count, on one thread. Every null model
/// here depends on a pair's degrees only, so classes identify the distribution.
class PairTester {
 public:
  virtual ~PairTester() = default;
  /// E[W] and both tails at @p w for a node of class @p a and one of class @p b.
  virtual Tails test(Index a, Index b, Index w, Scalar& expected) = 0;
};

/// Fixed fill and fixed column: one distribution serves every pair.
class SharedDistributionTester final : public PairTester {
 public:
  SharedDistributionTester(const WindowedPmf& pmf, Scalar mean) : pmf_(pmf), mean_(mean) {}
  Tails test(Index, Index, Index w, Scalar& expected) override {
    expected = mean_;
    return pmf_.tails(w);
  }

 private:
  const WindowedPmf& pmf_;
  Scalar mean_;
};

/// Fixed row: W_uv ~ hypergeometric(m, d_u, d_v).
class HypergeometricTester final : public PairTester {
 public:
  HypergeometricTester(const DegreeClasses& classes, Index m) : classes_(classes), m_(m) {}
  Tails test(Index a, Index b, Index w, Scalar& expected) override {
    const Index du = classes_.degree[static_cast<std::size_t>(a)];
    const Index dv = classes_.degree[static_cast<std::size_t>(b)];
    expected = static_cast<Scalar>(du) * static_cast<Scalar>(dv) / static_cast<Scalar>(m_);
    return hypergeometric_tails(w, m_, du, dv);
  }

 private:
  const DegreeClasses& classes_;
  Index m_;
};

/// The SDSM's probabilities per (projected class, other class), shared by its testers.
struct SdsmTable {
  Index projected_classes = 0;
  Index other_classes = 0;
  std::vector<Scalar> probability;  // row-major projected x other
  std::vector<Index> other_count;

  Scalar p(Index a, Index c) const {
    return probability[static_cast<std::size_t>(a * other_classes + c)];
  }
};

/// SDSM: W_uv is Poisson binomial over the other side's classes, q = p_ak p_bk. Moments (and
/// exact distributions) are cached per partner class for the current class of u; rows arrive
/// sorted by class, so each is computed about once per thread.
class SdsmTester final : public PairTester {
 public:
  SdsmTester(const SdsmTable& table, TailMethod method)
      : table_(table),
        method_(method),
        have_(static_cast<std::size_t>(table.projected_classes), 0),
        moments_(static_cast<std::size_t>(table.projected_classes)),
        exact_(static_cast<std::size_t>(table.projected_classes)) {}

  Tails test(Index a, Index b, Index w, Scalar& expected) override {
    if (a != current_) {
      std::fill(have_.begin(), have_.end(), 0);
      for (auto& pmf : exact_) pmf.reset();
      current_ = a;
    }
    const auto slot = static_cast<std::size_t>(b);
    if (!have_[slot]) {
      PoissonBinomialMoments moments;
      for (Index c = 0; c < table_.other_classes; ++c) {
        add_trials(moments, table_.p(a, c) * table_.p(b, c),
                   static_cast<Scalar>(table_.other_count[static_cast<std::size_t>(c)]));
      }
      moments_[slot] = moments;
      have_[slot] = 1;
    }
    expected = moments_[slot].mean;
    if (method_ == TailMethod::RefinedNormal) return refined_normal_tails(w, moments_[slot]);
    if (!exact_[slot]) {
      std::vector<Scalar> q(static_cast<std::size_t>(table_.other_classes));
      for (Index c = 0; c < table_.other_classes; ++c) {
        q[static_cast<std::size_t>(c)] = table_.p(a, c) * table_.p(b, c);
      }
      exact_[slot] = std::make_unique<WindowedPmf>(poisson_binomial_dft(q, table_.other_count));
    }
    return exact_[slot]->tails(w);
  }

 private:
  const SdsmTable& table_;
  TailMethod method_;
  Index current_ = -1;
  std::vector<char> have_;
  std::vector<PoissonBinomialMoments> moments_;
  std::vector<std::unique_ptr<WindowedPmf>> exact_;
};

/// One kept pair, source < target.
struct KeptPair {
  Index source;
  Index target;
  Scalar observed;
  Scalar expected;
  Scalar pvalue;
  Scalar sign;
};

/// The kept pairs of one thread, in the order they were found.
using PairList = std::vector<KeptPair>;

void keep_pair(PairList& list, Index u, Index v, Scalar w, Scalar mean, Scalar p, Scalar sign) {
  list.push_back({std::min(u, v), std::max(u, v), w, mean, p, sign});
}

/// Everything a null model needs that is shared across threads.
struct ModelData {
  WindowedPmf shared;  // fixed fill, fixed column
  Scalar shared_mean = 0.0;
  SdsmTable sdsm;
  BicmSolution bicm;
};

std::vector<Index> row_sizes(const CsrView& m) {
  std::vector<Index> out(static_cast<std::size_t>(m.rows()));
  for (Index r = 0; r < m.rows(); ++r) out[static_cast<std::size_t>(r)] = row_size(m, r);
  return out;
}

}  // namespace

WindowedPmf fixed_fill_distribution(Index n, Index m, Index fill) {
  require(n >= 2 && m >= 1 && fill >= 0 && fill <= n * m,
          "fixed_fill_distribution: needs n >= 2, m >= 1 and 0 <= fill <= n m");
  const Index others = (n - 2) * m;  // cells outside the two rows
  const Index k_max = std::min(m, fill / 2);
  std::vector<Scalar> log_weight(static_cast<std::size_t>(k_max) + 1,
                                 -std::numeric_limits<Scalar>::infinity());
  parallel_for(k_max + 1, [&](Index k, int) {
    const Index r_lo = std::max<Index>(0, fill - 2 * k - others);
    const Index r_hi = std::min(m - k, fill - 2 * k);
    if (r_lo > r_hi) return;
    // t(r + 1) / t(r): the terms are log-concave in r, so sum outward from the largest.
    const auto ratio = [&](Index r) {
      const Index s = fill - 2 * k - r;
      return 2.0 * static_cast<Scalar>(m - k - r) / static_cast<Scalar>(r + 1) *
             static_cast<Scalar>(s) / static_cast<Scalar>(others - s + 1);
    };
    Index lo = r_lo, hi = r_hi;  // first r whose ratio is below 1
    while (lo < hi) {
      const Index mid = lo + (hi - lo) / 2;
      if (ratio(mid) < 1.0) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    const Index mode = lo;
    // Common terms (m log 2 and (n - 2) m log 2) are left out: only differences in k matter.
    const Scalar log_peak = log_choose_halved(m, k) + log_choose_halved(m - k, mode) +
                            static_cast<Scalar>(mode - k) * kLog2 +
                            log_choose_halved(others, fill - 2 * k - mode);
    Scalar sum = 1.0;
    Scalar term = 1.0;
    for (Index r = mode; r < r_hi; ++r) {
      term *= ratio(r);
      sum += term;
      if (term < sum * 1e-17) break;
    }
    term = 1.0;
    for (Index r = mode; r > r_lo; --r) {
      term /= ratio(r - 1);
      sum += term;
      if (term < sum * 1e-17) break;
    }
    log_weight[static_cast<std::size_t>(k)] = log_peak + std::log(sum);
  });
  const Scalar top = *std::max_element(log_weight.begin(), log_weight.end());
  std::vector<Scalar> weight(log_weight.size());
  Scalar total = 0.0;
  for (std::size_t k = 0; k < weight.size(); ++k)
    total += weight[k] = std::exp(log_weight[k] - top);
  WindowedPmf out;
  std::size_t first = 0, last = weight.size();
  while (first + 1 < last && weight[first] / total < 1e-300) ++first;
  while (last > first + 1 && weight[last - 1] / total < 1e-300) --last;
  out.first = static_cast<Index>(first);
  for (std::size_t k = first; k < last; ++k) out.pmf.push_back(weight[k] / total);
  out.accumulate();
  return out;
}

WindowedPmf fixed_column_distribution(Index n, const std::vector<Index>& col_degrees) {
  require(n >= 2, "fixed_column_distribution: needs n >= 2");
  const DegreeClasses classes = degree_classes(col_degrees);
  std::vector<Scalar> q;
  const auto pairs = static_cast<Scalar>(n) * static_cast<Scalar>(n - 1);
  for (const Index d : classes.degree) {
    require(d <= n, "fixed_column_distribution: a degree exceeds n");
    q.push_back(static_cast<Scalar>(d) * static_cast<Scalar>(d - 1) / pairs);
  }
  return poisson_binomial_convolution(q, classes.count);
}

BackbonePairs backbone_pairs(const CsrView& incidence, const CsrView& transposed,
                             const BackboneOptions& options) {
  const Index n = incidence.rows();
  const Index m = incidence.cols();
  require(transposed.rows() == m && transposed.cols() == n &&
              transposed.nonZeros() == incidence.nonZeros(),
          "backbone: the two incidence views are not transposes of each other");
  require(options.keep_below > 0.0, "backbone: keep_below must be > 0 (above 1 keeps every pair)");
  for (Index p = 0; p < incidence.nonZeros(); ++p) {
    require(incidence.valuePtr()[p] == 1.0, "backbone: the incidence must be binary (0/1)");
  }
  BackbonePairs out;
  if (n < 2) return out;
  const std::vector<Index> degrees = row_sizes(incidence);
  const DegreeClasses classes = degree_classes(degrees);
  const Index n_classes = classes.size();
  const Index fill = incidence.nonZeros();

  ModelData model;
  switch (options.model) {
    case BackboneModel::FixedFill: {
      model.shared = fixed_fill_distribution(n, m, fill);
      const auto cells = static_cast<Scalar>(n) * static_cast<Scalar>(m);
      model.shared_mean = static_cast<Scalar>(m) * static_cast<Scalar>(fill) *
                          static_cast<Scalar>(fill - 1) / (cells * (cells - 1.0));
      break;
    }
    case BackboneModel::FixedColumn: {
      const std::vector<Index> other = row_sizes(transposed);
      model.shared = fixed_column_distribution(n, other);
      const auto pairs = static_cast<Scalar>(n) * static_cast<Scalar>(n - 1);
      for (const Index d : other) {
        model.shared_mean += static_cast<Scalar>(d) * static_cast<Scalar>(d - 1) / pairs;
      }
      break;
    }
    case BackboneModel::FixedRow:
      break;
    case BackboneModel::Sdsm: {
      model.bicm = solve_bicm(degrees, row_sizes(transposed), options.bicm);
      out.bicm_iterations = model.bicm.iterations;
      out.bicm_max_degree_error = model.bicm.max_degree_error;
      SdsmTable& table = model.sdsm;
      table.projected_classes = model.bicm.rows.size();
      table.other_classes = model.bicm.cols.size();
      table.other_count = model.bicm.cols.count;
      table.probability.resize(static_cast<std::size_t>(table.projected_classes) *
                               static_cast<std::size_t>(table.other_classes));
      for (Index a = 0; a < table.projected_classes; ++a) {
        for (Index c = 0; c < table.other_classes; ++c) {
          table.probability[static_cast<std::size_t>(a * table.other_classes + c)] =
              model.bicm.probability(a, c);
        }
      }
      break;
    }
  }

  // Rows by class, so that a thread's cached distributions serve one row after another.
  std::vector<Index> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](Index x, Index y) {
    return classes.class_of[static_cast<std::size_t>(x)] <
           classes.class_of[static_cast<std::size_t>(y)];
  });
  // Members of each class in increasing order, for the pairs that never co-sign.
  std::vector<Index> class_start(static_cast<std::size_t>(n_classes) + 1, 0);
  for (Index c = 0; c < n_classes; ++c) {
    class_start[static_cast<std::size_t>(c) + 1] =
        class_start[static_cast<std::size_t>(c)] + classes.count[static_cast<std::size_t>(c)];
  }

  const int workers = parallel_workers(n);
  std::vector<std::unique_ptr<PairTester>> testers;
  for (int t = 0; t < workers; ++t) {
    switch (options.model) {
      case BackboneModel::FixedFill:
      case BackboneModel::FixedColumn:
        testers.push_back(
            std::make_unique<SharedDistributionTester>(model.shared, model.shared_mean));
        break;
      case BackboneModel::FixedRow:
        testers.push_back(std::make_unique<HypergeometricTester>(classes, m));
        break;
      case BackboneModel::Sdsm:
        testers.push_back(std::make_unique<SdsmTester>(model.sdsm, options.method));
        break;
    }
  }
  std::vector<PairList> found(static_cast<std::size_t>(workers));
  std::vector<std::vector<char>> marks(
      static_cast<std::size_t>(options.signed_backbone ? workers : 0));
  std::vector<std::vector<Index>> per_class(marks.size());
  std::atomic<Index> kept{0};
  std::atomic<Index> co_signing{0};
  const Scalar keep = options.keep_below;

  const auto refuse_if_too_many = [&](Index added) {
    const Index total = kept.fetch_add(added) + added;
    if (total > options.max_pairs) {
      throw TooLarge("the backbone would keep more than " + std::to_string(options.max_pairs) +
                     " pairs");
    }
  };

  const ProjectionOptions count_ties{Weighting::Count, 0.0};
  visit_projection_rows(
      incidence, transposed, count_ties, order, workers, [&](const ProjectedRow& row) {
        check_interrupt();
        PairTester& tester = *testers[static_cast<std::size_t>(row.worker)];
        PairList& list = found[static_cast<std::size_t>(row.worker)];
        const std::size_t before = list.size();
        const Index u = row.u;
        const Index a = classes.class_of[static_cast<std::size_t>(u)];
        for (Index i = 0; i < row.size; ++i) {
          const Index v = row.columns[i];
          const auto w = static_cast<Index>(std::llround(row.weights[i]));
          Scalar mean = 0.0;
          const Tails tails =
              tester.test(a, classes.class_of[static_cast<std::size_t>(v)], w, mean);
          // A signed test keeps the tail with the smaller p-value (only one can be below 1/2).
          const bool stronger = tails.upper < keep;
          const bool weaker = options.signed_backbone && tails.lower < keep;
          if (stronger && (!weaker || tails.upper <= tails.lower)) {
            keep_pair(list, u, v, static_cast<Scalar>(w), mean, tails.upper, 1.0);
          } else if (weaker) {
            keep_pair(list, u, v, static_cast<Scalar>(w), mean, tails.lower, -1.0);
          }
        }
        co_signing.fetch_add(row.size);
        if (options.signed_backbone) {
          // Pairs (u, v > u) that never co-sign: each class at once, enumerated only when its
          // lower tail at 0 is significant.
          std::vector<char>& mark = marks[static_cast<std::size_t>(row.worker)];
          std::vector<Index>& tied = per_class[static_cast<std::size_t>(row.worker)];
          mark.resize(static_cast<std::size_t>(n), 0);
          tied.assign(static_cast<std::size_t>(n_classes), 0);
          for (Index i = 0; i < row.size; ++i) {
            mark[static_cast<std::size_t>(row.columns[i])] = 1;
            ++tied[static_cast<std::size_t>(
                classes.class_of[static_cast<std::size_t>(row.columns[i])])];
          }
          for (Index b = 0; b < n_classes; ++b) {
            const Index* begin = order.data() + class_start[static_cast<std::size_t>(b)];
            const Index* end = order.data() + class_start[static_cast<std::size_t>(b) + 1];
            const Index* after = std::upper_bound(begin, end, u);  // members of b above u
            const Index zeros = (end - after) - tied[static_cast<std::size_t>(b)];
            if (zeros <= 0) continue;
            Scalar mean = 0.0;
            const Tails tails = tester.test(a, b, 0, mean);
            if (!(tails.lower < keep)) continue;
            for (const Index* v = after; v != end; ++v) {
              if (!mark[static_cast<std::size_t>(*v)])
                keep_pair(list, u, *v, 0.0, mean, tails.lower, -1.0);
            }
          }
          for (Index i = 0; i < row.size; ++i) mark[static_cast<std::size_t>(row.columns[i])] = 0;
        }
        refuse_if_too_many(static_cast<Index>(list.size() - before));
      });

  // Sort by (source, target): the result does not depend on which thread found what.
  PairList all;
  for (PairList& list : found) {
    all.insert(all.end(), list.begin(), list.end());
    PairList().swap(list);
  }
  std::sort(all.begin(), all.end(), [](const KeptPair& x, const KeptPair& y) {
    return x.source != y.source ? x.source < y.source : x.target < y.target;
  });
  const auto total = static_cast<Index>(all.size());
  out.source.resize(total);
  out.target.resize(total);
  out.observed.resize(total);
  out.expected.resize(total);
  out.pvalue.resize(total);
  out.sign.resize(total);
  for (Index k = 0; k < total; ++k) {
    const KeptPair& pair = all[static_cast<std::size_t>(k)];
    out.source[k] = pair.source;
    out.target[k] = pair.target;
    out.observed[k] = pair.observed;
    out.expected[k] = pair.expected;
    out.pvalue[k] = pair.pvalue;
    out.sign[k] = pair.sign;
  }
  out.co_signing_pairs = co_signing.load();
  return out;
}

}  // namespace cosignet
