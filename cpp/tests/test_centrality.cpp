#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "cosignet/centrality.hpp"
#include "cosignet/errors.hpp"
#include "cosignet/linalg.hpp"
#include "cosignet/parallel.hpp"
#include "test_util.hpp"

namespace cosignet {
namespace {

using test::AllPairs;
using test::Csr;
using test::Edge;
using test::kInf;
using test::undirected;

/// Restores the default thread count and clears the interrupt check after each test.
class Centrality : public ::testing::Test {
 protected:
  void TearDown() override {
    set_interrupt_check(nullptr);
    set_num_threads(0);
  }
};

std::vector<Index> all_nodes(Index n) {
  std::vector<Index> nodes(static_cast<std::size_t>(n));
  std::iota(nodes.begin(), nodes.end(), Index{0});
  return nodes;
}

std::vector<Scalar> to_vector(const Buffer<Scalar>& b) {
  return std::vector<Scalar>(b.begin(), b.end());
}

/// Raw betweenness over every node as a source.
std::vector<Scalar> betweenness_all(const Csr& g, PathLengths lengths, bool endpoints = false) {
  const std::vector<Index> sources = all_nodes(g.rows);
  return to_vector(betweenness(g.view(), lengths, sources.data(), g.rows, endpoints));
}

/// Brute-force betweenness from all-pairs distances and path counts: for every source s and
/// target t != s, v != s, t lies on sigma_sv sigma_vt of the sigma_st shortest paths when
/// d(s, v) + d(v, t) == d(s, t). With @p endpoints, s and t lie on their own paths too.
std::vector<Scalar> brute_betweenness(const AllPairs& r, const std::vector<Index>& sources,
                                      bool endpoints) {
  std::vector<Scalar> bc(static_cast<std::size_t>(r.n), 0.0);
  for (const Index s : sources) {
    for (Index t = 0; t < r.n; ++t) {
      if (t == s || r.dist(s, t) == kInf) continue;
      if (endpoints) {
        bc[static_cast<std::size_t>(s)] += 1;
        bc[static_cast<std::size_t>(t)] += 1;
      }
      for (Index v = 0; v < r.n; ++v) {
        if (v == s || v == t || r.dist(s, v) + r.dist(v, t) != r.dist(s, t)) continue;
        bc[static_cast<std::size_t>(v)] += r.paths(s, v) * r.paths(v, t) / r.paths(s, t);
      }
    }
  }
  return bc;
}

void expect_near_all(const std::vector<Scalar>& actual, const std::vector<Scalar>& expected,
                     Scalar rel) {
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t i = 0; i < actual.size(); ++i) {
    EXPECT_NEAR(actual[i], expected[i], rel * (1 + std::abs(expected[i]))) << "node " << i;
  }
}

void expect_near_all(const Buffer<Scalar>& actual, const Vector& expected, Scalar rel) {
  ASSERT_EQ(actual.size(), expected.size());
  for (Index i = 0; i < actual.size(); ++i) {
    EXPECT_NEAR(actual[i], expected[i], rel * (1 + std::abs(expected[i]))) << "node " << i;
  }
}

// ---------------------------------------------------------------------- betweenness by hand

TEST_F(Centrality, BetweennessOfSmallGraphs) {
  for (const PathLengths lengths : {PathLengths::Hops, PathLengths::Stored}) {
    // Path of five: node i separates i x (4 - i) pairs, each seen from both ends.
    EXPECT_EQ(betweenness_all(undirected(5, test::path_edges(5)), lengths),
              (std::vector<Scalar>{0, 6, 8, 6, 0}));
    // Star with four leaves: the centre lies on all C(4, 2) leaf pairs.
    EXPECT_EQ(betweenness_all(undirected(5, test::star_edges(4)), lengths),
              (std::vector<Scalar>{12, 0, 0, 0, 0}));
    // Cycle of four: each node carries half of the paths between its two neighbours.
    EXPECT_EQ(betweenness_all(undirected(4, test::cycle_edges(4)), lengths),
              (std::vector<Scalar>{1, 1, 1, 1}));
    // Cycle of five: each node is the middle of one pair at distance two.
    EXPECT_EQ(betweenness_all(undirected(5, test::cycle_edges(5)), lengths),
              (std::vector<Scalar>{2, 2, 2, 2, 2}));
    // Complete graph: no node lies between others.
    EXPECT_EQ(betweenness_all(undirected(5, test::complete_edges(5)), lengths),
              (std::vector<Scalar>(5, 0.0)));
    // Two components (a path of three, an edge) and an isolated node.
    EXPECT_EQ(betweenness_all(undirected(6, {{0, 1}, {1, 2}, {3, 4}}), lengths),
              (std::vector<Scalar>{0, 2, 0, 0, 0, 0}));
    EXPECT_EQ(betweenness_all(undirected(1, {}), lengths), (std::vector<Scalar>{0}));
  }
}

TEST_F(Centrality, BetweennessWithEndpoints) {
  // Path of three, NetworkX endpoints=True before its halving: ends 4, middle 2 + 4 = 6.
  EXPECT_EQ(betweenness_all(undirected(3, test::path_edges(3)), PathLengths::Hops, true),
            (std::vector<Scalar>{4, 6, 4}));
  // An isolated node reaches nobody: still 0.
  EXPECT_EQ(betweenness_all(undirected(3, {{0, 1}}), PathLengths::Stored, true),
            (std::vector<Scalar>{2, 2, 0}));
}

TEST_F(Centrality, BetweennessOfEmptyGraphAndNoSources) {
  const Csr empty = undirected(0, {});
  EXPECT_EQ(betweenness(empty.view(), PathLengths::Hops, nullptr, 0, false).size(), 0);
  const Csr g = undirected(4, test::path_edges(4));
  EXPECT_EQ(to_vector(betweenness(g.view(), PathLengths::Hops, nullptr, 0, false)),
            (std::vector<Scalar>(4, 0.0)));
}

TEST_F(Centrality, BetweennessWithSampledSources) {
  // Path 0 - 1 - 2 - 3 from source 0 only: 1 lies on 0-2 and 0-3, 2 on 0-3.
  const Csr g = undirected(4, test::path_edges(4));
  const std::vector<Index> sources{0};
  EXPECT_EQ(to_vector(betweenness(g.view(), PathLengths::Hops, sources.data(), 1, false)),
            (std::vector<Scalar>{0, 2, 1, 0}));
  // A repeated source counts twice.
  const std::vector<Index> twice{0, 0};
  EXPECT_EQ(to_vector(betweenness(g.view(), PathLengths::Hops, twice.data(), 2, false)),
            (std::vector<Scalar>{0, 4, 2, 0}));
}

TEST_F(Centrality, BetweennessRejectsBadSourcesAndLengths) {
  const Csr g = undirected(4, test::path_edges(4));
  const std::vector<Index> bad{0, 4};
  test::expect_invalid_input(
      [&] { betweenness(g.view(), PathLengths::Hops, bad.data(), 2, false); },
      "source 4 is not a node (0 .. 3)");
  const std::vector<Index> negative{-1};
  EXPECT_THROW(betweenness(g.view(), PathLengths::Hops, negative.data(), 1, false), InvalidInput);
  const Csr zero = undirected(3, {{0, 1, 1.0}, {1, 2, 0.0}});
  const std::vector<Index> sources = all_nodes(3);
  test::expect_invalid_input(
      [&] { betweenness(zero.view(), PathLengths::Stored, sources.data(), 3, false); },
      "edge (1, 2) has length");
  EXPECT_NO_THROW(betweenness(zero.view(), PathLengths::Hops, sources.data(), 3, false));
}

TEST_F(Centrality, BetweennessWithFloatingPointTies) {
  // 0.5 + 0.25 == 0.75: half of the 0-2 paths run through 1, from both ends.
  EXPECT_EQ(betweenness_all(undirected(3, {{0, 1, 0.5}, {1, 2, 0.25}, {0, 2, 0.75}}),
                            PathLengths::Stored),
            (std::vector<Scalar>{0, 1, 0}));
  // 0.1 + 0.2 != 0.3: the direct edge is strictly shorter, 1 lies on no shortest path.
  EXPECT_EQ(
      betweenness_all(undirected(3, {{0, 1, 0.1}, {1, 2, 0.2}, {0, 2, 0.3}}), PathLengths::Stored),
      (std::vector<Scalar>{0, 0, 0}));
  // The cycle 0 - 1 - 3 - 2 - 0 with lengths 0.1, 0.2, 0.1, 0.2: 0.1 + 0.2 == 0.2 + 0.1, so
  // 0 and 3 are joined by two equal paths (through 1 and through 2), and so are 1 and 2
  // (through 0 and through 3): every node carries half of one pair, from both ends.
  EXPECT_EQ(betweenness_all(undirected(4, {{0, 1, 0.1}, {1, 3, 0.2}, {0, 2, 0.2}, {2, 3, 0.1}}),
                            PathLengths::Stored),
            (std::vector<Scalar>{1, 1, 1, 1}));
  // Lengths 0.1, 0.2, 0.3 and 0.3 round the cycle 0 - 1 - 2 - 3 - 0: 0 to 2 is 0.1 + 0.2 =
  // 0.30000000000000004 via 1 against 0.3 + 0.3 via 3, so only 1 carries it; 1 to 3 is 0.2 +
  // 0.3 = 0.5 via 2 against 0.1 + 0.3 = 0.4 via 0, so only 0 carries it.
  EXPECT_EQ(betweenness_all(undirected(4, {{0, 1, 0.1}, {1, 2, 0.2}, {2, 3, 0.3}, {3, 0, 0.3}}),
                            PathLengths::Stored),
            (std::vector<Scalar>{2, 2, 0, 0}));
}

// --------------------------------------------------------------- betweenness by brute force

void check_betweenness(const Csr& g, PathLengths lengths) {
  const AllPairs r = test::floyd_warshall(g, lengths == PathLengths::Hops);
  const std::vector<Index> sources = all_nodes(g.rows);
  for (const bool endpoints : {false, true}) {
    expect_near_all(betweenness_all(g, lengths, endpoints),
                    brute_betweenness(r, sources, endpoints), 1e-10);
  }
  // Every third node as a source, and a repeated source.
  std::vector<Index> sample;
  for (Index v = 0; v < g.rows; v += 3) sample.push_back(v);
  sample.push_back(1);
  expect_near_all(to_vector(betweenness(g.view(), lengths, sample.data(),
                                        static_cast<Index>(sample.size()), false)),
                  brute_betweenness(r, sample, false), 1e-10);
}

TEST_F(Centrality, BetweennessMatchesBruteForceOnDenseGraphsByHops) {
  for (const unsigned seed : {1u, 2u}) {
    const Csr g = undirected(50, test::random_edges(50, 0.2, seed));
    ASSERT_TRUE(PathGraph(g.view(), PathLengths::Hops).has_bits());
    check_betweenness(g, PathLengths::Hops);
  }
  const Csr wide = undirected(100, test::random_edges(100, 0.1, 3));  // two words per row
  ASSERT_TRUE(PathGraph(wide.view(), PathLengths::Hops).has_bits());
  check_betweenness(wide, PathLengths::Hops);
}

TEST_F(Centrality, BetweennessMatchesBruteForceOnSparseGraphsByHops) {
  const Csr g = undirected(200, test::random_edges(200, 2.0 / 199, 4));
  check_betweenness(g, PathLengths::Hops);
  const Csr ring = undirected(600, test::cycle_edges(600));  // no bit matrix for sure
  ASSERT_FALSE(PathGraph(ring.view(), PathLengths::Hops).has_bits());
  // Ring of 600: a source k < 300 steps to one side of v reaches 299 - k targets on the other
  // side through v, and the target 300 - k (antipodal to the source) half the time; both sides,
  // seen from both ends (the same count again by symmetry).
  const std::vector<Scalar> bc = betweenness_all(ring, PathLengths::Hops);
  Scalar expected = 0;
  for (Index k = 1; k < 300; ++k) expected += static_cast<Scalar>(299 - k) + 0.5;
  expected *= 2;
  for (const Scalar value : bc) ASSERT_EQ(value, expected);
}

TEST_F(Centrality, BetweennessMatchesBruteForceWithStoredLengths) {
  for (const unsigned seed : {5u, 6u}) {
    check_betweenness(undirected(40, test::random_edges(40, 0.15, seed, 4)), PathLengths::Stored);
  }
  // Two components and isolated nodes.
  std::vector<Edge> edges = test::random_edges(20, 0.3, 7, 3);
  for (const Edge& e : test::random_edges(15, 0.3, 8, 3)) {
    edges.push_back({e.u + 20, e.v + 20, e.value});
  }
  check_betweenness(undirected(40, edges), PathLengths::Stored);
  check_betweenness(undirected(40, edges), PathLengths::Hops);
}

TEST_F(Centrality, BetweennessIsTheSameForEveryThreadCount) {
  const Csr dense = undirected(100, test::random_edges(100, 0.2, 9));
  const Csr sparse = undirected(300, test::random_edges(300, 2.0 / 299, 10));
  const Csr weighted = undirected(80, test::random_edges(80, 0.1, 11, 7));
  struct Case {
    const Csr* g;
    PathLengths lengths;
  };
  for (const Case& c : {Case{&dense, PathLengths::Hops}, Case{&sparse, PathLengths::Hops},
                        Case{&weighted, PathLengths::Stored}}) {
    const std::vector<Index> sources = all_nodes(c.g->rows);
    set_num_threads(1);
    const Buffer<Scalar> one =
        betweenness(c.g->view(), c.lengths, sources.data(), c.g->rows, false);
    for (const int threads : {2, 3}) {
      set_num_threads(threads);
      for (int repeat = 0; repeat < 2; ++repeat) {
        const Buffer<Scalar> more =
            betweenness(c.g->view(), c.lengths, sources.data(), c.g->rows, false);
        ASSERT_TRUE(test::same_bits(one.data(), more.data(), c.g->rows))
            << c.g->rows << " nodes, " << threads << " threads";
      }
    }
  }
}

std::atomic<int> check_calls{0};
bool always_interrupt() {
  ++check_calls;
  return true;
}

TEST_F(Centrality, BetweennessHonoursInterrupts) {
  // A ring of 20,000 nodes takes seconds; the interrupt check stops it within one 50 ms period.
  const Csr ring = undirected(20000, test::cycle_edges(20000));
  const std::vector<Index> sources = all_nodes(20000);
  for (const int threads : {1, 2}) {
    set_num_threads(threads);
    check_calls = 0;
    set_interrupt_check(&always_interrupt);
    const auto start = std::chrono::steady_clock::now();
    EXPECT_THROW(betweenness(ring.view(), PathLengths::Hops, sources.data(), 20000, false),
                 Interrupted);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(1000));
    EXPECT_EQ(check_calls.load(), 1);
    set_interrupt_check(nullptr);
  }
}

