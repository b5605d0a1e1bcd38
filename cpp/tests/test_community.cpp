#include <gtest/gtest.h>

#include <Eigen/Core>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <numeric>
#include <random>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "cosignet/community.hpp"
#include "cosignet/errors.hpp"
#include "cosignet/parallel.hpp"
#include "cosignet/random.hpp"
#include "test_util.hpp"

namespace cosignet {
namespace {

using test::Csr;
using test::Edge;
using test::undirected;

/// Restores the default thread count and clears the interrupt check after each test.
class Community : public ::testing::Test {
 protected:
  void TearDown() override {
    set_interrupt_check(nullptr);
    set_num_threads(0);
  }
};

using Optimiser = Buffer<Index> (*)(const CsrView&, const NullModel&, const CommunityOptions&);

struct Method {
  const char* name;
  Optimiser run;
};

const Method kMethods[] = {{"louvain", &louvain}, {"leiden", &leiden}};

constexpr Scalar kNaN = std::numeric_limits<Scalar>::quiet_NaN();

// ---------------------------------------------------------------------- null models

/// The node weights of a null model, owned.
struct Weights {
  std::vector<Scalar> a;
  std::vector<Scalar> b;
  NullModel model(Scalar resolution = 1.0) const { return {a.data(), b.data(), resolution}; }
};

/// Row sums (the diagonal entry included once).
std::vector<Scalar> strengths(const Csr& g) {
  std::vector<Scalar> s(static_cast<std::size_t>(g.rows), 0.0);
  for (Index r = 0; r < g.rows; ++r) {
    for (Index e = g.indptr[static_cast<std::size_t>(r)];
         e < g.indptr[static_cast<std::size_t>(r + 1)]; ++e) {
      s[static_cast<std::size_t>(r)] += g.data[static_cast<std::size_t>(e)];
    }
  }
  return s;
}

/// Sum of all stored entries: 2m (each edge twice, a self-loop once).
Scalar total_weight(const Csr& g) {
  return std::accumulate(g.data.begin(), g.data.end(), 0.0);
}

/// Modularity: a = b = strength / sqrt(2m), so H / 2m is Newman's Q (all 0 without edges).
Weights modularity_weights(const Csr& g) {
  const Scalar two_m = total_weight(g);
  const Scalar scale = two_m > 0 ? 1 / std::sqrt(two_m) : 0.0;
  Weights w;
  w.a = strengths(g);
  for (Scalar& x : w.a) x *= scale;
  w.b = w.a;
  return w;
}

/// CPM: a = b = node size.
Weights cpm_weights(Index n, Scalar size = 1.0) {
  return {std::vector<Scalar>(static_cast<std::size_t>(n), size),
          std::vector<Scalar>(static_cast<std::size_t>(n), size)};
}

/// Barber's bipartite modularity on the (rows + cols) graph of a biadjacency matrix whose first
/// @p rows nodes are the rows: a = strength * sqrt(2/m) on the rows and 0 on the columns, b the
/// other way round (m = the sum of the biadjacency entries = total_weight / 2).
Weights barber_weights(const Csr& g, Index rows) {
  const Scalar m = total_weight(g) / 2;
  const Scalar scale = std::sqrt(2 / m);
  const std::vector<Scalar> s = strengths(g);
  Weights w;
  w.a.assign(static_cast<std::size_t>(g.rows), 0.0);
  w.b.assign(static_cast<std::size_t>(g.rows), 0.0);
  for (Index v = 0; v < g.rows; ++v) {
    (v < rows ? w.a : w.b)[static_cast<std::size_t>(v)] = s[static_cast<std::size_t>(v)] * scale;
  }
  return w;
}

/// H computed directly from the dense matrix: sum over communities of (the sum of A_ij with i
/// and j in c) - resolution * (sum of a over c) * (sum of b over c).
Scalar direct_quality(const Csr& g, const Weights& w, Scalar resolution,
                      const std::vector<Index>& labels) {
  const Eigen::MatrixXd dense = test::dense(g);
  const Index k = labels.empty() ? 0 : *std::max_element(labels.begin(), labels.end()) + 1;
  Scalar h = 0;
  for (Index c = 0; c < k; ++c) {
    Scalar inside = 0;
    Scalar a = 0;
    Scalar b = 0;
    for (Index i = 0; i < g.rows; ++i) {
      if (labels[static_cast<std::size_t>(i)] != c) continue;
      a += w.a[static_cast<std::size_t>(i)];
      b += w.b[static_cast<std::size_t>(i)];
      for (Index j = 0; j < g.rows; ++j) {
        if (labels[static_cast<std::size_t>(j)] == c) inside += dense(i, j);
      }
    }
    h += inside - resolution * a * b;
  }
  return h;
}

Scalar quality(const Csr& g, const NullModel& model, const std::vector<Index>& labels) {
  return partition_quality(g.view(), model, labels.data());
}

// ---------------------------------------------------------------------- graphs

/// @p g with diagonal entries added (node, value), columns kept sorted.
Csr with_diagonal(const Csr& g, const std::vector<std::pair<Index, Scalar>>& loops) {
  std::vector<std::tuple<Index, Index, Scalar>> entries;
  for (Index r = 0; r < g.rows; ++r) {
    for (Index e = g.indptr[static_cast<std::size_t>(r)];
         e < g.indptr[static_cast<std::size_t>(r + 1)]; ++e) {
      entries.emplace_back(r, g.indices[static_cast<std::size_t>(e)],
                           g.data[static_cast<std::size_t>(e)]);
    }
  }
  for (const auto& [v, value] : loops) entries.emplace_back(v, v, value);
  std::sort(entries.begin(), entries.end());
  Csr out;
  out.rows = out.cols = g.rows;
  out.indptr.assign(static_cast<std::size_t>(g.rows + 1), 0);
  for (const auto& [row, col, value] : entries) {
    ++out.indptr[static_cast<std::size_t>(row + 1)];
    out.indices.push_back(col);
    out.data.push_back(value);
  }
  for (Index r = 0; r < g.rows; ++r) {
    out.indptr[static_cast<std::size_t>(r + 1)] += out.indptr[static_cast<std::size_t>(r)];
  }
  return out;
}

/// Two cliques of five (0-4 and 5-9) joined by the edge 4 - 5.
Csr two_cliques() {
  std::vector<Edge> edges = test::complete_edges(5, 0);
  const std::vector<Edge> second = test::complete_edges(5, 5);
  edges.insert(edges.end(), second.begin(), second.end());
  edges.push_back({4, 5});
  return undirected(10, edges);
}

/// @p count cliques of @p size in a ring: the last node of clique i is tied to the first of
/// clique i + 1.
Csr ring_of_cliques(Index count, Index size) {
  std::vector<Edge> edges;
  for (Index c = 0; c < count; ++c) {
    const std::vector<Edge> clique = test::complete_edges(size, c * size);
    edges.insert(edges.end(), clique.begin(), clique.end());
    edges.push_back({c * size + size - 1, ((c + 1) % count) * size});
  }
  return undirected(count * size, edges);
}

/// Planted partition: @p groups groups of @p size, ties inside with probability @p p_in and
/// between with @p p_out, integer weights 1 .. max_weight.
Csr planted(Index groups, Index size, double p_in, double p_out, unsigned seed,
            int max_weight = 1) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  std::uniform_int_distribution<int> weight(1, max_weight);
  std::vector<Edge> edges;
  const Index n = groups * size;
  for (Index u = 0; u < n; ++u) {
    for (Index v = u + 1; v < n; ++v) {
      if (coin(rng) < (u / size == v / size ? p_in : p_out)) {
        edges.push_back({u, v, static_cast<Scalar>(weight(rng))});
      }
    }
  }
  return undirected(n, edges);
}

/// A random multigraph with @p m edges drawn uniformly (no self-loops; repeated pairs stay as
/// repeated entries, which the kernels add up), built by counting: fast enough for millions of
/// edges. Columns within a row are not sorted.
Csr big_random_graph(Index n, Index m, std::uint64_t seed) {
  Random rng(seed);
  std::vector<Index> ends;
  ends.reserve(static_cast<std::size_t>(2 * m));
  Csr g;
  g.rows = g.cols = n;
  g.indptr.assign(static_cast<std::size_t>(n + 1), 0);
  while (static_cast<Index>(ends.size()) < 2 * m) {
    const Index u = rng.below(n);
    const Index v = rng.below(n);
    if (u == v) continue;
    ends.push_back(u);
    ends.push_back(v);
    ++g.indptr[static_cast<std::size_t>(u + 1)];
    ++g.indptr[static_cast<std::size_t>(v + 1)];
  }
  for (Index r = 0; r < n; ++r) {
    g.indptr[static_cast<std::size_t>(r + 1)] += g.indptr[static_cast<std::size_t>(r)];
  }
  std::vector<Index> next(g.indptr.begin(), g.indptr.end() - 1);
  g.indices.resize(static_cast<std::size_t>(2 * m));
  g.data.assign(static_cast<std::size_t>(2 * m), 1.0);
  for (std::size_t e = 0; e < ends.size(); e += 2) {
    const Index u = ends[e];
    const Index v = ends[e + 1];
    g.indices[static_cast<std::size_t>(next[static_cast<std::size_t>(u)]++)] = v;
    g.indices[static_cast<std::size_t>(next[static_cast<std::size_t>(v)]++)] = u;
  }
  return g;
}

/// @p count disjoint copies of G(@p size, @p p), each drawn anew, weights 1 .. 3.
Csr many_components(Index count, Index size, double p, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  std::vector<Edge> edges;
  for (Index c = 0; c < count; ++c) {
    for (Index u = 0; u < size; ++u) {
      for (Index v = u + 1; v < size; ++v) {
        if (coin(rng) < p) edges.push_back({c * size + u, c * size + v, 1.0 + (u + v) % 3});
      }
    }
  }
  return undirected(count * size, edges);
}

// ---------------------------------------------------------------------- checks

std::vector<Index> to_vector(const Buffer<Index>& b) {
  return std::vector<Index>(b.begin(), b.end());
}

std::vector<Index> run(const Method& method, const Csr& g, const NullModel& model,
                       const CommunityOptions& options = {}) {
  return to_vector(method.run(g.view(), model, options));
}

std::vector<Index> iota_labels(Index n) {
  std::vector<Index> labels(static_cast<std::size_t>(n));
  std::iota(labels.begin(), labels.end(), Index{0});
  return labels;
}

/// Checks that @p labels are codes 0 .. k - 1, each used, numbered in order of first
/// appearance; returns k.
Index expect_canonical(const std::vector<Index>& labels) {
  Index k = 0;
  for (std::size_t v = 0; v < labels.size(); ++v) {
    EXPECT_GE(labels[v], 0) << "node " << v;
    EXPECT_LE(labels[v], k) << "node " << v << ": codes are not in order of first appearance";
    if (labels[v] == k) ++k;
  }
  return k;
}

/// Whether every community of @p labels induces a connected subgraph (breadth-first search
/// restricted to the community).
bool communities_connected(const Csr& g, const std::vector<Index>& labels) {
  const Index n = g.rows;
  const Index k = labels.empty() ? 0 : *std::max_element(labels.begin(), labels.end()) + 1;
  std::vector<char> seen(static_cast<std::size_t>(n), 0);
  std::vector<char> community_started(static_cast<std::size_t>(k), 0);
  for (Index s = 0; s < n; ++s) {
    if (seen[static_cast<std::size_t>(s)]) continue;
    const Index c = labels[static_cast<std::size_t>(s)];
    if (community_started[static_cast<std::size_t>(c)]) return false;  // a second piece
    community_started[static_cast<std::size_t>(c)] = 1;
    std::vector<Index> queue{s};
    seen[static_cast<std::size_t>(s)] = 1;
    for (std::size_t head = 0; head < queue.size(); ++head) {
      const Index v = queue[head];
      for (Index e = g.indptr[static_cast<std::size_t>(v)];
           e < g.indptr[static_cast<std::size_t>(v + 1)]; ++e) {
        const Index w = g.indices[static_cast<std::size_t>(e)];
        if (!seen[static_cast<std::size_t>(w)] && labels[static_cast<std::size_t>(w)] == c) {
          seen[static_cast<std::size_t>(w)] = 1;
          queue.push_back(w);
        }
      }
    }
  }
  return true;
}

/// The connected components, numbered in order of their smallest node.
std::vector<Index> component_labels(const Csr& g) {
  const Index n = g.rows;
  std::vector<Index> label(static_cast<std::size_t>(n), -1);
  Index k = 0;
  for (Index s = 0; s < n; ++s) {
    if (label[static_cast<std::size_t>(s)] >= 0) continue;
    std::vector<Index> queue{s};
    label[static_cast<std::size_t>(s)] = k;
    for (std::size_t head = 0; head < queue.size(); ++head) {
      const Index v = queue[head];
      for (Index e = g.indptr[static_cast<std::size_t>(v)];
           e < g.indptr[static_cast<std::size_t>(v + 1)]; ++e) {
        const Index w = g.indices[static_cast<std::size_t>(e)];
        if (label[static_cast<std::size_t>(w)] < 0) {
          label[static_cast<std::size_t>(w)] = k;
          queue.push_back(w);
        }
      }
    }
    ++k;
  }
  return label;
}

/// The largest gain in H from moving one node to a neighbour's community or to a community
/// of its own (brute force through partition_quality).
Scalar best_single_move(const Csr& g, const NullModel& model, std::vector<Index> labels) {
  const Index n = g.rows;
  const Scalar base = quality(g, model, labels);
  Scalar best = -std::numeric_limits<Scalar>::infinity();
  std::vector<char> used(static_cast<std::size_t>(n), 0);
  for (const Index c : labels) used[static_cast<std::size_t>(c)] = 1;
  const auto unused = std::find(used.begin(), used.end(), 0);
  for (Index v = 0; v < n; ++v) {
    const Index own = labels[static_cast<std::size_t>(v)];
    std::vector<Index> targets;
    for (Index e = g.indptr[static_cast<std::size_t>(v)];
         e < g.indptr[static_cast<std::size_t>(v + 1)]; ++e) {
      targets.push_back(labels[static_cast<std::size_t>(g.indices[static_cast<std::size_t>(e)])]);
    }
    if (unused != used.end()) targets.push_back(unused - used.begin());
    for (const Index c : targets) {
      if (c == own) continue;
      labels[static_cast<std::size_t>(v)] = c;
      best = std::max(best, quality(g, model, labels) - base);
      labels[static_cast<std::size_t>(v)] = own;
    }
  }
  return best;
}

// ---------------------------------------------------------------------- partition_quality

TEST_F(Community, QualityOfHandWorkedExamples) {
  // Edge 0 - 1 of weight 2 and a self-loop of weight 3 on node 0: stored (0,0) = 3,
  // (0,1) = (1,0) = 2. The self-loop counts once, the edge twice.
  const Csr g = with_diagonal(undirected(2, {{0, 1, 2.0}}), {{0, 3.0}});
  const Weights cpm = cpm_weights(2);
  EXPECT_DOUBLE_EQ(quality(g, cpm.model(0.5), {0, 0}), 7 - 0.5 * 2 * 2);
  EXPECT_DOUBLE_EQ(quality(g, cpm.model(0.5), {0, 1}), (3 - 0.5) + (0 - 0.5));
  EXPECT_DOUBLE_EQ(quality(g, cpm.model(0.5), {1, 0}), 2.0);
  EXPECT_DOUBLE_EQ(quality(g, cpm.model(0.0), {0, 1}), 3.0);
  // Asymmetric node weights: a = (1, 0), b = (0, 2).
  const Weights skew{{1.0, 0.0}, {0.0, 2.0}};
  EXPECT_DOUBLE_EQ(quality(g, skew.model(1.0), {0, 0}), 7 - 1 * 2);
  EXPECT_DOUBLE_EQ(quality(g, skew.model(1.0), {0, 1}), 3 - 1 * 0 + (0 - 0 * 2));
  EXPECT_DOUBLE_EQ(quality(g, skew.model(3.0), {0, 0}), 7 - 3 * 1 * 2);
  // Codes need not be consecutive: path 0 - 1 - 2, CPM, labels {2, 2, 0}:
  // community 2 holds one edge (W = 2) and two nodes, community 0 one node.
  const Csr path = undirected(3, test::path_edges(3));
  EXPECT_DOUBLE_EQ(quality(path, cpm_weights(3).model(1.0), {2, 2, 0}), (2 - 4) + (0 - 1));
  // The empty graph scores 0 (the labels are never read).
  const Csr empty;
  EXPECT_EQ(partition_quality(empty.view(), NullModel{nullptr, nullptr, 1.0}, nullptr), 0.0);
}

TEST_F(Community, QualityMatchesDirectSumOnRandomGraphs) {
  std::mt19937_64 rng(17);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (unsigned seed = 0; seed < 12; ++seed) {
    const Index n = 8 + seed * 3;
    Csr g = undirected(n, test::random_edges(n, 0.3, seed, 5));
    std::vector<std::pair<Index, Scalar>> loops;
    for (Index v = 0; v < n; v += 3) loops.emplace_back(v, 0.5 + v);
    g = with_diagonal(g, loops);
    Weights skew;
    for (Index v = 0; v < n; ++v) {
      skew.a.push_back(unit(rng) * 2);
      skew.b.push_back(v % 4 == 0 ? 0.0 : unit(rng));
    }
    const Weights models[] = {modularity_weights(g), cpm_weights(n), cpm_weights(n, 2.5), skew};
    for (const Weights& w : models) {
      for (const Scalar resolution : {0.0, 0.3, 1.0, 2.5}) {
        for (const Index k : {Index{1}, Index{3}, n}) {
          std::vector<Index> labels(static_cast<std::size_t>(n));
          for (Index& label : labels) label = static_cast<Index>(unit(rng) * k);
          const Scalar expected = direct_quality(g, w, resolution, labels);
          EXPECT_NEAR(quality(g, w.model(resolution), labels), expected,
                      1e-12 * (1 + std::abs(expected)))
              << "seed " << seed << " resolution " << resolution << " k " << k;
        }
      }
    }
  }
}

TEST_F(Community, ModularityOfTwoTrianglesJoinedByAnEdge) {
  // Triangles {0, 1, 2} and {3, 4, 5}, bridge 2 - 3: m = 7, degrees 2 2 3 3 2 2.
  std::vector<Edge> edges = test::cycle_edges(3);
  for (const Edge& e : test::cycle_edges(3)) edges.push_back({e.u + 3, e.v + 3});
  edges.push_back({2, 3});
  const Csr g = undirected(6, edges);
  const Weights w = modularity_weights(g);
  const Scalar two_m = 14;
  auto q = [&](const std::vector<Index>& labels, Scalar resolution = 1.0) {
    return quality(g, w.model(resolution), labels) / two_m;
  };
  // Natural split: 2 (3/7 - (7/14)^2) = 5/14.
  EXPECT_NEAR(q({0, 0, 0, 1, 1, 1}), 5.0 / 14, 1e-15);
  // Everything together: 0; singletons: -sum k^2 / (2m)^2 = -34/196.
  EXPECT_NEAR(q({0, 0, 0, 0, 0, 0}), 0.0, 1e-15);
  EXPECT_NEAR(q(iota_labels(6)), -34.0 / 196, 1e-15);
  // {0, 1} and {2, 3, 4, 5}: (1/7 - (4/14)^2) + (4/7 - (10/14)^2) = 24/196.
  EXPECT_NEAR(q({0, 0, 1, 1, 1, 1}), 24.0 / 196, 1e-15);
  // Resolution 2 on the natural split: 2 (3/7 - 2 (1/2)^2) = -1/7.
  EXPECT_NEAR(q({0, 0, 0, 1, 1, 1}, 2.0), -1.0 / 7, 1e-15);
  // Both optimisers find the natural split.
  for (const Method& method : kMethods) {
    EXPECT_EQ(run(method, g, w.model()), (std::vector<Index>{0, 0, 0, 1, 1, 1})) << method.name;
  }
}

/// Two disjoint bicliques: rows 0-2 with columns 5-8 (K_{3,4}) and rows 3-4 with columns 9-13
/// (K_{2,5}); the first 5 nodes are the rows.
Csr two_bicliques() {
  std::vector<Edge> edges;
  for (Index r = 0; r < 3; ++r) {
    for (Index c = 5; c < 9; ++c) edges.push_back({r, c});
  }
  for (Index r = 3; r < 5; ++r) {
    for (Index c = 9; c < 14; ++c) edges.push_back({r, c});
  }
  return undirected(14, edges);
}

TEST_F(Community, BarberModularityOfTwoBicliques) {
  const Csr g = two_bicliques();
  const Weights w = barber_weights(g, 5);
  const Scalar m = 22;  // 12 + 10 ties
  const std::vector<Index> natural = {0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1};
  // Q_B = sum_c [e_c / m - (row degrees in c)(column degrees in c) / m^2]
  //     = (12/22 - 12 * 12 / 484) + (10/22 - 10 * 10 / 484) = 1 - 244/484.
  EXPECT_NEAR(quality(g, w.model(), natural) / (2 * m), 1 - 244.0 / 484, 1e-15);
  EXPECT_NEAR(quality(g, w.model(), std::vector<Index>(14, 0)) / (2 * m), 0.0, 1e-15);
  // Rows alone and columns alone: no tie inside, and a row community has b = 0: Q = 0.
  std::vector<Index> sides(14, 1);
  std::fill(sides.begin(), sides.begin() + 5, 0);
  EXPECT_NEAR(quality(g, w.model(), sides), 0.0, 1e-15);
}

// ---------------------------------------------------------------------- optimisers

TEST_F(Community, TwoCliquesOfFive) {
  const Csr g = two_cliques();
  const std::vector<Index> expected = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1};
  for (const Method& method : kMethods) {
    for (std::uint64_t seed = 0; seed < 10; ++seed) {
      CommunityOptions options;
      options.seed = seed;
      EXPECT_EQ(run(method, g, modularity_weights(g).model(), options), expected)
          << method.name << " seed " << seed;
      // CPM at resolution 0.5 too: a clique of 5 scores 20 - 0.5 * 25 = 7.5 each.
      EXPECT_EQ(run(method, g, cpm_weights(10).model(0.5), options), expected)
          << method.name << " CPM seed " << seed;
    }
  }
}

