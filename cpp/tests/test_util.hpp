/// @file test_util.hpp
/// @brief Small helpers shared by the core unit tests: owned CSR matrices and comparisons.
#pragma once

#include <gtest/gtest.h>

#include <Eigen/Core>
#include <algorithm>
#include <cstring>
#include <exception>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "cosignet/buffer.hpp"
#include "cosignet/errors.hpp"
#include "cosignet/types.hpp"

namespace cosignet::test {

/// Fails unless @p f throws InvalidInput whose message contains @p part.
inline void expect_invalid_input(const std::function<void()>& f, const std::string& part) {
  try {
    f();
    ADD_FAILURE() << "expected InvalidInput mentioning " << part;
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "expected InvalidInput mentioning " << part
                  << ", got another exception: " << e.what();
  }
}

/// A CSR matrix held in std::vectors, so a test can write one literally.
struct Csr {
  Index rows = 0;
  Index cols = 0;
  std::vector<Index> indptr{0};
  std::vector<Index> indices;
  std::vector<Scalar> data;

  CsrView view() const {
    return make_csr_view(rows, cols, indptr.data(), indices.data(), data.data());
  }
};

/// Copies a CsrBuffers result into vectors for easy comparison.
inline Csr to_csr(const CsrBuffers& m) {
  Csr out;
  out.rows = m.rows;
  out.cols = m.cols;
  out.indptr.assign(m.indptr.begin(), m.indptr.end());
  out.indices.assign(m.indices.begin(), m.indices.end());
  out.data.assign(m.data.begin(), m.data.end());
  return out;
}

/// Exact (value) equality of two CSR matrices; data compared with ==.
inline void expect_csr_eq(const Csr& actual, const Csr& expected) {
  EXPECT_EQ(actual.rows, expected.rows);
  EXPECT_EQ(actual.cols, expected.cols);
  EXPECT_EQ(actual.indptr, expected.indptr);
  EXPECT_EQ(actual.indices, expected.indices);
  EXPECT_EQ(actual.data, expected.data);
}

/// Bitwise equality of two CSR results (shape, structure and the bytes of every value).
inline bool bitwise_equal(const CsrBuffers& a, const CsrBuffers& b) {
  if (a.rows != b.rows || a.cols != b.cols || a.indptr.size() != b.indptr.size() ||
      a.nnz() != b.nnz()) {
    return false;
  }
  const auto same = [](const void* x, const void* y, std::size_t bytes) {
    return bytes == 0 || std::memcmp(x, y, bytes) == 0;
  };
  return same(a.indptr.data(), b.indptr.data(), sizeof(Index) * a.indptr.size()) &&
         same(a.indices.data(), b.indices.data(), sizeof(Index) * a.nnz()) &&
         same(a.data.data(), b.data.data(), sizeof(Scalar) * a.nnz());
}

/// An undirected edge {u, v} with a stored value (weight or length).
struct Edge {
  Index u;
  Index v;
  Scalar value = 1.0;
};

/// The symmetric adjacency (both triangles, no diagonal, columns sorted) of an undirected graph
/// on @p n nodes; every edge is stored at (u, v) and (v, u).
inline Csr undirected(Index n, const std::vector<Edge>& edges) {
  std::vector<std::tuple<Index, Index, Scalar>> entries;
  for (const Edge& e : edges) {
    entries.emplace_back(e.u, e.v, e.value);
    entries.emplace_back(e.v, e.u, e.value);
  }
  std::sort(entries.begin(), entries.end());
  Csr out;
  out.rows = out.cols = n;
  out.indptr.assign(static_cast<std::size_t>(n + 1), 0);
  for (const auto& [row, col, value] : entries) {
    ++out.indptr[static_cast<std::size_t>(row + 1)];
    out.indices.push_back(col);
    out.data.push_back(value);
  }
  for (Index r = 0; r < n; ++r) {
    out.indptr[static_cast<std::size_t>(r + 1)] += out.indptr[static_cast<std::size_t>(r)];
  }
  return out;
}

/// Path 0 - 1 - ... - (n - 1).
inline std::vector<Edge> path_edges(Index n) {
  std::vector<Edge> edges;
  for (Index v = 0; v + 1 < n; ++v) edges.push_back({v, v + 1});
  return edges;
}

/// Cycle 0 - 1 - ... - (n - 1) - 0.
inline std::vector<Edge> cycle_edges(Index n) {
  std::vector<Edge> edges = path_edges(n);
  edges.push_back({n - 1, 0});
  return edges;
}

/// Star: centre 0, leaves 1 .. k.
inline std::vector<Edge> star_edges(Index k) {
  std::vector<Edge> edges;
  for (Index v = 1; v <= k; ++v) edges.push_back({0, v});
  return edges;
}

/// Complete graph on nodes first .. first + n - 1.
inline std::vector<Edge> complete_edges(Index n, Index first = 0) {
  std::vector<Edge> edges;
  for (Index u = 0; u < n; ++u) {
    for (Index v = u + 1; v < n; ++v) edges.push_back({first + u, first + v});
  }
  return edges;
}

/// Erdos-Renyi G(n, p) edges; values are 1, or integers 1 .. max_value drawn uniformly when
/// @p max_value > 1 (integer lengths keep every path sum exact, so ties are exact too).
inline std::vector<Edge> random_edges(Index n, double p, unsigned seed, int max_value = 1) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  std::uniform_int_distribution<int> value(1, std::max(1, max_value));
  std::vector<Edge> edges;
  for (Index u = 0; u < n; ++u) {
    for (Index v = u + 1; v < n; ++v) {
      if (coin(rng) < p) edges.push_back({u, v, static_cast<Scalar>(value(rng))});
    }
  }
  return edges;
}