// --------------------------------------------------------------------------------- path_sums

TEST_F(Centrality, PathSumsByHand) {
  // Path 0 - 1 - 2 plus an isolated node 3.
  const Csr g = undirected(4, test::path_edges(3));
  for (const PathLengths lengths : {PathLengths::Hops, PathLengths::Stored}) {
    const PathSums sums = path_sums(g.view(), lengths);
    EXPECT_EQ(std::vector<Index>(sums.reached.begin(), sums.reached.end()),
              (std::vector<Index>{3, 3, 3, 1}));
    EXPECT_EQ(to_vector(sums.distance_sum), (std::vector<Scalar>{3, 2, 3, 0}));
    EXPECT_EQ(to_vector(sums.inverse_distance_sum), (std::vector<Scalar>{1.5, 2, 1.5, 0}));
  }
  const Csr weighted = undirected(3, {{0, 1, 0.5}, {1, 2, 2.0}});
  const PathSums sums = path_sums(weighted.view(), PathLengths::Stored);
  EXPECT_EQ(to_vector(sums.distance_sum), (std::vector<Scalar>{3, 2.5, 4.5}));
  EXPECT_EQ(to_vector(sums.inverse_distance_sum),
            (std::vector<Scalar>{2 + 1 / 2.5, 2 + 0.5, 0.5 + 1 / 2.5}));
  EXPECT_EQ(path_sums(undirected(0, {}).view(), PathLengths::Hops).reached.size(), 0);
}