TEST_F(Community, RingOfTenCliquesOfFour) {
  const Csr g = ring_of_cliques(10, 4);
  std::vector<Index> expected(40);
  for (Index v = 0; v < 40; ++v) expected[static_cast<std::size_t>(v)] = v / 4;
  const Weights w = modularity_weights(g);
  for (const Method& method : kMethods) {
    for (std::uint64_t seed = 0; seed < 10; ++seed) {
      CommunityOptions options;
      options.seed = seed;
      const std::vector<Index> labels = run(method, g, w.model(), options);
      EXPECT_EQ(labels, expected) << method.name << " seed " << seed;
      // m = 70: Q = 10 (6/70 - (14/140)^2) = 53/70.
      EXPECT_NEAR(quality(g, w.model(), labels) / 140, 53.0 / 70, 1e-12);
    }
  }
}

TEST_F(Community, GraphWithoutEdgesLeavesEveryNodeAlone) {
  const Csr g = undirected(6, {});
  const Weights zero = modularity_weights(g);  // 2m = 0: a = b = 0
  ASSERT_EQ(zero.a, std::vector<Scalar>(6, 0.0));
  for (const Method& method : kMethods) {
    EXPECT_EQ(run(method, g, zero.model()), iota_labels(6)) << method.name;
    EXPECT_EQ(run(method, g, cpm_weights(6).model(1.0)), iota_labels(6)) << method.name;
    EXPECT_EQ(run(method, g, cpm_weights(6).model(0.0)), iota_labels(6)) << method.name;
  }
  EXPECT_EQ(quality(g, zero.model(), iota_labels(6)), 0.0);
  // Only self-loops: nodes gain nothing by joining (modularity and CPM).
  const Csr loops = with_diagonal(g, {{0, 1.0}, {2, 2.0}, {5, 4.0}});
  for (const Method& method : kMethods) {
    EXPECT_EQ(run(method, loops, modularity_weights(loops).model()), iota_labels(6)) << method.name;
    EXPECT_EQ(run(method, loops, cpm_weights(6).model(0.1)), iota_labels(6)) << method.name;
  }
}

