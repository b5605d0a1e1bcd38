/// @file paths.hpp
/// @brief Single-source shortest paths (breadth-first search and Dijkstra), the one kernel under
/// every path-based measure: betweenness, closeness, harmonic and the two-mode measures.
#pragma once

#include <limits>
#include <vector>

#include "cosignet/types.hpp"

namespace cosignet {

/// How the stored values of a graph become path lengths.
enum class PathLengths {
  Hops,    ///< every edge has length 1; stored values are ignored (breadth-first search)
  Stored,  ///< the stored values are the lengths: positive and finite (Dijkstra)
};

/// Throws InvalidInput naming the first edge (row, column) whose stored value is not positive
/// and finite; @p what names the value ("length", "weight"). Path kernels taking
/// PathLengths::Stored check their lengths with it, spectral kernels their weights.
void validate_positive(const CsrView& graph, const char* what);

/// Shortest paths from one source at a time over a symmetric CSR graph, with a workspace that
/// is reused across sources (one per thread). Resetting costs only the nodes the last search
/// reached, so many searches on a large, fragmented graph stay cheap.
///
/// Path counts follow Brandes (2001): a node's count is the sum of its predecessors' counts.
/// Two paths tie when their lengths are equal as floating-point sums, exactly as NetworkX
/// decides; a node u is a predecessor of v when distance(u) + length(u, v) == distance(v).
class ShortestPaths {
 public:
  /// A workspace for graphs of @p n nodes.
  explicit ShortestPaths(Index n);

  /// Finds the shortest paths from @p source in @p graph (n x n, symmetric, lengths already
  /// checked with validate_positive() when @p lengths is Stored); with @p count_paths also counts them.
  void run(const CsrView& graph, PathLengths lengths, Index source, bool count_paths);

  /// The nodes the last search reached, in nondecreasing distance; the source is first.
  const std::vector<Index>& order() const { return order_; }

  /// Distance from the source to @p v, or +infinity when @p v was not reached.
  Scalar distance(Index v) const { return distance_[static_cast<std::size_t>(v)]; }

  /// Number of shortest paths from the source to a reached node @p v (after count_paths).
  Scalar path_count(Index v) const { return paths_[static_cast<std::size_t>(v)]; }

  /// Calls @p visit(u) for every predecessor u of the reached node @p v: the neighbours that
  /// come just before it on a shortest path from the source.
  template <typename Visit>
  void for_each_predecessor(const CsrView& graph, PathLengths lengths, Index v,
                            Visit&& visit) const {
    const Index* indptr = graph.outerIndexPtr();
    const Index* indices = graph.innerIndexPtr();
    const Scalar* values = graph.valuePtr();
    const Scalar dv = distance(v);
    for (Index e = indptr[v]; e < indptr[v + 1]; ++e) {
      const Index u = indices[e];
      const Scalar du = distance(u);
      const Scalar step = lengths == PathLengths::Hops ? 1.0 : values[e];
      if (du < dv && du + step == dv) visit(u);
    }
  }

  static constexpr Scalar unreached = std::numeric_limits<Scalar>::infinity();

 private:
  void breadth_first(const CsrView& graph, Index source, bool count_paths);
  void dijkstra(const CsrView& graph, Index source, bool count_paths);
  void reset();

  // Indexed 4-ary min-heap on distance_, with decrease-key (heap positions in position_).
  void heap_push_or_decrease(Index v);
  Index heap_pop();
  void heap_sift_up(std::size_t slot);
  void heap_sift_down(std::size_t slot);

  std::vector<Scalar> distance_;
  std::vector<Scalar> paths_;
  std::vector<Index> order_;
  std::vector<Index> heap_;
  std::vector<Index> position_;  // slot of a node in heap_, or -1 when it is not in it
  std::vector<char> settled_;
};

}  // namespace cosignet