TEST_F(Centrality, PathSumsMatchFloydWarshall) {
  struct Case {
    Csr g;
    PathLengths lengths;
  };
  std::vector<Edge> split = test::random_edges(30, 0.2, 12);
  for (const Edge& e : test::random_edges(20, 0.1, 13)) split.push_back({e.u + 30, e.v + 30});
  const std::vector<Case> cases{
      {undirected(60, test::random_edges(60, 0.25, 14)), PathLengths::Hops},
      {undirected(200, test::random_edges(200, 2.0 / 199, 15)), PathLengths::Hops},
      {undirected(55, split), PathLengths::Hops},
      {undirected(50, test::random_edges(50, 0.1, 16, 5)), PathLengths::Stored},
  };
  for (const Case& c : cases) {
    const AllPairs r = test::floyd_warshall(c.g, c.lengths == PathLengths::Hops);
    for (const int threads : {1, 3}) {
      set_num_threads(threads);
      const PathSums sums = path_sums(c.g.view(), c.lengths);
      for (Index s = 0; s < c.g.rows; ++s) {
        Index reached = 0;
        Scalar total = 0;
        Scalar inverse = 0;
        for (Index t = 0; t < c.g.rows; ++t) {
          if (r.dist(s, t) == kInf) continue;
          ++reached;
          total += r.dist(s, t);
          if (t != s) inverse += 1 / r.dist(s, t);
        }
        ASSERT_EQ(sums.reached[s], reached) << s;
        ASSERT_EQ(sums.distance_sum[s], total) << s;  // integer sums: exact
        ASSERT_NEAR(sums.inverse_distance_sum[s], inverse, 1e-12 * inverse) << s;
      }
    }
  }
}

