#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>
#include <utility>
#include <vector>

#include "cosignet/backbone.hpp"
#include "cosignet/errors.hpp"
#include "cosignet/incidence.hpp"
#include "cosignet/parallel.hpp"
#include "test_util.hpp"

namespace cosignet {
namespace {

/// A binary nodes x letters incidence and its transpose.
struct Incidence {
  CsrBuffers inc;
  CsrBuffers tr;
  std::vector<std::vector<int>> dense;
};

Incidence random_incidence(std::mt19937_64& rng, Index n, Index m, double density) {
  std::bernoulli_distribution tie(density);
  std::vector<Index> rows, cols;
  Incidence out;
  out.dense.assign(static_cast<std::size_t>(n), std::vector<int>(static_cast<std::size_t>(m), 0));
  for (Index i = 0; i < n; ++i) {
    for (Index k = 0; k < m; ++k) {
      if (tie(rng)) {
        rows.push_back(i);
        cols.push_back(k);
        out.dense[static_cast<std::size_t>(i)][static_cast<std::size_t>(k)] = 1;
      }
    }
  }
  out.inc =
      build_incidence(rows.data(), cols.data(), nullptr, static_cast<Index>(rows.size()), n, m)
          .matrix;
  out.tr = transpose(out.inc.view());
  return out;
}

using PairMap = std::map<std::pair<Index, Index>, std::pair<double, double>>;  // (p, sign)

PairMap as_map(const BackbonePairs& pairs) {
  PairMap out;
  for (Index k = 0; k < pairs.size(); ++k) {
    out[{pairs.source[k], pairs.target[k]}] = {pairs.pvalue[k], pairs.sign[k]};
  }
  return out;
}

TEST(FixedFill, EqualsEnumerationOfEveryIncidence) {
  // 4 nodes x 3 letters with 5 ties: all C(12, 5) = 792 incidences, pair (0, 1).
  const Index n = 4, m = 3, fill = 5;
  std::vector<double> count(static_cast<std::size_t>(m) + 1, 0.0);
  for (unsigned mask = 0; mask < (1u << (n * m)); ++mask) {
    if (__builtin_popcount(mask) != fill) continue;
    int shared = 0;
    for (Index k = 0; k < m; ++k) shared += ((mask >> k) & 1) && ((mask >> (m + k)) & 1);
    count[static_cast<std::size_t>(shared)] += 1;
  }
  const WindowedPmf pmf = fixed_fill_distribution(n, m, fill);
  for (Index w = 0; w <= m; ++w) {
    double upper = 0;
    for (Index k = w; k <= m; ++k) upper += count[static_cast<std::size_t>(k)] / 792.0;
    EXPECT_NEAR(pmf.tails(w).upper, upper, 1e-14) << w;
  }
}

TEST(Backbone, FixedRowEqualsHypergeometricOfEveryPair) {
  std::mt19937_64 rng(2);
  const Incidence g = random_incidence(rng, 30, 40, 0.2);
  BackboneOptions options;
  options.model = BackboneModel::FixedRow;
  options.keep_below = 2.0;  // keep every tested pair
  const BackbonePairs pairs = backbone_pairs(g.inc.view(), g.tr.view(), options);
  Index co_signing = 0;
  for (Index k = 0; k < pairs.size(); ++k) {
    const Index u = pairs.source[k], v = pairs.target[k];
    int shared = 0;
    for (std::size_t j = 0; j < 40; ++j) shared += g.dense[u][j] & g.dense[v][j];
    EXPECT_EQ(pairs.observed[k], shared);
    const Index du = row_size(g.inc.view(), u), dv = row_size(g.inc.view(), v);
    EXPECT_EQ(pairs.pvalue[k], hypergeometric_tails(shared, 40, du, dv).upper);
    EXPECT_DOUBLE_EQ(pairs.expected[k], static_cast<double>(du * dv) / 40.0);
  }
  for (Index u = 0; u < 30; ++u) {
    for (Index v = u + 1; v < 30; ++v) {
      int shared = 0;
      for (std::size_t j = 0; j < 40; ++j) shared += g.dense[u][j] & g.dense[v][j];
      co_signing += shared > 0;
    }
  }
  EXPECT_EQ(pairs.size(), co_signing);
  EXPECT_EQ(pairs.co_signing_pairs, co_signing);
}

TEST(Backbone, SignedTestsPairsThatNeverCoSign) {
  std::mt19937_64 rng(9);
  const Incidence g = random_incidence(rng, 25, 30, 0.4);
  for (const BackboneModel model : {BackboneModel::FixedFill, BackboneModel::FixedRow,
                                    BackboneModel::FixedColumn, BackboneModel::Sdsm}) {
    BackboneOptions options;
    options.model = model;
    options.signed_backbone = true;
    options.keep_below = 2.0;
    const PairMap all = as_map(backbone_pairs(g.inc.view(), g.tr.view(), options));
    EXPECT_EQ(all.size(), 25u * 24u / 2u);  // every pair, each with one tail kept
    options.keep_below = 0.05;
    const PairMap kept = as_map(backbone_pairs(g.inc.view(), g.tr.view(), options));
    for (const auto& [pair, value] : kept) {
      EXPECT_LT(value.first, 0.05);
      EXPECT_EQ(all.at(pair).first, value.first);
    }
  }
}

TEST(Backbone, SameResultForEveryThreadCountAndMethod) {
  std::mt19937_64 rng(4);
  const Incidence g = random_incidence(rng, 60, 80, 0.15);
  for (const TailMethod method : {TailMethod::RefinedNormal, TailMethod::Exact}) {
    BackboneOptions options;
    options.method = method;
    options.keep_below = 0.5;
    set_num_threads(1);
    const BackbonePairs one = backbone_pairs(g.inc.view(), g.tr.view(), options);
    set_num_threads(3);
    const BackbonePairs three = backbone_pairs(g.inc.view(), g.tr.view(), options);
    set_num_threads(0);
    ASSERT_EQ(one.size(), three.size());
    for (Index k = 0; k < one.size(); ++k) {
      EXPECT_EQ(one.source[k], three.source[k]);
      EXPECT_EQ(one.target[k], three.target[k]);
      EXPECT_EQ(one.pvalue[k], three.pvalue[k]);
    }
  }
}

TEST(Backbone, RefusesTooManyPairsAndBadInput) {
  std::mt19937_64 rng(1);
  const Incidence g = random_incidence(rng, 40, 40, 0.5);
  BackboneOptions options;
  options.keep_below = 2.0;
  options.max_pairs = 10;
  EXPECT_THROW(backbone_pairs(g.inc.view(), g.tr.view(), options), TooLarge);
  options.keep_below = 0.0;
  test::expect_invalid_input([&] { backbone_pairs(g.inc.view(), g.tr.view(), options); },
                             "keep_below");
}

}  // namespace
}  // namespace cosignet