TEST_F(Community, EmptyGraphGivesEmptyLabels) {
  const Csr g;  // n = 0, indptr {0}
  const Weights w;
  for (const Method& method : kMethods) {
    const Buffer<Index> labels = method.run(g.view(), w.model(), CommunityOptions{});
    EXPECT_EQ(labels.size(), 0) << method.name;
  }
}

TEST_F(Community, SingleNode) {
  const Csr g = undirected(1, {});
  const Weights w = cpm_weights(1);
  for (const Method& method : kMethods) {
    EXPECT_EQ(run(method, g, w.model()), std::vector<Index>{0}) << method.name;
  }
}

TEST_F(Community, LabelsAreCanonicalCodes) {
  for (unsigned seed = 0; seed < 5; ++seed) {
    const Csr g = planted(5, 12, 0.5, 0.03, seed, 3);
    for (const Method& method : kMethods) {
      const std::vector<Index> labels = run(method, g, modularity_weights(g).model());
      ASSERT_EQ(labels.size(), 60u);
      const Index k = expect_canonical(labels);
      EXPECT_GE(k, 2) << method.name << " seed " << seed;
      EXPECT_LE(k, 20) << method.name << " seed " << seed;
    }
  }
}

TEST_F(Community, SameSeedSameResultOtherSeedsDiffer) {
  const Csr g = undirected(300, test::random_edges(300, 0.02, 5));
  const Weights w = modularity_weights(g);
  for (const Method& method : kMethods) {
    CommunityOptions options;
    options.seed = 12345;
    const std::vector<Index> first = run(method, g, w.model(), options);
    EXPECT_EQ(run(method, g, w.model(), options), first) << method.name;
    int differing = 0;
    for (std::uint64_t seed = 0; seed < 8; ++seed) {
      options.seed = seed;
      if (run(method, g, w.model(), options) != first) ++differing;
    }
    EXPECT_GE(differing, 1) << method.name;
  }
}