// ---------------------------------------------------------------------------------- spectral

TEST_F(Centrality, EigenvectorOfCompleteGraphIsUniform) {
  for (const Index n : {2, 3, 6, 10}) {
    const EigenvectorResult result =
        eigenvector_centrality(undirected(n, test::complete_edges(n)).view(), {});
    EXPECT_NEAR(result.eigenvalue, static_cast<Scalar>(n - 1), 1e-12);
    for (Index v = 0; v < n; ++v) {
      EXPECT_NEAR(result.centrality[v], 1 / std::sqrt(static_cast<Scalar>(n)), 1e-14);
    }
  }
}

TEST_F(Centrality, EigenvectorOfStarAndPath) {
  // Star with k leaves: eigenvalue sqrt(k), centre 1/sqrt(2), leaves 1/sqrt(2k).
  const EigenvectorResult star =
      eigenvector_centrality(undirected(5, test::star_edges(4)).view(), {});
  EXPECT_NEAR(star.eigenvalue, 2.0, 1e-12);
  EXPECT_NEAR(star.centrality[0], 1 / std::sqrt(2.0), 1e-12);
  for (Index v = 1; v < 5; ++v) EXPECT_NEAR(star.centrality[v], 1 / std::sqrt(8.0), 1e-12);
  // Path of three: eigenvalue sqrt(2), vector (1, sqrt(2), 1) / 2.
  const EigenvectorResult path =
      eigenvector_centrality(undirected(3, test::path_edges(3)).view(), {});
  EXPECT_NEAR(path.eigenvalue, std::sqrt(2.0), 1e-12);
  EXPECT_NEAR(path.centrality[0], 0.5, 1e-12);
  EXPECT_NEAR(path.centrality[1], std::sqrt(0.5), 1e-12);
  EXPECT_NEAR(path.centrality[2], 0.5, 1e-12);
}

