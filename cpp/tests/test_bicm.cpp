#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "cosignet/bicm.hpp"
#include "cosignet/errors.hpp"
#include "test_util.hpp"

namespace cosignet {
namespace {

/// Largest |expected - observed| degree over all nodes, recomputed node by node.
double degree_error(const BicmSolution& fit, const std::vector<Index>& rows,
                    const std::vector<Index>& cols) {
  double worst = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    double expected = 0;
    for (std::size_t k = 0; k < cols.size(); ++k) {
      expected += fit.probability(fit.rows.class_of[i], fit.cols.class_of[k]);
    }
    worst = std::max(worst, std::fabs(expected - static_cast<double>(rows[i])));
  }
  for (std::size_t k = 0; k < cols.size(); ++k) {
    double expected = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      expected += fit.probability(fit.rows.class_of[i], fit.cols.class_of[k]);
    }
    worst = std::max(worst, std::fabs(expected - static_cast<double>(cols[k])));
  }
  return worst;
}

/// Degrees of a random incidence with the given density.
void random_degrees(std::mt19937_64& rng, Index n, Index m, double density,
                    std::vector<Index>& rows, std::vector<Index>& cols) {
  std::bernoulli_distribution tie(density);
  rows.assign(static_cast<std::size_t>(n), 0);
  cols.assign(static_cast<std::size_t>(m), 0);
  for (Index i = 0; i < n; ++i) {
    for (Index k = 0; k < m; ++k) {
      if (tie(rng)) {
        ++rows[static_cast<std::size_t>(i)];
        ++cols[static_cast<std::size_t>(k)];
      }
    }
  }
}

TEST(DegreeClasses, GroupsEqualDegreesInIncreasingOrder) {
  const DegreeClasses c = degree_classes({3, 1, 3, 0, 1});
  EXPECT_EQ(c.degree, (std::vector<Index>{0, 1, 3}));
  EXPECT_EQ(c.count, (std::vector<Index>{1, 2, 2}));
  EXPECT_EQ(c.class_of, (std::vector<Index>{2, 1, 2, 0, 1}));
}

TEST(Bicm, ReproducesDegreesOfRandomGraphs) {
  std::mt19937_64 rng(5);
  for (int trial = 0; trial < 25; ++trial) {
    const Index n = 2 + trial * 3;
    const Index m = 3 + trial * 7;
    std::vector<Index> rows, cols;
    random_degrees(rng, n, m, 0.05 + 0.03 * (trial % 10), rows, cols);
    const BicmSolution fit = solve_bicm(rows, cols);
    EXPECT_LT(fit.max_degree_error, 1e-10);
    EXPECT_LT(degree_error(fit, rows, cols), 1e-9) << trial;
  }
}

TEST(Bicm, PeelsNodesTiedToNoneOrToAll) {
  // Row 0 signs everything, row 3 nothing, column 2 is tied to row 0 only.
  const std::vector<Index> rows{3, 1, 1, 0};
  const std::vector<Index> cols{2, 2, 1};
  const BicmSolution fit = solve_bicm(rows, cols);
  EXPECT_LT(degree_error(fit, rows, cols), 1e-10);
  EXPECT_EQ(fit.probability(fit.rows.class_of[0], fit.cols.class_of[2]), 1.0);
  EXPECT_EQ(fit.probability(fit.rows.class_of[1], fit.cols.class_of[2]), 0.0);
  EXPECT_EQ(fit.probability(fit.rows.class_of[3], fit.cols.class_of[0]), 0.0);
  EXPECT_NEAR(fit.probability(fit.rows.class_of[1], fit.cols.class_of[0]), 0.5, 1e-12);
}

TEST(Bicm, AllOnesAndAllZeroAreDetermined) {
  const BicmSolution ones = solve_bicm({3, 3}, {2, 2, 2});
  EXPECT_EQ(ones.iterations, 0);
  EXPECT_EQ(ones.probability(0, 0), 1.0);
  const BicmSolution zeros = solve_bicm({0, 0}, {0, 0, 0});
  EXPECT_EQ(zeros.probability(0, 0), 0.0);
}

TEST(Bicm, NestedDegreesArePeeledCompletely) {
  // Degrees (2, 1) x (2, 1): only [[1, 1], [1, 0]] has them; the full row fixes everything.
  const BicmSolution fit = solve_bicm({2, 1}, {2, 1});
  EXPECT_EQ(fit.iterations, 0);
  EXPECT_EQ(degree_error(fit, {2, 1}, {2, 1}), 0.0);
}

TEST(Bicm, DegreesOnTheBoundaryGetProbabilitiesNearZeroAndOne) {
  // Rows and columns (3, 3, 1, 1) on 4 x 4: in each of the 4 realisations the two degree-1
  // rows sign only degree-3 columns, so those 4 cells are never tied (and the 4 cells between
  // degree-3 rows and columns always are). Nothing is full or empty, so nothing is peeled:
  // the fitnesses head to infinity and stop within the tolerance of the degrees.
  const std::vector<Index> d{3, 3, 1, 1};
  const BicmSolution fit = solve_bicm(d, d);
  EXPECT_LT(degree_error(fit, d, d), 1e-10);
  EXPECT_LT(fit.probability(fit.rows.class_of[2], fit.cols.class_of[2]), 1e-10);
  EXPECT_GT(fit.probability(fit.rows.class_of[0], fit.cols.class_of[0]), 1 - 1e-10);
}

TEST(Bicm, RefusesDegreesNoGraphHas) {
  test::expect_invalid_input([] { solve_bicm({2, 1}, {1, 1}); }, "sum to 3");
  test::expect_invalid_input([] { solve_bicm({3}, {1, 1}); }, "outside 0..2");
  test::expect_invalid_input([] { solve_bicm({}, {1}); }, "at least one node");
}

}  // namespace
}  // namespace cosignet