TEST_F(Community, ThreadCountDoesNotChangeResult) {
  // The small graph aggregates in one block; the large one (10000 small random components)
  // has more than 2 x 4096 communities at its first aggregation (the result alone has more),
  // so 3 threads share the blocks.
  const Csr small = planted(6, 20, 0.3, 0.02, 3, 4);
  const Csr large = many_components(10000, 8, 0.4, 8);
  for (const Csr* g : {&small, &large}) {
    const Weights w = modularity_weights(*g);
    for (const Method& method : kMethods) {
      CommunityOptions options;
      options.seed = 99;
      set_num_threads(1);
      const std::vector<Index> one = run(method, *g, w.model(), options);
      if (g == &large) {
        EXPECT_GT(*std::max_element(one.begin(), one.end()) + 1, 3 * 4096) << method.name;
      }
      for (const int threads : {2, 3}) {
        set_num_threads(threads);
        EXPECT_EQ(run(method, *g, w.model(), options), one)
            << method.name << " threads " << threads << " n " << g->rows;
      }
      set_num_threads(0);
    }
  }
}

TEST_F(Community, QualityAtLeastSingletonsLocallyOptimalLeidenConnected) {
  for (unsigned seed = 0; seed < 20; ++seed) {
    const Csr g = seed % 2 == 0 ? planted(4, 15, 0.35, 0.04, seed, 1 + seed % 3)
                                : undirected(70, test::random_edges(70, 0.06, seed, 3));
    const Index n = g.rows;
    const Weights models[] = {modularity_weights(g), cpm_weights(n)};
    const Scalar resolutions[] = {1.0, 0.2};
    for (int which = 0; which < 2; ++which) {
      const NullModel model = models[which].model(resolutions[which]);
      const Scalar singletons = quality(g, model, iota_labels(n));
      for (const Method& method : kMethods) {
        CommunityOptions options;
        options.seed = seed;
        const std::vector<Index> labels = run(method, g, model, options);
        SCOPED_TRACE(std::string(method.name) + " seed " + std::to_string(seed) + " model " +
                     std::to_string(which));
        expect_canonical(labels);
        const Scalar h = quality(g, model, labels);
        EXPECT_NEAR(h, direct_quality(g, models[which], resolutions[which], labels),
                    1e-9 * (1 + std::abs(h)));
        EXPECT_GE(h, singletons - 1e-9 * (1 + std::abs(singletons)));
        // A pass that changes nothing moved no node at the first level: no single move helps.
        EXPECT_LE(best_single_move(g, model, labels), 1e-9 * (1 + std::abs(h)));
        if (std::string(method.name) == "leiden") {
          EXPECT_TRUE(communities_connected(g, labels));
        }
      }
    }
  }
}