TEST_F(Centrality, EigenvectorOfDisconnectedAndEdgelessGraphs) {
  std::vector<Edge> edges = test::complete_edges(3);
  for (const Edge& e : test::complete_edges(4, 3)) edges.push_back(e);
  const EigenvectorResult split = eigenvector_centrality(undirected(8, edges).view(), {});
  EXPECT_NEAR(split.eigenvalue, 3.0, 1e-12);
  const std::vector<Scalar> expected{0, 0, 0, 0.5, 0.5, 0.5, 0.5, 0};
  for (Index v = 0; v < 8; ++v) {
    EXPECT_NEAR(split.centrality[v], expected[static_cast<std::size_t>(v)], 1e-10) << v;
    EXPECT_GE(split.centrality[v], 0.0) << v;  // nonnegative, not -0 rounding noise below 0
  }
  const EigenvectorResult none = eigenvector_centrality(undirected(4, {}).view(), {});
  EXPECT_EQ(none.eigenvalue, 0.0);
  for (Index v = 0; v < 4; ++v) EXPECT_NEAR(none.centrality[v], 0.5, 1e-15);
  EXPECT_EQ(eigenvector_centrality(undirected(0, {}).view(), {}).centrality.size(), 0);
}

TEST_F(Centrality, EigenvectorMatchesADenseSolver) {
  for (const unsigned seed : {17u, 18u}) {
    std::vector<Edge> edges = test::random_edges(40, 0.2, seed, 9);
    for (Edge& e : edges) e.value /= 3.0;  // weights as strengths, not integers
    const Csr g = undirected(40, edges);
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(test::dense(g));
    Vector expected = solver.eigenvectors().col(39);
    if (expected.sum() < 0) expected = -expected;
    const EigenvectorResult result = eigenvector_centrality(g.view(), {});
    EXPECT_NEAR(result.eigenvalue, solver.eigenvalues()[39], 1e-10);
    expect_near_all(result.centrality, expected, 1e-8);
    Scalar norm = 0;
    for (const Scalar x : result.centrality) norm += x * x;
    EXPECT_NEAR(norm, 1.0, 1e-12);
  }
}

