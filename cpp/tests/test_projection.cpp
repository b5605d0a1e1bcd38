#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <thread>
#include <utility>
#include <vector>

#include "cosignet/errors.hpp"
#include "cosignet/incidence.hpp"
#include "cosignet/parallel.hpp"
#include "cosignet/projection.hpp"
#include "test_util.hpp"

namespace cosignet {
namespace {

using test::bitwise_equal;
using test::Csr;
using test::expect_csr_eq;
using test::to_csr;

constexpr Weighting kAllWeightings[] = {Weighting::Count, Weighting::Newman, Weighting::Jaccard,
                                        Weighting::Overlap, Weighting::Ratio};

/// An incidence (nodes x letters) together with its transpose, as the kernels take them.
struct Incidence {
  CsrBuffers inc;
  CsrBuffers tr;

  static Incidence build(const std::vector<Index>& rows, const std::vector<Index>& cols,
                         const std::vector<Scalar>* weights, Index n_rows, Index n_cols) {
    Incidence out;
    out.inc =
        build_incidence(rows.data(), cols.data(), weights == nullptr ? nullptr : weights->data(),
                        static_cast<Index>(rows.size()), n_rows, n_cols)
            .matrix;
    out.tr = transpose(out.inc.view());
    return out;
  }

  /// The same two-mode network seen from the other side (letters x nodes).
  Incidence flipped() const {
    Incidence out;
    out.inc = transpose(inc.view());
    out.tr = transpose(tr.view());
    return out;
  }

  CsrBuffers project(Weighting weighting, Scalar min_weight = 0.0) const {
    ProjectionOptions options;
    options.weighting = weighting;
    options.min_weight = min_weight;
    return project_upper(inc.view(), tr.view(), options);
  }