TEST_F(Community, MaxIterations) {
  for (unsigned seed = 0; seed < 10; ++seed) {
    const Csr g = undirected(120, test::random_edges(120, 0.05, 100 + seed, 2));
    const Weights w = modularity_weights(g);
    const NullModel model = w.model();
    for (const Method& method : kMethods) {
      CommunityOptions options;
      options.seed = seed;
      options.max_iterations = 1;
      const std::vector<Index> once = run(method, g, model, options);
      options.max_iterations = -1;
      const std::vector<Index> converged = run(method, g, model, options);
      expect_canonical(once);
      EXPECT_GE(quality(g, model, converged), quality(g, model, once) - 1e-12)
          << method.name << " seed " << seed;
      // Zero passes leave the starting partition: every node alone.
      options.max_iterations = 0;
      EXPECT_EQ(run(method, g, model, options), iota_labels(120)) << method.name;
    }
  }
}

TEST_F(Community, LeidenWithoutRandomnessIsGreedy) {
  CommunityOptions options;
  options.randomness = 0;
  const Csr cliques = two_cliques();
  EXPECT_EQ(to_vector(leiden(cliques.view(), modularity_weights(cliques).model(), options)),
            (std::vector<Index>{0, 0, 0, 0, 0, 1, 1, 1, 1, 1}));
  const Csr ring = ring_of_cliques(10, 4);
  const std::vector<Index> ring_labels =
      to_vector(leiden(ring.view(), modularity_weights(ring).model(), options));
  for (Index v = 0; v < 40; ++v) EXPECT_EQ(ring_labels[static_cast<std::size_t>(v)], v / 4);
  for (unsigned seed = 0; seed < 5; ++seed) {
    const Csr g = planted(4, 15, 0.35, 0.04, seed, 2);
    const Weights w = modularity_weights(g);
    const NullModel model = w.model();
    options.seed = seed;
    const std::vector<Index> labels = to_vector(leiden(g.view(), model, options));
    EXPECT_EQ(to_vector(leiden(g.view(), model, options)), labels);
    EXPECT_TRUE(communities_connected(g, labels)) << "seed " << seed;
    EXPECT_GE(quality(g, model, labels), quality(g, model, iota_labels(g.rows)));
  }
}