TEST_F(Centrality, EigenvectorConvergenceFailure) {
  SpectralOptions options;
  options.max_iter = 2;
  options.tol = 1e-15;
  EXPECT_THROW(
      eigenvector_centrality(undirected(60, test::random_edges(60, 0.1, 19)).view(), options),
      ConvergenceFailure);
}

/// PageRank from its definition, by a dense solve: x = alpha G x + (1 - alpha) p with
/// G = W D^-1 + u d^T (d marks the dangling nodes), column stochastic, so sum x = 1.
Vector dense_pagerank(const Csr& g, Scalar alpha, const Vector& p, const Vector& u) {
  const Eigen::MatrixXd w = test::dense(g);
  const Index n = g.rows;
  Eigen::MatrixXd google(n, n);
  for (Index j = 0; j < n; ++j) {
    const Scalar strength = w.col(j).sum();
    google.col(j) = strength > 0 ? Vector(w.col(j) / strength) : u;
  }
  const Eigen::MatrixXd system = Eigen::MatrixXd::Identity(n, n) - alpha * google;
  return system.partialPivLu().solve((1 - alpha) * p);
}

Buffer<Scalar> run_pagerank(const Csr& g, Scalar alpha, const Vector& p, const Vector& u) {
  return pagerank(g.view(), alpha, p.data(), u.data(), {});
}

Scalar sum(const Buffer<Scalar>& b) {
  Scalar s = 0;
  for (const Scalar x : b) s += x;
  return s;
}

TEST_F(Centrality, PagerankOfCompleteGraphIsUniform) {
  const Vector uniform = Vector::Constant(6, 1.0 / 6);
  const Buffer<Scalar> x =
      run_pagerank(undirected(6, test::complete_edges(6)), 0.85, uniform, uniform);
  for (Index v = 0; v < 6; ++v) EXPECT_NEAR(x[v], 1.0 / 6, 1e-14);
}

TEST_F(Centrality, PagerankOfStarByHand) {
  // Star with k leaves: c = alpha k l + (1 - alpha) / n and l = alpha c / k + (1 - alpha) / n.
  const Scalar alpha = 0.85;
  const Index k = 4;
  const Scalar n = k + 1;
  const Scalar c = (1 - alpha) / n * (1 + alpha * k) / (1 - alpha * alpha);
  const Scalar l = alpha * c / k + (1 - alpha) / n;
  const Vector uniform = Vector::Constant(5, 1 / n);
  const Buffer<Scalar> x =
      run_pagerank(undirected(5, test::star_edges(k)), alpha, uniform, uniform);
  EXPECT_NEAR(x[0], c, 1e-13);
  for (Index v = 1; v < 5; ++v) EXPECT_NEAR(x[v], l, 1e-13);
  EXPECT_NEAR(c + k * l, 1.0, 1e-15);
}

TEST_F(Centrality, PagerankMatchesTheDefinition) {
  std::vector<Edge> edges = test::random_edges(30, 0.15, 20, 5);
  edges.erase(std::remove_if(edges.begin(), edges.end(),
                             [](const Edge& e) { return e.u >= 27 || e.v >= 27; }),
              edges.end());  // nodes 27 .. 29 isolated (dangling)
  const Csr g = undirected(30, edges);
  const Vector uniform = Vector::Constant(30, 1.0 / 30);
  Vector p(30);
  Vector u(30);
  for (Index v = 0; v < 30; ++v) {
    p[v] = 1.0 + static_cast<Scalar>(v % 4);
    u[v] = v % 3 == 0 ? 0.0 : 1.0 + static_cast<Scalar>(v % 5);
  }
  p /= p.sum();
  u /= u.sum();
  for (const Scalar alpha : {0.0, 0.5, 0.85, 0.99}) {
    for (const auto& [pv, uv] :
         {std::pair<Vector, Vector>{uniform, uniform}, {p, p}, {p, u}, {uniform, u}}) {
      const Buffer<Scalar> x = run_pagerank(g, alpha, pv, uv);
      EXPECT_NEAR(sum(x), 1.0, 1e-12);
      expect_near_all(x, dense_pagerank(g, alpha, pv, uv), 1e-10);
    }
  }
}

TEST_F(Centrality, PagerankOfGraphWithoutEdges) {
  // Every node dangles: x = alpha u + (1 - alpha) p.
  Vector p(4);
  p << 0.1, 0.2, 0.3, 0.4;
  Vector u(4);
  u << 0.25, 0.25, 0.5, 0.0;
  const Buffer<Scalar> x = run_pagerank(undirected(4, {}), 0.85, p, u);
  for (Index v = 0; v < 4; ++v) EXPECT_NEAR(x[v], 0.85 * u[v] + 0.15 * p[v], 1e-15) << v;
  EXPECT_EQ(pagerank(undirected(0, {}).view(), 0.85, nullptr, nullptr, {}).size(), 0);
}