/// The same graph as a dense matrix (0 where there is no edge).
inline Eigen::MatrixXd dense(const Csr& m) {
  Eigen::MatrixXd out = Eigen::MatrixXd::Zero(m.rows, m.cols);
  for (Index r = 0; r < m.rows; ++r) {
    for (Index e = m.indptr[static_cast<std::size_t>(r)];
         e < m.indptr[static_cast<std::size_t>(r + 1)]; ++e) {
      out(r, m.indices[static_cast<std::size_t>(e)]) = m.data[static_cast<std::size_t>(e)];
    }
  }
  return out;
}

/// Whether two arrays of doubles hold the same bits.
inline bool same_bits(const Scalar* a, const Scalar* b, Index n) {
  return n == 0 || std::memcmp(a, b, sizeof(Scalar) * static_cast<std::size_t>(n)) == 0;
}

/// +infinity, the distance of unreachable nodes.
constexpr Scalar kInf = std::numeric_limits<Scalar>::infinity();

/// All-pairs distances and shortest-path counts by Floyd-Warshall (path counts multiply at the
/// intermediate node, which lies on a shortest path at most once because lengths are positive).
struct AllPairs {
  Index n = 0;
  std::vector<Scalar> d;
  std::vector<Scalar> sigma;
  Scalar dist(Index s, Index t) const { return d[static_cast<std::size_t>(s * n + t)]; }
  Scalar paths(Index s, Index t) const { return sigma[static_cast<std::size_t>(s * n + t)]; }
};

inline AllPairs floyd_warshall(const Csr& g, bool hops) {
  AllPairs r;
  const Index n = g.rows;
  r.n = n;
  r.d.assign(static_cast<std::size_t>(n * n), kInf);
  r.sigma.assign(static_cast<std::size_t>(n * n), 0.0);
  auto at = [n](Index i, Index j) { return static_cast<std::size_t>(i * n + j); };
  for (Index i = 0; i < n; ++i) {
    r.d[at(i, i)] = 0;
    r.sigma[at(i, i)] = 1;
    for (Index e = g.indptr[static_cast<std::size_t>(i)];
         e < g.indptr[static_cast<std::size_t>(i + 1)]; ++e) {
      const Index j = g.indices[static_cast<std::size_t>(e)];
      r.d[at(i, j)] = hops ? 1.0 : g.data[static_cast<std::size_t>(e)];
      r.sigma[at(i, j)] = 1;
    }
  }
  for (Index k = 0; k < n; ++k) {
    for (Index i = 0; i < n; ++i) {
      if (i == k || r.d[at(i, k)] == kInf) continue;
      for (Index j = 0; j < n; ++j) {
        if (j == k || j == i || r.d[at(k, j)] == kInf) continue;
        const Scalar candidate = r.d[at(i, k)] + r.d[at(k, j)];
        if (candidate < r.d[at(i, j)]) {
          r.d[at(i, j)] = candidate;
          r.sigma[at(i, j)] = r.sigma[at(i, k)] * r.sigma[at(k, j)];
        } else if (candidate == r.d[at(i, j)]) {
          r.sigma[at(i, j)] += r.sigma[at(i, k)] * r.sigma[at(k, j)];
        }
      }
    }
  }
  return r;
}

/// The same by a textbook queue-based breadth-first search from every node (for graphs too
/// large for Floyd-Warshall).
inline AllPairs all_breadth_first(const Csr& g) {
  AllPairs r;
  const Index n = g.rows;
  r.n = n;
  r.d.assign(static_cast<std::size_t>(n * n), kInf);
  r.sigma.assign(static_cast<std::size_t>(n * n), 0.0);
  std::vector<Index> queue;
  for (Index s = 0; s < n; ++s) {
    Scalar* d = r.d.data() + s * n;
    Scalar* sigma = r.sigma.data() + s * n;
    d[s] = 0;
    sigma[s] = 1;
    queue.assign(1, s);
    for (std::size_t head = 0; head < queue.size(); ++head) {
      const Index v = queue[head];
      for (Index e = g.indptr[static_cast<std::size_t>(v)];
           e < g.indptr[static_cast<std::size_t>(v + 1)]; ++e) {
        const Index w = g.indices[static_cast<std::size_t>(e)];
        if (d[w] == kInf) {
          d[w] = d[v] + 1;
          queue.push_back(w);
        }
        if (d[w] == d[v] + 1) sigma[w] += sigma[v];
      }
    }
  }
  return r;
}

}  // namespace cosignet::test