TEST_F(Community, CpmAboveEveryWeightLeavesNodesAlone) {
  for (unsigned seed = 0; seed < 5; ++seed) {
    const Csr g = undirected(50, test::random_edges(50, 0.2, seed));
    for (const Method& method : kMethods) {
      CommunityOptions options;
      options.seed = seed;
      EXPECT_EQ(run(method, g, cpm_weights(50).model(1.5), options), iota_labels(50))
          << method.name << " seed " << seed;
    }
  }
  // Also on the two cliques, whose cliques are the densest possible parts.
  const Csr cliques = two_cliques();
  for (const Method& method : kMethods) {
    EXPECT_EQ(run(method, cliques, cpm_weights(10).model(1.01)), iota_labels(10)) << method.name;
  }
}

TEST_F(Community, CpmAtZeroResolutionFindsComponents) {
  for (unsigned seed = 0; seed < 5; ++seed) {
    // Sparse enough to fall apart into many components, isolated nodes included.
    const Csr g = undirected(80, test::random_edges(80, 0.015, seed, 3));
    const std::vector<Index> expected = component_labels(g);
    ASSERT_GT(*std::max_element(expected.begin(), expected.end()), 3);
    for (const Method& method : kMethods) {
      CommunityOptions options;
      options.seed = seed;
      EXPECT_EQ(run(method, g, cpm_weights(80).model(0.0), options), expected)
          << method.name << " seed " << seed;
    }
  }
}