TEST_F(Centrality, PagerankPersonalizationOnOneComponent) {
  // All restarts land in the triangle 0..2: the path 3 - 4 gets nothing.
  std::vector<Edge> edges = test::complete_edges(3);
  edges.push_back({3, 4});
  const Csr g = undirected(5, edges);
  Vector p(5);
  p << 1, 0, 0, 0, 0;
  const Buffer<Scalar> x = run_pagerank(g, 0.85, p, p);
  EXPECT_EQ(x[3], 0.0);
  EXPECT_EQ(x[4], 0.0);
  expect_near_all(x, dense_pagerank(g, 0.85, p, p), 1e-12);
}

TEST_F(Centrality, PagerankRejectsBadAlphaAndWeights) {
  const Csr g = undirected(3, test::path_edges(3));
  const Vector uniform = Vector::Constant(3, 1.0 / 3);
  for (const Scalar alpha : {1.0, -0.1, 1.5, std::nan("")}) {
    test::expect_invalid_input([&] { run_pagerank(g, alpha, uniform, uniform); },
                               "alpha must be in [0, 1)");
  }
  const Csr bad = undirected(3, {{0, 1, 1.0}, {1, 2, -1.0}});
  test::expect_invalid_input([&] { run_pagerank(bad, 0.85, uniform, uniform); },
                             "edge (1, 2) has weight");
}

/// Katz by a dense solve of (I - alpha A) x = beta.
Vector dense_katz(const Csr& g, Scalar alpha, const Vector& beta) {
  const Eigen::MatrixXd system = Eigen::MatrixXd::Identity(g.rows, g.rows) - alpha * test::dense(g);
  return system.partialPivLu().solve(beta);
}

TEST_F(Centrality, KatzByHand) {
  // One edge: x = 1 / (1 - alpha) at both ends.
  const Vector ones2 = Vector::Ones(2);
  const Buffer<Scalar> edge = katz(undirected(2, {{0, 1}}).view(), 0.5, ones2.data(), {});
  EXPECT_NEAR(edge[0], 2.0, 1e-12);
  EXPECT_NEAR(edge[1], 2.0, 1e-12);
  // Path of three with alpha 1/2: ends (1 + a) / (1 - 2a^2) = 3, middle 1 + 2a * 3 = 4.
  const Vector ones3 = Vector::Ones(3);
  const Buffer<Scalar> path =
      katz(undirected(3, test::path_edges(3)).view(), 0.5, ones3.data(), {});
  EXPECT_NEAR(path[0], 3.0, 1e-12);
  EXPECT_NEAR(path[1], 4.0, 1e-12);
  EXPECT_NEAR(path[2], 3.0, 1e-12);
  // No edges: x = beta.
  Vector beta(3);
  beta << 1, 2, 3;
  const Buffer<Scalar> none = katz(undirected(3, {}).view(), 0.9, beta.data(), {});
  EXPECT_EQ(to_vector(none), (std::vector<Scalar>{1, 2, 3}));
  EXPECT_EQ(katz(undirected(0, {}).view(), 0.1, nullptr, {}).size(), 0);
}

TEST_F(Centrality, KatzMatchesADenseSolve) {
  std::vector<Edge> edges = test::random_edges(40, 0.15, 21, 4);
  for (Edge& e : edges) e.value /= 2.0;
  const Csr g = undirected(40, edges);
  const Scalar lambda =
      Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(test::dense(g)).eigenvalues()[39];
  Vector beta(40);
  for (Index v = 0; v < 40; ++v) beta[v] = 0.5 + static_cast<Scalar>(v % 3);
  for (const Scalar fraction : {0.1, 0.5, 0.9}) {
    const Scalar alpha = fraction / lambda;
    expect_near_all(katz(g.view(), alpha, beta.data(), {}), dense_katz(g, alpha, beta), 1e-10);
  }
}

