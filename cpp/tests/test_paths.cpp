#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "cosignet/errors.hpp"
#include "cosignet/paths.hpp"
#include "test_util.hpp"

namespace cosignet {
namespace {

using test::AllPairs;
using test::Csr;
using test::Edge;
using test::undirected;

constexpr Scalar inf = std::numeric_limits<Scalar>::infinity();

AllPairs floyd_warshall(const Csr& g, PathLengths lengths) {
  return test::floyd_warshall(g, lengths == PathLengths::Hops);
}
using test::all_breadth_first;

/// Brandes' dependency of @p s on @p v by enumerating targets:
/// sum over t != s, v of sigma_sv sigma_vt / sigma_st when v lies on a shortest s-t path.
Scalar brute_dependency(const AllPairs& r, Index s, Index v) {
  Scalar delta = 0;
  for (Index t = 0; t < r.n; ++t) {
    if (t == s || t == v || r.dist(s, t) == inf) continue;
    if (r.dist(s, v) + r.dist(v, t) == r.dist(s, t)) {
      delta += r.paths(s, v) * r.paths(v, t) / r.paths(s, t);
    }
  }
  return delta;
}

/// Whether breadth-first search from @p source expands some level bottom-up, by the rule
/// ShortestPaths documents: bottom-up when (unreached nodes) x (words per row) is less than
/// the edges the frontier would read top-down.
bool has_bottom_up_level(const Csr& g, const PathGraph& pg, const AllPairs& r, Index source) {
  if (!pg.has_bits()) return false;
  Scalar max_level = 0;
  for (Index v = 0; v < r.n; ++v) {
    if (r.dist(source, v) != inf) max_level = std::max(max_level, r.dist(source, v));
  }
  for (Scalar level = 0; level <= max_level; ++level) {
    Index reads = 0;
    Index reached = 0;
    for (Index v = 0; v < r.n; ++v) {
      if (r.dist(source, v) == level) {
        reads += g.indptr[static_cast<std::size_t>(v + 1)] - g.indptr[static_cast<std::size_t>(v)];
      }
      if (r.dist(source, v) <= level) ++reached;
    }
    if ((r.n - reached) * pg.words() < reads) return true;
  }
  return false;
}

/// Runs every source with counts and checks order, distances, path counts and dependencies
/// against Floyd-Warshall; also the search without counts. Sets @p bottom_up_sources to how
/// many sources searched some level bottom-up.
void check_all_sources(const Csr& g, PathLengths lengths, const AllPairs& r, Index stride,
                       Index& bottom_up_sources) {
  const CsrView view = g.view();
  const PathGraph pg(view, lengths);
  const Index n = g.rows;
  ShortestPaths sp(n);
  bottom_up_sources = 0;
  for (Index s = 0; s < n; s += stride) {
    if (has_bottom_up_level(g, pg, r, s)) ++bottom_up_sources;
    for (const bool count : {true, false}) {
      sp.run(pg, s, count);
      const std::vector<Index>& order = sp.order();
      ASSERT_FALSE(order.empty());
      EXPECT_EQ(order.front(), s);
      std::vector<int> seen(static_cast<std::size_t>(n), 0);
      for (std::size_t i = 0; i < order.size(); ++i) {
        ++seen[static_cast<std::size_t>(order[i])];
        if (i > 0) {
          ASSERT_LE(sp.distance(order[i - 1]), sp.distance(order[i]))
              << "order not monotone from source " << s << " at position " << i;
        }
      }
      for (Index v = 0; v < n; ++v) {
        const bool reachable = r.dist(s, v) != inf;
        ASSERT_EQ(seen[static_cast<std::size_t>(v)], reachable ? 1 : 0)
            << "source " << s << " node " << v;
        ASSERT_EQ(sp.distance(v), r.dist(s, v)) << "source " << s << " node " << v;
        if (count && reachable) {
          ASSERT_EQ(sp.path_count(v), r.paths(s, v)) << "source " << s << " node " << v;
        }
      }
      if (!count) continue;
      std::vector<Scalar> delta(static_cast<std::size_t>(n), -1.0);
      std::vector<Index> reported;
      sp.dependencies([&](Index v, Scalar d) {
        reported.push_back(v);
        delta[static_cast<std::size_t>(v)] = d;
      });
      // Every reached node but the source, farthest first.
      ASSERT_EQ(reported.size(), order.size() - 1);
      for (std::size_t i = 1; i < reported.size(); ++i) {
        ASSERT_GE(sp.distance(reported[i - 1]), sp.distance(reported[i]));
      }
      for (const Index v : reported) {
        ASSERT_NE(v, s);
        const Scalar expected = brute_dependency(r, s, v);
        ASSERT_NEAR(delta[static_cast<std::size_t>(v)], expected, 1e-9 * (1 + expected))
            << "dependency of " << s << " on " << v;
      }
    }
  }
}

Index check_against_floyd_warshall(const Csr& g, PathLengths lengths) {
  Index bottom_up_sources = 0;
  check_all_sources(g, lengths, floyd_warshall(g, lengths), 1, bottom_up_sources);
  return bottom_up_sources;
}

// ------------------------------------------------------------------------ validate_positive

TEST(ValidatePositive, AcceptsPositiveFiniteValues) {
  const Csr g = undirected(3, {{0, 1, 0.5}, {1, 2, 1e300}});
  EXPECT_NO_THROW(validate_positive(g.view(), "length"));
  const Csr empty = undirected(4, {});
  EXPECT_NO_THROW(validate_positive(empty.view(), "length"));
}

TEST(ValidatePositive, NamesTheFirstBadEdgeAndTheValue) {
  for (const Scalar bad : {0.0, -1.0, std::nan(""), inf, -inf}) {
    const Csr g = undirected(4, {{0, 1, 1.0}, {1, 2, bad}, {2, 3, bad}});
    try {
      validate_positive(g.view(), "length");
      FAIL() << "expected InvalidInput for " << bad;
    } catch (const InvalidInput& e) {
      const std::string message = e.what();
      // Row 1 comes first: the edge is named from its row, (1, 2), not (2, 1).
      EXPECT_NE(message.find("edge (1, 2)"), std::string::npos) << message;
      EXPECT_NE(message.find("length"), std::string::npos) << message;
      EXPECT_NE(message.find("positive and finite"), std::string::npos) << message;
    }
  }
  const Csr g = undirected(3, {{0, 2, -2.5}});
  try {
    validate_positive(g.view(), "weight");
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("edge (0, 2) has weight -2.5"), std::string::npos) << message;
  }
}

// ------------------------------------------------------------------------------- PathGraph

TEST(PathGraph, BitMatrixThresholdIsAQuarterOfTheWords) {
  // The rule since e59af48: a bit matrix when 4 * nnz / n (integer division) is at least the
  // words per row, i.e. a mean degree of a quarter of them. n = 200 has four words per row.
  const Csr perfect_matching = undirected(200, [] {
    std::vector<Edge> edges;
    for (Index v = 0; v < 200; v += 2) edges.push_back({v, v + 1});
    return edges;
  }());  // nnz = 200: 4 * 200 / 200 = 4 >= 4
  EXPECT_TRUE(PathGraph(perfect_matching.view(), PathLengths::Hops).has_bits());
  const Csr one_short = undirected(200, [] {
    std::vector<Edge> edges;
    for (Index v = 0; v < 198; v += 2) edges.push_back({v, v + 1});
    return edges;
  }());  // nnz = 198: 4 * 198 / 200 = 3 < 4
  EXPECT_FALSE(PathGraph(one_short.view(), PathLengths::Hops).has_bits());
  const Csr single_edge = undirected(5, {{0, 1}});  // 4 * 2 / 5 = 1 >= 1
  EXPECT_TRUE(PathGraph(single_edge.view(), PathLengths::Hops).has_bits());
  const Csr ring = undirected(1000, test::cycle_edges(1000));  // 4 * 2 = 8 < 16 words
  EXPECT_FALSE(PathGraph(ring.view(), PathLengths::Hops).has_bits());
}

TEST(PathGraph, ExposesTheGraph) {
  const Csr g = undirected(3, {{0, 1, 2.0}, {1, 2, 5.0}});
  const PathGraph hops(g.view(), PathLengths::Hops);
  EXPECT_EQ(hops.size(), 3);
  EXPECT_EQ(hops.lengths(), PathLengths::Hops);
  ASSERT_EQ(hops.end(1) - hops.begin(1), 2);
  EXPECT_EQ(hops.target(hops.begin(1)), 0);
  EXPECT_EQ(hops.target(hops.begin(1) + 1), 2);
  EXPECT_EQ(hops.length(hops.begin(1) + 1), 1.0);  // stored values ignored
  const PathGraph stored(g.view(), PathLengths::Stored);
  EXPECT_EQ(stored.lengths(), PathLengths::Stored);
  EXPECT_EQ(stored.length(stored.begin(1)), 2.0);
  EXPECT_EQ(stored.length(stored.begin(1) + 1), 5.0);
  EXPECT_FALSE(stored.has_bits());  // Dijkstra never uses the bit matrix
}

TEST(PathGraph, RejectsNonSquareAndBadLengths) {
  Csr rect;
  rect.rows = 2;
  rect.cols = 3;
  rect.indptr = {0, 1, 1};
  rect.indices = {2};
  rect.data = {1.0};
  EXPECT_THROW(PathGraph(rect.view(), PathLengths::Hops), InvalidInput);
  const Csr zero = undirected(3, {{0, 1, 1.0}, {1, 2, 0.0}});
  EXPECT_THROW(PathGraph(zero.view(), PathLengths::Stored), InvalidInput);
  EXPECT_NO_THROW(PathGraph(zero.view(), PathLengths::Hops));  // hops ignore the values
  const Csr negative = undirected(3, {{0, 1, -1.0}});
  EXPECT_NO_THROW(PathGraph(negative.view(), PathLengths::Hops));
}

TEST(PathGraph, BitMatrixOnlyForDenseGraphsSearchedByHops) {
  // n <= 64: one word per row, so any mean degree >= 1 builds it.
  const Csr path = undirected(5, test::path_edges(5));  // nnz / n = 8 / 5 = 1
  const PathGraph dense_small(path.view(), PathLengths::Hops);
  EXPECT_TRUE(dense_small.has_bits());
  EXPECT_EQ(dense_small.words(), 1);
  EXPECT_FALSE(PathGraph(path.view(), PathLengths::Stored).has_bits());
  const Csr no_edges = undirected(5, {});
  EXPECT_FALSE(PathGraph(no_edges.view(), PathLengths::Hops).has_bits());
  const Csr isolated = undirected(1, {});
  EXPECT_FALSE(PathGraph(isolated.view(), PathLengths::Hops).has_bits());
  const Csr empty = undirected(0, {});
  const PathGraph nothing(empty.view(), PathLengths::Hops);
  EXPECT_EQ(nothing.size(), 0);
  EXPECT_FALSE(nothing.has_bits());

  // n = 1000: sixteen words per row; a ring (mean degree 2) is far too sparse.
  const Csr ring = undirected(1000, test::cycle_edges(1000));
  const PathGraph sparse(ring.view(), PathLengths::Hops);
  EXPECT_EQ(sparse.words(), 16);
  EXPECT_FALSE(sparse.has_bits());
  // n = 200: four words per row; mean degree 4 is dense.
  std::vector<Edge> ring2 = test::cycle_edges(200);
  for (Index v = 0; v < 200; ++v) ring2.push_back({v, (v + 2) % 200});
  const Csr dense_ring = undirected(200, ring2);
  const PathGraph dense(dense_ring.view(), PathLengths::Hops);
  EXPECT_TRUE(dense.has_bits());
  // Row v holds bits v +- 1 and v +- 2 (mod 200), across word boundaries.
  for (Index v = 0; v < 200; ++v) {
    const std::uint64_t* row = dense.bit_row(v);
    Index bits = 0;
    for (Index k = 0; k < dense.words(); ++k) bits += __builtin_popcountll(row[k]);
    ASSERT_EQ(bits, 4) << v;
    for (const Index d : {1, 2, 198, 199}) {
      const Index u = (v + d) % 200;
      ASSERT_TRUE((row[u / 64] >> (u % 64)) & 1u) << v << " " << u;
    }
  }
}

// ------------------------------------------------------------- ShortestPaths: hand-computed

struct Expected {
  std::vector<Scalar> distance;
  std::vector<Scalar> paths;  // 0 where unreached
};

void expect_search(const Csr& g, PathLengths lengths, Index source, const Expected& expected) {
  const PathGraph pg(g.view(), lengths);
  ShortestPaths sp(g.rows);
  sp.run(pg, source, true);
  Index reached = 0;
  for (Index v = 0; v < g.rows; ++v) {
    const auto i = static_cast<std::size_t>(v);
    EXPECT_EQ(sp.distance(v), expected.distance[i]) << "node " << v << " from " << source;
    if (expected.distance[i] != inf) {
      ++reached;
      EXPECT_EQ(sp.path_count(v), expected.paths[i]) << "node " << v << " from " << source;
    }
  }
  ASSERT_EQ(static_cast<Index>(sp.order().size()), reached);
  EXPECT_EQ(sp.order().front(), source);
  for (std::size_t i = 1; i < sp.order().size(); ++i) {
    EXPECT_LE(sp.distance(sp.order()[i - 1]), sp.distance(sp.order()[i]));
  }
}

class HandGraphs : public ::testing::TestWithParam<PathLengths> {};

TEST_P(HandGraphs, Path) {
  const Csr g = undirected(5, test::path_edges(5));
  expect_search(g, GetParam(), 0, {{0, 1, 2, 3, 4}, {1, 1, 1, 1, 1}});
  expect_search(g, GetParam(), 2, {{2, 1, 0, 1, 2}, {1, 1, 1, 1, 1}});
  const PathGraph pg(g.view(), GetParam());
  ShortestPaths sp(5);
  sp.run(pg, 0, true);
  EXPECT_EQ(sp.order(), (std::vector<Index>{0, 1, 2, 3, 4}));
}

TEST_P(HandGraphs, Star) {
  const Csr g = undirected(6, test::star_edges(5));
  expect_search(g, GetParam(), 0, {{0, 1, 1, 1, 1, 1}, {1, 1, 1, 1, 1, 1}});
  expect_search(g, GetParam(), 3, {{1, 2, 2, 0, 2, 2}, {1, 1, 1, 1, 1, 1}});
}

TEST_P(HandGraphs, Cycles) {
  // Even cycle: the opposite node is reached both ways round.
  expect_search(undirected(6, test::cycle_edges(6)), GetParam(), 0,
                {{0, 1, 2, 3, 2, 1}, {1, 1, 1, 2, 1, 1}});
  // Odd cycle: no ties.
  expect_search(undirected(5, test::cycle_edges(5)), GetParam(), 1,
                {{1, 0, 1, 2, 2}, {1, 1, 1, 1, 1}});
}

TEST_P(HandGraphs, Complete) {
  expect_search(undirected(5, test::complete_edges(5)), GetParam(), 4,
                {{1, 1, 1, 1, 0}, {1, 1, 1, 1, 1}});
}

TEST_P(HandGraphs, CompleteBipartite) {
  // K_{3,3} (a = 0..2, b = 3..5) from a0: the second level (three b's reading nine edges, two
  // nodes left) is expanded bottom-up when the bit matrix exists.
  std::vector<Edge> edges;
  for (Index a = 0; a < 3; ++a) {
    for (Index b = 3; b < 6; ++b) edges.push_back({a, b});
  }
  const Csr g = undirected(6, edges);
  EXPECT_EQ(PathGraph(g.view(), GetParam()).has_bits(), GetParam() == PathLengths::Hops);
  expect_search(g, GetParam(), 0, {{0, 2, 2, 1, 1, 1}, {1, 3, 3, 1, 1, 1}});
  expect_search(g, GetParam(), 4, {{1, 1, 1, 2, 0, 2}, {1, 1, 1, 3, 1, 3}});
}

TEST_P(HandGraphs, TwoComponentsAndAnIsolatedNode) {
  // 0 - 1 - 2 and 3 - 4 - 5 - 3, node 6 isolated.
  const Csr g = undirected(7, {{0, 1}, {1, 2}, {3, 4}, {4, 5}, {5, 3}});
  expect_search(g, GetParam(), 0, {{0, 1, 2, inf, inf, inf, inf}, {1, 1, 1, 0, 0, 0, 0}});
  expect_search(g, GetParam(), 4, {{inf, inf, inf, 1, 0, 1, inf}, {0, 0, 0, 1, 1, 1, 0}});
  expect_search(g, GetParam(), 6, {{inf, inf, inf, inf, inf, inf, 0}, {0, 0, 0, 0, 0, 0, 1}});
}

TEST_P(HandGraphs, WorkspaceIsResetBetweenSearches) {
  const Csr g = undirected(7, {{0, 1}, {1, 2}, {3, 4}, {4, 5}, {5, 3}});
  const PathGraph pg(g.view(), GetParam());
  ShortestPaths sp(7);
  sp.run(pg, 0, true);
  sp.run(pg, 4, true);
  EXPECT_EQ(sp.distance(0), inf);
  EXPECT_EQ(sp.distance(1), inf);
  EXPECT_EQ(sp.distance(2), inf);
  EXPECT_EQ(sp.path_count(3), 1);
  sp.run(pg, 6, false);
  EXPECT_EQ(sp.order(), std::vector<Index>{6});
  for (Index v = 0; v < 6; ++v) EXPECT_EQ(sp.distance(v), inf);
  sp.run(pg, 2, true);
  EXPECT_EQ(sp.distance(0), 2);
  EXPECT_EQ(sp.path_count(0), 1);
  EXPECT_EQ(sp.order().size(), 3u);
}

TEST_P(HandGraphs, Dependencies) {
  // Path 0 - 1 - 2 - 3 from 0: delta(1) = 2, delta(2) = 1, delta(3) = 0, farthest first.
  {
    const Csr g = undirected(4, test::path_edges(4));
    const PathGraph pg(g.view(), GetParam());
    ShortestPaths sp(4);
    sp.run(pg, 0, true);
    std::vector<std::pair<Index, Scalar>> reported;
    sp.dependencies([&](Index v, Scalar d) { reported.emplace_back(v, d); });
    EXPECT_EQ(reported, (std::vector<std::pair<Index, Scalar>>{{3, 0.0}, {2, 1.0}, {1, 2.0}}));
  }
  // Cycle of four from 0: 2 is reached via 1 and 3, each carrying half of it.
  {
    const Csr g = undirected(4, test::cycle_edges(4));
    const PathGraph pg(g.view(), GetParam());
    ShortestPaths sp(4);
    sp.run(pg, 0, true);
    std::vector<Scalar> delta(4, -1);
    sp.dependencies([&](Index v, Scalar d) { delta[static_cast<std::size_t>(v)] = d; });
    EXPECT_EQ(delta, (std::vector<Scalar>{-1, 0.5, 0.0, 0.5}));
  }
  // Star from a leaf: the centre carries the other four leaves.
  {
    const Csr g = undirected(6, test::star_edges(5));
    const PathGraph pg(g.view(), GetParam());
    ShortestPaths sp(6);
    sp.run(pg, 1, true);
    std::vector<Scalar> delta(6, -1);
    sp.dependencies([&](Index v, Scalar d) { delta[static_cast<std::size_t>(v)] = d; });
    EXPECT_EQ(delta, (std::vector<Scalar>{4, -1, 0, 0, 0, 0}));
  }
}

INSTANTIATE_TEST_SUITE_P(BothKernels, HandGraphs,
                         ::testing::Values(PathLengths::Hops, PathLengths::Stored),
                         [](const ::testing::TestParamInfo<PathLengths>& info) {
                           return info.param == PathLengths::Hops ? "Hops" : "Stored";
                         });

TEST(ShortestPaths, RejectsWrongWorkspaceAndSource) {
  const Csr g = undirected(4, test::path_edges(4));
  const PathGraph pg(g.view(), PathLengths::Hops);
  ShortestPaths small(3);
  EXPECT_THROW(small.run(pg, 0, true), InvalidInput);
  ShortestPaths sp(4);
  EXPECT_THROW(sp.run(pg, -1, true), InvalidInput);
  EXPECT_THROW(sp.run(pg, 4, true), InvalidInput);
  sp.run(pg, 3, true);
  EXPECT_EQ(sp.distance(0), 3);
}

// ----------------------------------------------------------------- Dijkstra: weighted paths

TEST(Dijkstra, WeightedDetourBeatsDirectEdge) {
  // 0 - 1 - 2 with lengths 1 and 1, direct 0 - 2 of length 3; 3 hangs off 2 with length 0.5.
  const Csr g = undirected(4, {{0, 1, 1.0}, {1, 2, 1.0}, {0, 2, 3.0}, {2, 3, 0.5}});
  expect_search(g, PathLengths::Stored, 0, {{0, 1, 2, 2.5}, {1, 1, 1, 1}});
  expect_search(g, PathLengths::Hops, 0, {{0, 1, 1, 2}, {1, 1, 1, 1}});
}

TEST(Dijkstra, ExactFloatingPointTiesAreCounted) {
  // 0.5 + 0.25 == 0.75 exactly: two shortest paths from 0 to 2.
  const Csr exact = undirected(3, {{0, 1, 0.5}, {1, 2, 0.25}, {0, 2, 0.75}});
  expect_search(exact, PathLengths::Stored, 0, {{0, 0.5, 0.75}, {1, 1, 2}});
  // 0.1 + 0.2 and 0.2 + 0.1 are the same double (0.30000000000000004): a tie.
  const Csr sums = undirected(4, {{0, 1, 0.1}, {1, 3, 0.2}, {0, 2, 0.2}, {2, 3, 0.1}});
  expect_search(sums, PathLengths::Stored, 0, {{0, 0.1, 0.2, 0.1 + 0.2}, {1, 1, 1, 2}});
}

TEST(Dijkstra, NearlyEqualFloatingPointSumsAreNotTies) {
  // 0.1 + 0.2 = 0.30000000000000004 > 0.3: the direct edge is the only shortest path, as in
  // NetworkX (which compares the float sums too).
  ASSERT_NE(0.1 + 0.2, 0.3);
  const Csr g = undirected(3, {{0, 1, 0.1}, {1, 2, 0.2}, {0, 2, 0.3}});
  expect_search(g, PathLengths::Stored, 0, {{0, 0.1, 0.3}, {1, 1, 1}});
  expect_search(g, PathLengths::Stored, 2, {{0.3, 0.2, 0}, {1, 1, 1}});
  // Seen from 1, 0.2 + 0.3 > 0.1 and 0.1 + 0.3 > 0.2: no ties either.
  expect_search(g, PathLengths::Stored, 1, {{0.1, 0, 0.2}, {1, 1, 1}});
  const PathGraph pg(g.view(), PathLengths::Stored);
  ShortestPaths sp(3);
  sp.run(pg, 0, true);
  std::vector<Scalar> delta(3, -1);
  sp.dependencies([&](Index v, Scalar d) { delta[static_cast<std::size_t>(v)] = d; });
  EXPECT_EQ(delta, (std::vector<Scalar>{-1, 0, 0}));  // 1 carries no path to 2
  // The exact tie 0.5 + 0.25 == 0.75 puts half of the 0-2 paths through 1.
  const Csr exact = undirected(3, {{0, 1, 0.5}, {1, 2, 0.25}, {0, 2, 0.75}});
  const PathGraph pe(exact.view(), PathLengths::Stored);
  sp.run(pe, 0, true);
  sp.dependencies([&](Index v, Scalar d) { delta[static_cast<std::size_t>(v)] = d; });
  EXPECT_EQ(delta, (std::vector<Scalar>{-1, 0.5, 0}));
}

TEST(Dijkstra, UnitLengthsMatchBreadthFirstSearch) {
  const Csr g = undirected(60, test::random_edges(60, 0.08, 11));
  const PathGraph hops(g.view(), PathLengths::Hops);
  const PathGraph stored(g.view(), PathLengths::Stored);
  ShortestPaths a(60);
  ShortestPaths b(60);
  for (Index s = 0; s < 60; ++s) {
    a.run(hops, s, true);
    b.run(stored, s, true);
    ASSERT_EQ(a.order().size(), b.order().size());
    for (Index v = 0; v < 60; ++v) {
      ASSERT_EQ(a.distance(v), b.distance(v));
      if (a.distance(v) != inf) {
        ASSERT_EQ(a.path_count(v), b.path_count(v));
      }
    }
  }
}

TEST(Dijkstra, NonIntegerLengthsMatchFloydWarshallDistances) {
  std::vector<Edge> edges = test::random_edges(50, 0.1, 5);
  std::mt19937_64 rng(99);
  std::uniform_real_distribution<double> length(0.01, 3.0);
  for (Edge& e : edges) e.value = length(rng);
  const Csr g = undirected(50, edges);
  const AllPairs r = floyd_warshall(g, PathLengths::Stored);
  const PathGraph pg(g.view(), PathLengths::Stored);
  ShortestPaths sp(50);
  for (Index s = 0; s < 50; ++s) {
    sp.run(pg, s, true);
    for (Index v = 0; v < 50; ++v) {
      if (r.dist(s, v) == inf) {
        ASSERT_EQ(sp.distance(v), inf);
      } else {
        ASSERT_NEAR(sp.distance(v), r.dist(s, v), 1e-12 * r.dist(s, v));
        ASSERT_GE(sp.path_count(v), 1);
      }
    }
  }
}

// ------------------------------------------------------ brute force on random graphs

TEST(ShortestPathsBruteForce, DenseHopsSearchedWithTheBitMatrix) {
  Index bottom_up = 0;
  for (const unsigned seed : {1u, 2u, 3u}) {
    const Csr g = undirected(40, test::random_edges(40, 0.3, seed));
    ASSERT_TRUE(PathGraph(g.view(), PathLengths::Hops).has_bits());
    bottom_up += check_against_floyd_warshall(g, PathLengths::Hops);
  }
  EXPECT_GT(bottom_up, 0);
}

TEST(ShortestPathsBruteForce, DenseHopsMixingTopDownAndBottomUp) {
  // Sparser graphs with bits: long searches that switch strategy from level to level.
  Index bottom_up = 0;
  for (const unsigned seed : {4u, 5u, 6u, 7u}) {
    const Csr g = undirected(64, test::random_edges(64, 0.04, seed));
    if (!PathGraph(g.view(), PathLengths::Hops).has_bits()) continue;
    bottom_up += check_against_floyd_warshall(g, PathLengths::Hops);
  }
  EXPECT_GT(bottom_up, 0);
}

TEST(ShortestPathsBruteForce, DenseHopsWithSeveralWordsPerRow) {
  for (const Index n : {100, 150}) {  // two and three words per row
    const Csr g = undirected(n, test::random_edges(n, 0.12, 8));
    const PathGraph pg(g.view(), PathLengths::Hops);
    ASSERT_TRUE(pg.has_bits());
    ASSERT_EQ(pg.words(), (n + 63) / 64);
    EXPECT_GT(check_against_floyd_warshall(g, PathLengths::Hops), 0) << n;
  }
}

TEST(ShortestPathsBruteForce, DenseComponentsAndIsolatedNodes) {
  // Two dense components and isolated nodes: bottom-up must leave the other component alone.
  std::vector<Edge> edges = test::random_edges(25, 0.4, 9);
  for (const Edge& e : test::random_edges(20, 0.5, 10)) edges.push_back({e.u + 25, e.v + 25});
  const Csr g = undirected(50, edges);  // nodes 45 .. 49 isolated
  ASSERT_TRUE(PathGraph(g.view(), PathLengths::Hops).has_bits());
  EXPECT_GT(check_against_floyd_warshall(g, PathLengths::Hops), 0);
}

TEST(ShortestPathsBruteForce, SparseHops) {
  // n = 200 with mean degree 2 (four words per row).
  const Csr g = undirected(200, test::random_edges(200, 2.0 / 199, 12));
  check_against_floyd_warshall(g, PathLengths::Hops);
}

TEST(ShortestPathsBruteForce, SparseHopsSearchedTopDownOnly) {
  // n = 1000 with mean degree about 2: sixteen words per row, far too sparse for a bit matrix.
  // Checked against textbook breadth-first search; dependencies from every 25th source.
  const Csr g = undirected(1000, test::random_edges(1000, 2.2 / 999, 16));
  ASSERT_FALSE(PathGraph(g.view(), PathLengths::Hops).has_bits());
  Index bottom_up = 0;
  check_all_sources(g, PathLengths::Hops, all_breadth_first(g), 25, bottom_up);
  EXPECT_EQ(bottom_up, 0);
}

TEST(ShortestPathsBruteForce, BreadthFirstReferenceAgreesWithFloydWarshall) {
  // The two references agree with each other (so the larger test above checks the same thing).
  const Csr g = undirected(70, test::random_edges(70, 0.05, 17));
  const AllPairs a = floyd_warshall(g, PathLengths::Hops);
  const AllPairs b = all_breadth_first(g);
  EXPECT_EQ(a.d, b.d);
  EXPECT_EQ(a.sigma, b.sigma);
}

TEST(ShortestPathsBruteForce, DijkstraWithIntegerLengths) {
  // Integer lengths 1 .. 4 keep every sum exact, so ties are plentiful and exact.
  for (const unsigned seed : {13u, 14u}) {
    check_against_floyd_warshall(undirected(40, test::random_edges(40, 0.15, seed, 4)),
                                 PathLengths::Stored);
  }
  check_against_floyd_warshall(undirected(80, test::random_edges(80, 0.04, 15, 3)),
                               PathLengths::Stored);
}

}  // namespace
}  // namespace cosignet