TEST_F(Community, BarberModelSplitsDisjointBicliques) {
  const Csr g = two_bicliques();
  const Weights w = barber_weights(g, 5);
  const std::vector<Index> expected = {0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1};
  for (const Method& method : kMethods) {
    for (std::uint64_t seed = 0; seed < 10; ++seed) {
      CommunityOptions options;
      options.seed = seed;
      EXPECT_EQ(run(method, g, w.model(), options), expected) << method.name << " seed " << seed;
    }
  }
}

// ---------------------------------------------------------------------- bad input

TEST_F(Community, RejectsBadInput) {
  const Csr good = undirected(3, test::path_edges(3));
  const Weights w = cpm_weights(3);
  for (const Method& method : kMethods) {
    SCOPED_TRACE(method.name);
    auto call = [&](const Csr& g, const NullModel& model, const CommunityOptions& options = {}) {
      return [&method, &g, model, options] { method.run(g.view(), model, options); };
    };
    Csr wide;
    wide.rows = 2;
    wide.cols = 3;
    wide.indptr = {0, 0, 0};
    test::expect_invalid_input(call(wide, w.model()), "square");
    for (const Scalar bad : {-1.0, 0.0, kNaN, std::numeric_limits<Scalar>::infinity()}) {
      const Csr g = undirected(3, {{0, 1, 1.0}, {1, 2, bad}});
      test::expect_invalid_input(call(g, w.model()), "edge (1, 2)");
      test::expect_invalid_input(call(g, w.model()), "weight");
    }
    for (const Scalar bad : {-0.5, kNaN, std::numeric_limits<Scalar>::infinity()}) {
      Weights a_bad = w;
      a_bad.a[2] = bad;
      test::expect_invalid_input(call(good, a_bad.model()), "node 2");
      Weights b_bad = w;
      b_bad.b[1] = bad;
      test::expect_invalid_input(call(good, b_bad.model()), "node 1");
      test::expect_invalid_input(call(good, w.model(bad)), "resolution");
    }
  }
  for (const Scalar bad : {-0.01, kNaN, std::numeric_limits<Scalar>::infinity()}) {
    CommunityOptions options;
    options.randomness = bad;
    test::expect_invalid_input([&] { leiden(good.view(), w.model(), options); }, "randomness");
    // Louvain has no refinement and ignores the setting.
    EXPECT_EQ(to_vector(louvain(good.view(), w.model(0.1), options)),
              (std::vector<Index>{0, 0, 0}));
  }
}