TEST_F(Centrality, KatzRejectsAlphaExactlyAtTheBound) {
  // K5: lambda_max = 4, so alpha = 1/4 makes I - alpha A singular; star with four leaves:
  // lambda_max = 2 and alpha = 1/2. Both bounds are exact in binary.
  const Csr k5 = undirected(5, test::complete_edges(5));
  const Csr star = undirected(5, test::star_edges(4));
  const Vector ones = Vector::Ones(5);
  test::expect_invalid_input([&] { katz(k5.view(), 0.25, ones.data(), {}); }, "1 / lambda_max");
  test::expect_invalid_input([&] { katz(star.view(), 0.5, ones.data(), {}); }, "1 / lambda_max");
}

TEST_F(Centrality, KatzRejectsAlphaAboveTheBound) {
  const Csr k5 = undirected(5, test::complete_edges(5));
  const Csr star = undirected(5, test::star_edges(4));
  const Vector ones = Vector::Ones(5);
  for (const Scalar alpha : {0.3, 10.0}) {
    test::expect_invalid_input([&] { katz(k5.view(), alpha, ones.data(), {}); }, "1 / lambda_max");
  }
  test::expect_invalid_input([&] { katz(star.view(), 0.7, ones.data(), {}); }, "1 / lambda_max");
  // Just above the bound on a graph whose lambda_max Lanczos only approximates.
  const Csr g = undirected(60, test::random_edges(60, 0.1, 22));
  const Scalar lambda =
      Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(test::dense(g)).eigenvalues()[59];
  const Vector ones60 = Vector::Ones(60);
  test::expect_invalid_input([&] { katz(g.view(), (1 + 1e-8) / lambda, ones60.data(), {}); },
                             "the Katz series diverges");
  for (const Scalar alpha : {0.0, -0.1, std::nan(""), std::numeric_limits<Scalar>::infinity()}) {
    test::expect_invalid_input([&] { katz(k5.view(), alpha, ones.data(), {}); },
                               "alpha must be positive and finite");
  }
}

TEST_F(Centrality, SpectralKernelsNameTheBadEdge) {
  const Csr bad = undirected(4, {{0, 1, 1.0}, {2, 3, -2.0}});
  const Vector ones = Vector::Ones(4);
  test::expect_invalid_input([&] { eigenvector_centrality(bad.view(), {}); },
                             "edge (2, 3) has weight");
  test::expect_invalid_input([&] { pagerank(bad.view(), 0.85, ones.data(), ones.data(), {}); },
                             "edge (2, 3) has weight");
  test::expect_invalid_input([&] { katz(bad.view(), 0.1, ones.data(), {}); },
                             "edge (2, 3) has weight");
  const Csr nan_weight = undirected(3, {{0, 2, std::nan("")}});
  test::expect_invalid_input([&] { eigenvector_centrality(nan_weight.view(), {}); }, "edge (0, 2)");
  Csr rect;
  rect.rows = 2;
  rect.cols = 3;
  rect.indptr = {0, 0, 0};
  EXPECT_THROW(eigenvector_centrality(rect.view(), {}), InvalidInput);
  EXPECT_THROW(katz(rect.view(), 0.1, ones.data(), {}), InvalidInput);
  EXPECT_THROW(pagerank(rect.view(), 0.5, ones.data(), ones.data(), {}), InvalidInput);
}

TEST_F(Centrality, SpectralKernelsAreTheSameForEveryThreadCount) {
  // Large enough (about 70,000 entries) for multiply() to split the rows over threads.
  const Csr g = undirected(1200, test::random_edges(1200, 0.05, 23, 3));
  const Vector uniform = Vector::Constant(1200, 1.0 / 1200);
  const Vector ones = Vector::Ones(1200);
  set_num_threads(1);
  const EigenvectorResult e1 = eigenvector_centrality(g.view(), {});
  const Buffer<Scalar> p1 = run_pagerank(g, 0.85, uniform, uniform);
  const Scalar alpha = 0.5 / e1.eigenvalue;
  const Buffer<Scalar> k1 = katz(g.view(), alpha, ones.data(), {});
  for (const int threads : {2, 3}) {
    set_num_threads(threads);
    const EigenvectorResult e = eigenvector_centrality(g.view(), {});
    EXPECT_EQ(e.eigenvalue, e1.eigenvalue);
    EXPECT_TRUE(test::same_bits(e.centrality.data(), e1.centrality.data(), 1200));
    const Buffer<Scalar> p = run_pagerank(g, 0.85, uniform, uniform);
    EXPECT_TRUE(test::same_bits(p.data(), p1.data(), 1200));
    const Buffer<Scalar> k = katz(g.view(), alpha, ones.data(), {});
    EXPECT_TRUE(test::same_bits(k.data(), k1.data(), 1200));
  }
}

}  // namespace
}  // namespace cosignet
