#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <array>
#include <cmath>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "cosignet/brokerage.hpp"
#include "cosignet/errors.hpp"
#include "cosignet/parallel.hpp"
#include "test_util.hpp"

namespace cosignet {
namespace {

using test::Csr;
using test::Edge;
using test::undirected;

/// Restores the default thread count after each test.
class Brokerage : public ::testing::Test {
 protected:
  void TearDown() override { set_num_threads(0); }
};

using Roles = std::array<Index, n_brokerage_roles>;

std::vector<Roles> roles_of(const Csr& g, const std::vector<Index>& groups) {
  const Buffer<Index> counts = brokerage(g.view(), groups.data());
  EXPECT_EQ(counts.size(), g.rows * n_brokerage_roles);
  std::vector<Roles> out(static_cast<std::size_t>(g.rows));
  for (Index v = 0; v < g.rows; ++v) {
    for (int r = 0; r < n_brokerage_roles; ++r) {
      out[static_cast<std::size_t>(v)][static_cast<std::size_t>(r)] =
          counts[v * n_brokerage_roles + r];
    }
  }
  return out;
}

/// Brokerage roles by enumerating every unordered pair of neighbours of every node.
std::vector<Roles> brute_roles(const Csr& g, const std::vector<Index>& groups) {
  const Eigen::MatrixXd a = test::dense(g);
  std::vector<Roles> out(static_cast<std::size_t>(g.rows), Roles{0, 0, 0, 0});
  for (Index v = 0; v < g.rows; ++v) {
    const Index gv = groups[static_cast<std::size_t>(v)];
    for (Index x = 0; x < g.rows; ++x) {
      for (Index y = x + 1; y < g.rows; ++y) {
        if (a(v, x) == 0 || a(v, y) == 0 || a(x, y) != 0) continue;
        const Index gx = groups[static_cast<std::size_t>(x)];
        const Index gy = groups[static_cast<std::size_t>(y)];
        int role;
        if (gx == gv && gy == gv) {
          role = coordinator;
        } else if (gx == gy) {
          role = itinerant;
        } else if (gx == gv || gy == gv) {
          role = representative_gatekeeper;
        } else {
          role = liaison;
        }
        ++out[static_cast<std::size_t>(v)][static_cast<std::size_t>(role)];
      }
    }
  }
  return out;
}

// ----------------------------------------------------------------------------- brokerage roles

TEST_F(Brokerage, RoleOfEachOpenTwoPath) {
  // Path a - v - c: the role depends only on the three groups.
  const Csr path = undirected(3, test::path_edges(3));
  const Roles zero{0, 0, 0, 0};
  struct Case {
    std::vector<Index> groups;
    Roles middle;
  };
  for (const Case& c :
       {Case{{0, 0, 0}, {1, 0, 0, 0}}, Case{{1, 0, 1}, {0, 1, 0, 0}}, Case{{0, 0, 1}, {0, 0, 1, 0}},
        Case{{1, 0, 0}, {0, 0, 1, 0}}, Case{{0, 1, 2}, {0, 0, 0, 1}}}) {
    const std::vector<Roles> roles = roles_of(path, c.groups);
    EXPECT_EQ(roles[1], c.middle) << c.groups[0] << c.groups[1] << c.groups[2];
    EXPECT_EQ(roles[0], zero);
    EXPECT_EQ(roles[2], zero);
  }
  // Closing the triangle leaves no open two-path.
  const Csr triangle = undirected(3, test::complete_edges(3));
  for (const Roles& r : roles_of(triangle, {0, 1, 2})) EXPECT_EQ(r, zero);
}

TEST_F(Brokerage, StarWithGroups) {
  // Centre 0 in group 0; leaves 1, 2 in group 0, 3, 4 in group 1, 5 in group 2.
  const Csr star = undirected(6, test::star_edges(5));
  const std::vector<Index> groups{0, 0, 0, 1, 1, 2};
  const std::vector<Roles> roles = roles_of(star, groups);
  // Ten leaf pairs: (1,2) coordinator; (3,4) itinerant; {1,2} x {3,4,5} representative or
  // gatekeeper; (3,5), (4,5) liaison.
  EXPECT_EQ(roles[0], (Roles{1, 1, 6, 2}));
  for (Index v = 1; v < 6; ++v) EXPECT_EQ(roles[static_cast<std::size_t>(v)], (Roles{0, 0, 0, 0}));
  // The tie 1 - 3 closes the pair (1, 3) at the centre; in the triangle 0 - 1 - 3 nobody
  // else brokers either.
  std::vector<Edge> edges = test::star_edges(5);
  edges.push_back({1, 3});
  const std::vector<Roles> closed = roles_of(undirected(6, edges), groups);
  EXPECT_EQ(closed[0], (Roles{1, 1, 5, 2}));
  for (Index v = 1; v < 6; ++v) EXPECT_EQ(closed[static_cast<std::size_t>(v)], (Roles{0, 0, 0, 0}));
}

TEST_F(Brokerage, CycleOfTwoGroups) {
  // 0 - 1 - 2 - 3 - 0 with groups 0, 0, 1, 1: every node joins one of its own and one other.
  const std::vector<Roles> roles = roles_of(undirected(4, test::cycle_edges(4)), {0, 0, 1, 1});
  for (const Roles& r : roles) EXPECT_EQ(r, (Roles{0, 0, 1, 0}));
  // With sparse group codes the answer is the same.
  const std::vector<Roles> sparse_codes =
      roles_of(undirected(4, test::cycle_edges(4)), {7, 7, 1000, 1000});
  for (const Roles& r : sparse_codes) EXPECT_EQ(r, (Roles{0, 0, 1, 0}));
}

TEST_F(Brokerage, EmptyIsolatedAndTwoComponents) {
  EXPECT_EQ(brokerage(undirected(0, {}).view(), nullptr).size(), 0);
  // A path of three in one group, an edge, and an isolated node.
  const std::vector<Roles> roles =
      roles_of(undirected(6, {{0, 1}, {1, 2}, {3, 4}}), {0, 0, 0, 1, 2, 3});
  EXPECT_EQ(roles[1], (Roles{1, 0, 0, 0}));
  for (const Index v : {0, 2, 3, 4, 5}) {
    EXPECT_EQ(roles[static_cast<std::size_t>(v)], (Roles{0, 0, 0, 0})) << v;
  }
}

TEST_F(Brokerage, MatchesBruteForceOnRandomGraphs) {
  std::mt19937_64 rng(3);
  for (const auto& [n, p, n_groups] :
       {std::tuple<Index, double, Index>{30, 0.2, 3}, {60, 0.1, 4}, {50, 0.5, 2}, {40, 0.15, 40}}) {
    const Csr g = undirected(n, test::random_edges(n, p, static_cast<unsigned>(n)));
    std::uniform_int_distribution<Index> group(0, n_groups - 1);
    std::vector<Index> groups(static_cast<std::size_t>(n));
    for (Index& code : groups) code = group(rng);
    const std::vector<Roles> expected = brute_roles(g, groups);
    for (const int threads : {1, 3}) {
      set_num_threads(threads);
      EXPECT_EQ(roles_of(g, groups), expected) << n << " nodes, " << threads << " threads";
    }
  }
}

TEST_F(Brokerage, RejectsNegativeGroupCodesAndNonSquare) {
  const Csr g = undirected(4, test::path_edges(4));
  const std::vector<Index> groups{0, 1, -1, 0};
  try {
    brokerage(g.view(), groups.data());
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    EXPECT_STREQ(e.what(), "node 2 has group code -1; codes must be >= 0");
  }
  Csr rect;
  rect.rows = 2;
  rect.cols = 3;
  rect.indptr = {0, 0, 0};
  const std::vector<Index> two{0, 0};
  EXPECT_THROW(brokerage(rect.view(), two.data()), InvalidInput);
}

// ---------------------------------------------------------------------------- structural holes

/// Burt's measures from their definitions, on the dense matrix.
void brute_holes(const Csr& g, std::vector<Scalar>& constraint, std::vector<Scalar>& effective) {
  const Eigen::MatrixXd w = test::dense(g);
  const Index n = g.rows;
  Eigen::MatrixXd p = Eigen::MatrixXd::Zero(n, n);
  Eigen::MatrixXd m = Eigen::MatrixXd::Zero(n, n);
  for (Index i = 0; i < n; ++i) {
    if (w.row(i).sum() > 0) {
      p.row(i) = w.row(i) / w.row(i).sum();
      m.row(i) = w.row(i) / w.row(i).maxCoeff();
    }
  }
  constraint.assign(static_cast<std::size_t>(n), std::nan(""));
  effective.assign(static_cast<std::size_t>(n), std::nan(""));
  for (Index i = 0; i < n; ++i) {
    if (w.row(i).sum() == 0) continue;
    Scalar c = 0;
    Scalar e = 0;
    for (Index j = 0; j < n; ++j) {
      if (w(i, j) == 0) continue;
      Scalar indirect = 0;
      Scalar redundancy = 0;
      for (Index q = 0; q < n; ++q) {
        if (w(i, q) == 0) continue;
        indirect += p(i, q) * p(q, j);
        redundancy += p(i, q) * m(j, q);
      }
      c += (p(i, j) + indirect) * (p(i, j) + indirect);
      e += 1 - redundancy;
    }
    constraint[static_cast<std::size_t>(i)] = c;
    effective[static_cast<std::size_t>(i)] = e;
  }
}

TEST_F(Brokerage, StructuralHolesOfStar) {
  for (const Index k : {1, 2, 4, 7}) {
    const StructuralHoles holes = structural_holes(undirected(k + 1, test::star_edges(k)).view());
    // Centre: k unconnected contacts of share 1/k each.
    EXPECT_NEAR(holes.constraint[0], 1.0 / static_cast<Scalar>(k), 1e-15) << k;
    EXPECT_NEAR(holes.effective_size[0], static_cast<Scalar>(k), 1e-15) << k;
    // Leaves: one contact, all of their time.
    for (Index v = 1; v <= k; ++v) {
      EXPECT_EQ(holes.constraint[v], 1.0) << k;
      EXPECT_EQ(holes.effective_size[v], 1.0) << k;
    }
  }
}

TEST_F(Brokerage, StructuralHolesOfTrianglePathAndClique) {
  // Triangle: (1/2 + 1/2 * 1/2)^2 * 2 = 1.125; each contact half redundant: 2 * (1 - 1/2) = 1.
  const StructuralHoles triangle = structural_holes(undirected(3, test::complete_edges(3)).view());
  for (Index v = 0; v < 3; ++v) {
    EXPECT_NEAR(triangle.constraint[v], 1.125, 1e-15);
    EXPECT_NEAR(triangle.effective_size[v], 1.0, 1e-15);
  }
  // K4: (1/3 + 2/9)^2 * 3 = 25/27; effective size 3 - 2 * 3 / 3 = 1.
  const StructuralHoles k4 = structural_holes(undirected(4, test::complete_edges(4)).view());
  for (Index v = 0; v < 4; ++v) {
    EXPECT_NEAR(k4.constraint[v], 25.0 / 27.0, 1e-15);
    EXPECT_NEAR(k4.effective_size[v], 1.0, 1e-15);
  }
  // Weighted triangle: scaling every weight changes nothing.
  const StructuralHoles scaled =
      structural_holes(undirected(3, {{0, 1, 5.0}, {1, 2, 5.0}, {0, 2, 5.0}}).view());
  for (Index v = 0; v < 3; ++v) EXPECT_NEAR(scaled.constraint[v], 1.125, 1e-15);
}

TEST_F(Brokerage, StructuralHolesOfIsolatedNodesAreNaN) {
  // Path 0 - 1 plus isolated 2.
  const StructuralHoles holes = structural_holes(undirected(3, {{0, 1}}).view());
  EXPECT_EQ(holes.constraint[0], 1.0);
  EXPECT_EQ(holes.effective_size[1], 1.0);
  EXPECT_TRUE(std::isnan(holes.constraint[2]));
  EXPECT_TRUE(std::isnan(holes.effective_size[2]));
  const StructuralHoles empty = structural_holes(undirected(0, {}).view());
  EXPECT_EQ(empty.constraint.size(), 0);
  EXPECT_EQ(empty.effective_size.size(), 0);
}

TEST_F(Brokerage, StructuralHolesMatchTheDefinitions) {
  for (const unsigned seed : {1u, 2u, 3u}) {
    std::vector<Edge> edges = test::random_edges(40, 0.15, seed, 9);
    for (Edge& e : edges) e.value = e.value / 4.0 + 0.1;
    const Csr g = undirected(45, edges);  // 40 .. 44 isolated
    std::vector<Scalar> constraint;
    std::vector<Scalar> effective;
    brute_holes(g, constraint, effective);
    set_num_threads(1);
    const StructuralHoles one = structural_holes(g.view());
    for (Index v = 0; v < 45; ++v) {
      const auto i = static_cast<std::size_t>(v);
      if (std::isnan(constraint[i])) {
        EXPECT_TRUE(std::isnan(one.constraint[v])) << v;
        EXPECT_TRUE(std::isnan(one.effective_size[v])) << v;
        continue;
      }
      EXPECT_NEAR(one.constraint[v], constraint[i], 1e-12) << v;
      EXPECT_NEAR(one.effective_size[v], effective[i], 1e-12) << v;
    }
    for (const int threads : {2, 3}) {
      set_num_threads(threads);
      const StructuralHoles more = structural_holes(g.view());
      EXPECT_TRUE(test::same_bits(more.constraint.data(), one.constraint.data(), 45));
      EXPECT_TRUE(test::same_bits(more.effective_size.data(), one.effective_size.data(), 45));
    }
  }
}

TEST_F(Brokerage, StructuralHolesRejectBadWeights) {
  for (const Scalar bad : {0.0, -1.0, std::nan("")}) {
    const Csr g = undirected(4, {{0, 1, 1.0}, {1, 3, bad}});
    try {
      structural_holes(g.view());
      FAIL() << "expected InvalidInput for " << bad;
    } catch (const InvalidInput& e) {
      EXPECT_NE(std::string(e.what()).find("edge (1, 3) has weight"), std::string::npos)
          << e.what();
    }
  }
  Csr rect;
  rect.rows = 2;
  rect.cols = 3;
  rect.indptr = {0, 0, 0};
  EXPECT_THROW(structural_holes(rect.view()), InvalidInput);
}

}  // namespace
}  // namespace cosignet