TEST_F(Community, QualityRejectsBadInput) {
  const Csr good = undirected(3, test::path_edges(3));
  const Weights w = cpm_weights(3);
  for (const std::vector<Index>& labels :
       {std::vector<Index>{0, 3, 1}, std::vector<Index>{0, -1, 1}}) {
    test::expect_invalid_input([&] { partition_quality(good.view(), w.model(), labels.data()); },
                               "labels");
  }
  const Csr negative = undirected(3, {{0, 2, -2.0}});
  const std::vector<Index> labels = {0, 0, 0};
  test::expect_invalid_input([&] { partition_quality(negative.view(), w.model(), labels.data()); },
                             "edge (0, 2)");
  Weights nan = w;
  nan.b[0] = kNaN;
  test::expect_invalid_input([&] { partition_quality(good.view(), nan.model(), labels.data()); },
                             "node 0");
  test::expect_invalid_input([&] { partition_quality(good.view(), w.model(-1), labels.data()); },
                             "resolution");
}

// ---------------------------------------------------------------------- interruption

TEST_F(Community, InterruptStopsQuickly) {
  const Csr g = big_random_graph(200000, 1000000, 77);
  const Weights w = modularity_weights(g);
  for (const Method& method : kMethods) {
    set_interrupt_check([] { return true; });
    const auto start = std::chrono::steady_clock::now();
    EXPECT_THROW(method.run(g.view(), w.model(), CommunityOptions{}), Interrupted) << method.name;
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_LT(seconds, 0.5) << method.name;
    set_interrupt_check(nullptr);
  }
  // Nothing is left behind: a later run works.
  const Csr small = two_cliques();
  EXPECT_EQ(run(kMethods[0], small, modularity_weights(small).model()),
            (std::vector<Index>{0, 0, 0, 0, 0, 1, 1, 1, 1, 1}));
}

}  // namespace
}  // namespace cosignet

namespace cosignet {
namespace {

// A matrix that is not symmetric used to make local moving cycle forever; it is refused.
TEST(CommunityInput, NonSymmetricMatrixIsRefused) {
  const std::vector<Index> indptr{0, 2, 3, 5};
  const std::vector<Index> indices{1, 2, 2, 0, 1};
  const std::vector<Scalar> weights{2, 3, 1, 1, 3};  // 0->1:2 0->2:3 1->2:1 2->0:1 2->1:3
  const std::vector<Scalar> ones(3, 1.0);
  const CsrView graph = make_csr_view(3, 3, indptr.data(), indices.data(), weights.data());
  const NullModel model{ones.data(), ones.data(), 2.0};
  for (const bool refine : {false, true}) {
    try {
      if (refine) {
        leiden(graph, model, CommunityOptions{});
      } else {
        louvain(graph, model, CommunityOptions{});
      }
      FAIL() << "expected InvalidInput";
    } catch (const InvalidInput& error) {
      EXPECT_NE(std::string(error.what()).find("not symmetric: entry (0, 1)"), std::string::npos)
          << error.what();
    }
  }
}

// Rows need not be sorted: the same graph with shuffled rows gives the same communities.
TEST(CommunityInput, UnsortedRowsAreAccepted) {
  // Two triangles {0, 1, 2} and {3, 4, 5} joined by the edge 2-3, rows in reverse order.
  const std::vector<Index> indptr{0, 2, 4, 7, 10, 12, 14};
  const std::vector<Index> indices{2, 1, 2, 0, 3, 1, 0, 5, 4, 2, 5, 3, 4, 3};
  const std::vector<Scalar> weights(indices.size(), 1.0);
  const CsrView graph = make_csr_view(6, 6, indptr.data(), indices.data(), weights.data());
  std::vector<Scalar> strength{2, 2, 3, 3, 2, 2};
  for (Scalar& s : strength) s /= std::sqrt(14.0);
  const NullModel model{strength.data(), strength.data(), 1.0};
  const Buffer<Index> labels = louvain(graph, model, CommunityOptions{});
  EXPECT_EQ(std::vector<Index>(labels.begin(), labels.end()),
            (std::vector<Index>{0, 0, 0, 1, 1, 1}));
}

}  // namespace
}  // namespace cosignet