  Index size(Weighting weighting, Scalar min_weight = 0.0) const {
    ProjectionOptions options;
    options.weighting = weighting;
    options.min_weight = min_weight;
    return projection_size(inc.view(), tr.view(), options);
  }
};

/// Restores the default thread count after each test.
class Projection : public ::testing::Test {
 protected:
  void TearDown() override { set_num_threads(0); }
};

// ---------------------------------------------------------------------------------------------
// Tore Opsahl's two-mode example: people A-F (0..5) and documents 1-6 (columns 0..5).
// https://toreopsahl.com/tnet/two-mode-networks/defining-weights/

constexpr Index A = 0, B = 1, C = 2, D = 3, E = 4, F = 5;

Incidence opsahl() {
  const std::vector<Index> people{A, A, B, B, B, B, B, C, D, E, E, E, F};
  const std::vector<Index> documents{1, 2, 1, 2, 3, 4, 5, 1, 3, 4, 5, 6, 6};
  std::vector<Index> cols;
  for (const Index d : documents) cols.push_back(d - 1);
  return Incidence::build(people, cols, nullptr, 6, 6);
}

/// The strict upper triangle of the people projection: A-B, A-C, B-C, B-D, B-E, E-F.
Csr opsahl_upper(std::vector<Scalar> data) {
  Csr m;
  m.rows = 6;
  m.cols = 6;
  m.indptr = {0, 2, 5, 5, 5, 6, 6};
  m.indices = {B, C, C, D, E, F};
  m.data = std::move(data);
  return m;
}

TEST_F(Projection, OpsahlCount) {
  const Incidence net = opsahl();
  expect_csr_eq(to_csr(net.project(Weighting::Count)), opsahl_upper({2, 1, 1, 1, 2, 1}));
}

TEST_F(Projection, OpsahlNewman) {
  const Incidence net = opsahl();
  expect_csr_eq(to_csr(net.project(Weighting::Newman)),
                opsahl_upper({1.5, 0.5, 0.5, 1.0, 2.0, 1.0}));
}

TEST_F(Projection, OpsahlJaccard) {
  // Degrees: A 2, B 5, C 1, D 1, E 3, F 1.
  const Incidence net = opsahl();
  expect_csr_eq(to_csr(net.project(Weighting::Jaccard)),
                opsahl_upper({2.0 / 5.0, 1.0 / 2.0, 1.0 / 5.0, 1.0 / 5.0, 2.0 / 6.0, 1.0 / 3.0}));
}

TEST_F(Projection, OpsahlOverlap) {
  const Incidence net = opsahl();
  expect_csr_eq(to_csr(net.project(Weighting::Overlap)),
                opsahl_upper({1.0, 1.0, 1.0, 1.0, 2.0 / 3.0, 1.0}));
}

TEST_F(Projection, OpsahlRatio) {
  const Incidence net = opsahl();  // m = 6 documents
  expect_csr_eq(to_csr(net.project(Weighting::Ratio)),
                opsahl_upper({2.0 / 6, 1.0 / 6, 1.0 / 6, 1.0 / 6, 2.0 / 6, 1.0 / 6}));
}

TEST_F(Projection, OpsahlDocumentsSide) {
  // Documents tied through shared people; person sizes A 2, B 5, C 1, D 1, E 3, F 1.
  const Incidence docs = opsahl().flipped();
  Csr count;
  count.rows = 6;
  count.cols = 6;
  count.indptr = {0, 4, 7, 9, 11, 12, 12};
  count.indices = {1, 2, 3, 4, 2, 3, 4, 3, 4, 4, 5, 5};
  count.data = {2, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1};
  expect_csr_eq(to_csr(docs.project(Weighting::Count)), count);
  Csr newman = count;  // A adds 1/(2-1), B 1/(5-1), E 1/(3-1)
  newman.data = {1.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.75, 0.5, 0.5};
  expect_csr_eq(to_csr(docs.project(Weighting::Newman)), newman);
}

TEST_F(Projection, OpsahlMinWeight) {
  const Incidence net = opsahl();
  {
    Csr expected;  // count >= 2: A-B, B-E
    expected.rows = expected.cols = 6;
    expected.indptr = {0, 1, 2, 2, 2, 2, 2};
    expected.indices = {B, E};
    expected.data = {2, 2};
    expect_csr_eq(to_csr(net.project(Weighting::Count, 2.0)), expected);
    EXPECT_EQ(net.size(Weighting::Count, 2.0), 2);
  }
  {
    Csr expected;  // newman >= 1: A-B 1.5, B-D 1, B-E 2, E-F 1 (the bound is inclusive)
    expected.rows = expected.cols = 6;
    expected.indptr = {0, 1, 3, 3, 3, 4, 4};
    expected.indices = {B, D, E, F};
    expected.data = {1.5, 1.0, 2.0, 1.0};
    expect_csr_eq(to_csr(net.project(Weighting::Newman, 1.0)), expected);
    EXPECT_EQ(net.size(Weighting::Newman, 1.0), 4);
  }
  {
    Csr expected;  // jaccard >= 0.5: A-C only
    expected.rows = expected.cols = 6;
    expected.indptr = {0, 1, 1, 1, 1, 1, 1};
    expected.indices = {C};
    expected.data = {0.5};
    expect_csr_eq(to_csr(net.project(Weighting::Jaccard, 0.5)), expected);
    EXPECT_EQ(net.size(Weighting::Jaccard, 0.5), 1);
  }
  {
    Csr expected;  // overlap >= 1: all but B-E
    expected.rows = expected.cols = 6;
    expected.indptr = {0, 2, 4, 4, 4, 5, 5};
    expected.indices = {B, C, C, D, F};
    expected.data = {1, 1, 1, 1, 1};
    expect_csr_eq(to_csr(net.project(Weighting::Overlap, 1.0)), expected);
    EXPECT_EQ(net.size(Weighting::Overlap, 1.0), 5);
  }
  {
    Csr expected;  // ratio >= 0.3: A-B, B-E
    expected.rows = expected.cols = 6;
    expected.indptr = {0, 1, 2, 2, 2, 2, 2};
    expected.indices = {B, E};
    expected.data = {2.0 / 6, 2.0 / 6};
    expect_csr_eq(to_csr(net.project(Weighting::Ratio, 0.3)), expected);
    EXPECT_EQ(net.size(Weighting::Ratio, 0.3), 2);
  }
  for (const Weighting w : kAllWeightings) {
    Csr none;  // a bound above every weight keeps nothing
    none.rows = none.cols = 6;
    none.indptr = {0, 0, 0, 0, 0, 0, 0};
    expect_csr_eq(to_csr(net.project(w, 100.0)), none);
    EXPECT_EQ(net.size(w, 100.0), 0);
    EXPECT_EQ(net.size(w), 6);
  }
}

TEST_F(Projection, OpsahlPairContributions) {
  const Incidence net = opsahl();
  // Document sizes 3, 2, 2, 2, 2, 2: 3 + 5 * 1 pairs.
  EXPECT_EQ(pair_contributions(net.tr.view()), 8);
  // Person sizes 2, 5, 1, 1, 3, 1: 1 + 10 + 3 pairs.
  EXPECT_EQ(pair_contributions(net.inc.view()), 14);
}

TEST_F(Projection, OpsahlSymmetrize) {
  const Incidence net = opsahl();
  const CsrBuffers upper = net.project(Weighting::Count);
  Csr expected;
  expected.rows = expected.cols = 6;
  expected.indptr = {0, 2, 6, 8, 9, 11, 12};
  expected.indices = {B, C, A, C, D, E, A, B, B, B, F, E};
  expected.data = {2, 1, 2, 1, 1, 2, 1, 1, 1, 2, 1, 1};
  const CsrBuffers full = symmetrize_upper(upper.view());
  expect_csr_eq(to_csr(full), expected);
  EXPECT_NO_THROW(validate_csr(full.view(), "full", true));
}

// ---------------------------------------------------------------------------------------------
// Weighted incidence

TEST_F(Projection, WeightedIncidence) {
  // letter 0: actor 0 (2), actor 1 (3), actor 2 (0.5); letter 1: actor 0 (1), actor 1 (4).
  const std::vector<Index> actors{0, 1, 2, 0, 1};
  const std::vector<Index> letters{0, 0, 0, 1, 1};
  const std::vector<Scalar> weights{2.0, 3.0, 0.5, 1.0, 4.0};
  const Incidence net = Incidence::build(actors, letters, &weights, 3, 2);
  Csr upper;
  upper.rows = upper.cols = 3;
  upper.indptr = {0, 2, 3, 3};
  upper.indices = {1, 2, 2};
  upper.data = {2.0 * 3.0 + 1.0 * 4.0, 2.0 * 0.5, 3.0 * 0.5};  // products of weights
  expect_csr_eq(to_csr(net.project(Weighting::Count)), upper);
  upper.data = {2.0 / 2 * 3.0 + 1.0 / 1 * 4.0, 2.0 / 2 * 0.5, 3.0 / 2 * 0.5};
  expect_csr_eq(to_csr(net.project(Weighting::Newman)), upper);
  upper.data = {2.0 / (4 - 2), 1.0 / (3 - 1), 1.0 / (3 - 1)};  // binary: weights ignored
  expect_csr_eq(to_csr(net.project(Weighting::Jaccard)), upper);
  upper.data = {1.0, 1.0, 1.0};
  expect_csr_eq(to_csr(net.project(Weighting::Overlap)), upper);
  upper.data = {1.0, 0.5, 0.5};
  expect_csr_eq(to_csr(net.project(Weighting::Ratio)), upper);
}

// ---------------------------------------------------------------------------------------------
// Empty cases and bad arguments

TEST_F(Projection, NoRows) {
  const Incidence net = Incidence::build({}, {}, nullptr, 0, 3);
  Csr empty;  // 0 x 0
  for (const Weighting w : kAllWeightings) {
    expect_csr_eq(to_csr(net.project(w)), empty);
    EXPECT_EQ(net.size(w), 0);
    EXPECT_EQ(net.size(w, 1.0), 0);
  }
  EXPECT_EQ(pair_contributions(net.tr.view()), 0);
  expect_csr_eq(to_csr(symmetrize_upper(net.project(Weighting::Count).view())), empty);
}

TEST_F(Projection, NoLettersOrNoEntries) {
  for (const Index n_letters : {Index{0}, Index{4}}) {
    const Incidence net = Incidence::build({}, {}, nullptr, 5, n_letters);
    Csr expected;
    expected.rows = expected.cols = 5;
    expected.indptr = {0, 0, 0, 0, 0, 0};
    for (const Weighting w : kAllWeightings) {
      expect_csr_eq(to_csr(net.project(w)), expected);
      EXPECT_EQ(net.size(w), 0);
    }
    EXPECT_EQ(pair_contributions(net.tr.view()), 0);
    expect_csr_eq(to_csr(symmetrize_upper(net.project(Weighting::Count).view())), expected);
  }
}

TEST_F(Projection, SingleSignerLettersAddNoTie) {
  // Letters 0-2 have one signer each; letter 3 has actors 1 and 3. Actors 4 and 5 sign nothing.
  const std::vector<Index> actors{0, 1, 2, 1, 3, 0};
  const std::vector<Index> letters{0, 1, 2, 3, 3, 2};
  const Incidence net = Incidence::build(actors, letters, nullptr, 6, 4);
  // Actors 0 and 2 both sign letter 2: one tie; 1-3 through letter 3.
  Csr count;
  count.rows = count.cols = 6;
  count.indptr = {0, 1, 2, 2, 2, 2, 2};
  count.indices = {2, 3};
  count.data = {1, 1};
  expect_csr_eq(to_csr(net.project(Weighting::Count)), count);
  EXPECT_EQ(pair_contributions(net.tr.view()), 2);

  const std::vector<Index> lonely_actors{0, 1, 2, 3};
  const std::vector<Index> lonely_letters{0, 1, 2, 2};  // letter 2 has one signer, twice
  const Incidence lonely = Incidence::build(lonely_actors, lonely_letters, nullptr, 4, 3);
  // Actors 2 and 3 share letter 2 -> one tie; letters 0 and 1 add nothing.
  Csr expected;
  expected.rows = expected.cols = 4;
  expected.indptr = {0, 0, 0, 1, 1};
  expected.indices = {3};
  expected.data = {1.0};
  expect_csr_eq(to_csr(lonely.project(Weighting::Count)), expected);

  const std::vector<Index> solo_actors{0, 1, 2};
  const std::vector<Index> solo_letters{0, 1, 2};
  const Incidence solo = Incidence::build(solo_actors, solo_letters, nullptr, 3, 3);
  Csr none;
  none.rows = none.cols = 3;
  none.indptr = {0, 0, 0, 0};
  for (const Weighting w : kAllWeightings) {
    expect_csr_eq(to_csr(solo.project(w)), none);
    EXPECT_EQ(solo.size(w), 0);
  }
  EXPECT_EQ(pair_contributions(solo.tr.view()), 0);
}

TEST_F(Projection, BadMinWeightThrows) {
  const Incidence net = opsahl();
  for (const Scalar bad : {-1.0, -1e-300, std::numeric_limits<Scalar>::quiet_NaN(),
                           std::numeric_limits<Scalar>::infinity()}) {
    EXPECT_THROW(net.project(Weighting::Count, bad), InvalidInput);
    EXPECT_THROW(net.size(Weighting::Newman, bad), InvalidInput);
  }
}

TEST_F(Projection, MismatchedViewsThrow) {
  const Incidence net = opsahl();
  const Incidence other = Incidence::build({0, 1}, {0, 0}, nullptr, 6, 6);
  ProjectionOptions options;
  // Wrong nnz, and the untransposed matrix given twice with a different shape.
  EXPECT_THROW(project_upper(net.inc.view(), other.tr.view(), options), InvalidInput);
  EXPECT_THROW(projection_size(net.inc.view(), other.tr.view(), options), InvalidInput);
  const Incidence wide = Incidence::build({0, 1}, {0, 3}, nullptr, 2, 4);
  EXPECT_THROW(project_upper(wide.inc.view(), wide.inc.view(), options), InvalidInput);
}

// ---------------------------------------------------------------------------------------------
// symmetrize_upper

TEST_F(Projection, SymmetrizeHandExample) {
  // Upper triangle of a 4 x 4 matrix: (0,1) 1, (0,3) 2, (1,2) 3, (2,3) 4.
  Csr upper;
  upper.rows = upper.cols = 4;
  upper.indptr = {0, 2, 3, 4, 4};
  upper.indices = {1, 3, 2, 3};
  upper.data = {1, 2, 3, 4};
  Csr full;
  full.rows = full.cols = 4;
  full.indptr = {0, 2, 4, 6, 8};
  full.indices = {1, 3, 0, 2, 1, 3, 0, 2};
  full.data = {1, 2, 1, 3, 3, 4, 2, 4};
  expect_csr_eq(to_csr(symmetrize_upper(upper.view())), full);
}

TEST_F(Projection, SymmetrizeRejectsLowerAndDiagonalEntries) {
  Csr lower;
  lower.rows = lower.cols = 3;
  lower.indptr = {0, 1, 1, 2};
  lower.indices = {2, 1};  // (0,2) is fine, (2,1) is below the diagonal
  lower.data = {1, 1};
  EXPECT_THROW(symmetrize_upper(lower.view()), InvalidInput);
  Csr diagonal;
  diagonal.rows = diagonal.cols = 3;
  diagonal.indptr = {0, 0, 1, 1};
  diagonal.indices = {1};  // (1,1)
  diagonal.data = {5};
  EXPECT_THROW(symmetrize_upper(diagonal.view()), InvalidInput);
  Csr rectangular;
  rectangular.rows = 2;
  rectangular.cols = 3;
  rectangular.indptr = {0, 1, 1};
  rectangular.indices = {2};
  rectangular.data = {1};
  EXPECT_THROW(symmetrize_upper(rectangular.view()), InvalidInput);
}

// ---------------------------------------------------------------------------------------------
// Seeded random incidence: invariants, a reference implementation, thread-count independence

/// Actors x letters with a few large letters (dense output rows) among many small ones, and
/// some actors that sign nothing. Weights are non-dyadic so that summation order shows.
Incidence random_incidence(unsigned seed, bool weighted) {
  std::mt19937_64 rng(seed);
  const Index n_actors = 400;  // actors n_actors .. n_actors + 9 sign nothing
  const Index n_letters = 300;
  std::uniform_int_distribution<Index> actor(0, n_actors - 1);
  std::bernoulli_distribution large(0.05);
  std::uniform_int_distribution<Index> small_size(1, 6);
  std::uniform_int_distribution<Index> large_size(30, 150);
  std::uniform_real_distribution<Scalar> weight(0.1, 3.0);
  std::vector<Index> rows;
  std::vector<Index> cols;
  std::vector<Scalar> weights;
  for (Index k = 0; k < n_letters; ++k) {
    const Index size = large(rng) ? large_size(rng) : small_size(rng);
    for (Index i = 0; i < size; ++i) {
      rows.push_back(actor(rng));  // repeats are merged by build_incidence
      cols.push_back(k);
      weights.push_back(weight(rng));
    }
  }
  return Incidence::build(rows, cols, weighted ? &weights : nullptr, n_actors + 10, n_letters);
}

/// A straightforward projection with the same summation order as the kernel (letters of u in
/// increasing order), so the comparison can be exact.
Csr reference_upper(const Incidence& net, Weighting weighting, Scalar min_weight) {
  const Csr inc = to_csr(net.inc);
  const Csr tr = to_csr(net.tr);
  const bool binary = weighting == Weighting::Jaccard || weighting == Weighting::Overlap ||
                      weighting == Weighting::Ratio;
  const auto degree = [&](Index u) {
    return inc.indptr[static_cast<std::size_t>(u) + 1] - inc.indptr[static_cast<std::size_t>(u)];
  };
  Csr out;
  out.rows = out.cols = inc.rows;
  for (Index u = 0; u < inc.rows; ++u) {
    std::map<Index, Scalar> acc;
    for (Index p = inc.indptr[static_cast<std::size_t>(u)];
         p < inc.indptr[static_cast<std::size_t>(u) + 1]; ++p) {
      const Index k = inc.indices[static_cast<std::size_t>(p)];
      const Index begin = tr.indptr[static_cast<std::size_t>(k)];
      const Index end = tr.indptr[static_cast<std::size_t>(k) + 1];
      const Index n_k = end - begin;
      for (Index q = begin; q < end; ++q) {
        const Index v = tr.indices[static_cast<std::size_t>(q)];
        if (v <= u) continue;
        Scalar add = 1.0;
        if (!binary) {
          Scalar factor = inc.data[static_cast<std::size_t>(p)];
          if (weighting == Weighting::Newman) factor /= static_cast<Scalar>(n_k - 1);
          add = factor * tr.data[static_cast<std::size_t>(q)];
        }
        const auto [it, inserted] = acc.emplace(v, add);
        if (!inserted) it->second += add;
      }
    }
    for (const auto& [v, shared] : acc) {
      Scalar w = shared;
      if (weighting == Weighting::Jaccard) {
        w = shared / (static_cast<Scalar>(degree(u) + degree(v)) - shared);
      } else if (weighting == Weighting::Overlap) {
        w = shared / static_cast<Scalar>(std::min(degree(u), degree(v)));
      } else if (weighting == Weighting::Ratio) {
        w = shared / static_cast<Scalar>(inc.cols);
      }
      if (w < min_weight) continue;
      out.indices.push_back(v);
      out.data.push_back(w);
    }
    out.indptr.push_back(static_cast<Index>(out.indices.size()));
  }
  return out;
}

TEST_F(Projection, RandomCountAndNewmanSums) {
  const Incidence net = random_incidence(12345, false);
  const Csr tr = to_csr(net.tr);
  Index pairs = 0;
  Index signers_of_shared_letters = 0;
  for (Index k = 0; k < tr.rows; ++k) {
    const Index n_k =
        tr.indptr[static_cast<std::size_t>(k) + 1] - tr.indptr[static_cast<std::size_t>(k)];
    pairs += n_k * (n_k - 1) / 2;
    if (n_k >= 2) signers_of_shared_letters += n_k;
  }
  ASSERT_GT(pairs, 10000);  // the example is not trivial
  EXPECT_EQ(pair_contributions(net.tr.view()), pairs);

  const CsrBuffers count = net.project(Weighting::Count);
  Scalar count_sum = 0;
  for (const Scalar w : count.data) count_sum += w;
  EXPECT_EQ(count_sum, static_cast<Scalar>(pairs));  // integers: exact
  EXPECT_LE(count.nnz(), pairs);

  const CsrBuffers newman = net.project(Weighting::Newman);
  Scalar newman_sum = 0;
  for (const Scalar w : newman.data) newman_sum += w;
  const Scalar expected = 0.5 * static_cast<Scalar>(signers_of_shared_letters);
  EXPECT_NEAR(newman_sum, expected, 1e-9 * expected);
  EXPECT_EQ(newman.nnz(), count.nnz());  // same ties, different weights
}

TEST_F(Projection, RandomMatchesReference) {
  for (const bool weighted : {false, true}) {
    const Incidence net = random_incidence(777, weighted);
    const Scalar m = static_cast<Scalar>(net.inc.cols);
    const std::pair<Weighting, Scalar> cases[] = {
        {Weighting::Count, 0.0},   {Weighting::Count, 2.0},   {Weighting::Newman, 0.0},
        {Weighting::Newman, 0.2},  {Weighting::Jaccard, 0.0}, {Weighting::Jaccard, 0.1},
        {Weighting::Overlap, 0.0}, {Weighting::Overlap, 0.5}, {Weighting::Ratio, 0.0},
        {Weighting::Ratio, 2 / m}};
    for (const auto& [weighting, min_weight] : cases) {
      SCOPED_TRACE(testing::Message()
                   << "weighted " << weighted << ", weighting " << static_cast<int>(weighting)
                   << ", min_weight " << min_weight);
      const CsrBuffers upper = net.project(weighting, min_weight);
      const Csr expected = reference_upper(net, weighting, min_weight);
      ASSERT_GT(expected.indices.size(), 100u);
      expect_csr_eq(to_csr(upper), expected);
      EXPECT_NO_THROW(validate_csr(upper.view(), "upper", true));
      EXPECT_EQ(net.size(weighting, min_weight), upper.nnz());
    }
  }
}

TEST_F(Projection, ProjectionSizeEqualsNnz) {
  const Incidence net = random_incidence(4242, true);
  for (const Weighting w : kAllWeightings) {
    for (const Scalar min_weight : {0.0, 0.05, 0.25, 1.0, 2.5, 1e9}) {
      EXPECT_EQ(net.size(w, min_weight), net.project(w, min_weight).nnz())
          << static_cast<int>(w) << " " << min_weight;
    }
  }
}

TEST_F(Projection, IdenticalForEveryThreadCount) {
  for (const bool weighted : {false, true}) {
    const Incidence net = random_incidence(99, weighted);
    for (const Weighting w : kAllWeightings) {
      for (const Scalar min_weight : {0.0, 0.3}) {
        set_num_threads(1);
        const CsrBuffers one = net.project(w, min_weight);
        const Index size_one = net.size(w, min_weight);
        for (const int threads : {2, 4}) {
          set_num_threads(threads);
          const CsrBuffers many = net.project(w, min_weight);
          EXPECT_TRUE(bitwise_equal(one, many))
              << "weighting " << static_cast<int>(w) << ", " << threads << " threads";
          EXPECT_EQ(net.size(w, min_weight), size_one);
        }
      }
    }
  }
}

TEST_F(Projection, HugeThreadCount) {
  // The chunk count is 64 x threads: it must not overflow an int.
  const Incidence net = opsahl();
  set_num_threads(std::numeric_limits<int>::max());
  expect_csr_eq(to_csr(net.project(Weighting::Count)), opsahl_upper({2, 1, 1, 1, 2, 1}));
  EXPECT_EQ(net.size(Weighting::Newman, 1.0), 4);
}

TEST_F(Projection, ThreadCountChangedDuringProjection) {
  // set_num_threads() from another thread (the bindings release the GIL) must neither corrupt
  // memory nor change the result, which is the same for every thread count. The window is
  // narrow, so many small projections run while the count flips.
  const Incidence small = opsahl();
  const Incidence large = random_incidence(31, true);
  set_num_threads(1);
  const CsrBuffers expected_small = small.project(Weighting::Newman);
  const CsrBuffers expected_large = large.project(Weighting::Newman);
  const Index expected_size = large.size(Weighting::Jaccard, 0.1);
  std::atomic<bool> done{false};
  std::thread toggler([&] {
    for (int i = 0; !done.load(); ++i) set_num_threads(i % 2 == 0 ? 1 : 4);
  });
  int mismatches = 0;
  for (int round = 0; round < 20000; ++round) {
    if (!bitwise_equal(small.project(Weighting::Newman), expected_small)) ++mismatches;
    if (small.size(Weighting::Count, 2.0) != 2) ++mismatches;
  }
  for (int round = 0; round < 20; ++round) {
    if (!bitwise_equal(large.project(Weighting::Newman), expected_large)) ++mismatches;
    if (large.size(Weighting::Jaccard, 0.1) != expected_size) ++mismatches;
  }
  done = true;
  toggler.join();
  EXPECT_EQ(mismatches, 0);
}

TEST_F(Projection, RandomSymmetrize) {
  const Incidence net = random_incidence(2025, true);
  const CsrBuffers upper = net.project(Weighting::Newman);
  const CsrBuffers full = symmetrize_upper(upper.view());
  EXPECT_EQ(full.nnz(), 2 * upper.nnz());
  EXPECT_NO_THROW(validate_csr(full.view(), "full", true));  // sorted and unique
  // Symmetric: equal to its own transpose, bit for bit.
  EXPECT_TRUE(bitwise_equal(full, transpose(full.view())));
  // The upper part of each row is the input row.
  const Csr u = to_csr(upper);
  const Csr f = to_csr(full);
  for (Index r = 0; r < u.rows; ++r) {
    const auto row = static_cast<std::size_t>(r);
    std::vector<Index> upper_cols;
    std::vector<Scalar> upper_vals;
    for (Index p = f.indptr[row]; p < f.indptr[row + 1]; ++p) {
      const auto q = static_cast<std::size_t>(p);
      if (f.indices[q] > r) {
        upper_cols.push_back(f.indices[q]);
        upper_vals.push_back(f.data[q]);
      }
      ASSERT_NE(f.indices[q], r);  // no diagonal
    }
    ASSERT_EQ(upper_cols, std::vector<Index>(u.indices.begin() + u.indptr[row],
                                             u.indices.begin() + u.indptr[row + 1]));
    ASSERT_EQ(upper_vals, std::vector<Scalar>(u.data.begin() + u.indptr[row],
                                              u.data.begin() + u.indptr[row + 1]));
  }
}

}  // namespace
}  // namespace cosignet
