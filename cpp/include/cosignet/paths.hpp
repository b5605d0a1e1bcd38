/// @file paths.hpp
/// @brief Single-source shortest paths (breadth-first search and Dijkstra) with path counts
/// and Brandes dependencies: the one kernel under every path-based measure (betweenness,
/// closeness, harmonic and the two-mode measures).
#pragma once

#include <cstdint>
#include <functional>
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

/// A graph prepared for shortest-path searches, built once per kernel call and shared by its
/// threads: 32-bit neighbour ids (half the memory traffic of the 64-bit CSR, which matters
/// because every search reads every edge), lengths checked once, and for dense graphs
/// searched by hops a bit matrix of the adjacency (see ShortestPaths).
class PathGraph {
 public:
  /// Prepares the symmetric @p graph (n x n, both triangles stored); with Stored checks its
  /// lengths with validate_positive(). @p graph must outlive this object.
  PathGraph(const CsrView& graph, PathLengths lengths);

  Index size() const { return n_; }
  PathLengths lengths() const { return lengths_; }
  Index begin(Index v) const { return offsets_[v]; }
  Index end(Index v) const { return offsets_[v + 1]; }
  Index target(Index e) const { return targets_[static_cast<std::size_t>(e)]; }
  /// Length of edge slot @p e (1 with Hops).
  Scalar length(Index e) const { return values_ == nullptr ? 1.0 : values_[e]; }

  /// Whether the bit matrix exists (Hops, a mean degree of at least a quarter of the row's
  /// words, and at most 256 MB).
  bool has_bits() const { return !bits_.empty(); }
  /// 64-bit words per bit-matrix row.
  Index words() const { return words_; }
  /// Row @p v of the bit matrix: bit u is set when u is a neighbour of v.
  const std::uint64_t* bit_row(Index v) const {
    return bits_.data() + static_cast<std::size_t>(v * words_);
  }

 private:
  Index n_;
  PathLengths lengths_;
  const Index* offsets_;
  std::vector<std::int32_t> targets_;
  const Scalar* values_;  // nullptr with Hops
  Index words_;
  std::vector<std::uint64_t> bits_;
};

/// Shortest paths from one source at a time, with a workspace that is reused across sources
/// (one per thread). Resetting costs only the nodes the last search reached, so many
/// searches on a large, fragmented graph stay cheap.
///
/// Path counts follow Brandes (2001): a node's count is the sum of its predecessors' counts.
/// Two paths tie when their lengths are equal as floating-point sums, exactly as NetworkX
/// decides: w is a successor of v when distance(v) + length(v, w) == distance(w).
///
/// Breadth-first search chooses per level between expanding the frontier (top-down: every
/// edge of the frontier) and, on graphs with a bit matrix, testing every unreached node
/// against the frontier (bottom-up: a few words per node, then only the edges that lie on
/// shortest paths), whichever reads less (Beamer, Asanovic and Patterson 2012). On the dense
/// graphs projections produce, most edges join nodes at equal distance and bottom-up skips
/// them. Either way it records the edges that lie on shortest paths, so dependencies() reads
/// only those. Dijkstra keeps them too, as it relaxes edges, so no edge is read twice.
class ShortestPaths {
 public:
  /// A workspace for graphs of @p n nodes.
  explicit ShortestPaths(Index n);

  /// Finds the shortest paths from @p source; with @p count_paths also counts them and keeps
  /// what dependencies() needs.
  void run(const PathGraph& graph, Index source, bool count_paths);

  /// The nodes the last search reached, in nondecreasing distance; the source is first.
  const std::vector<Index>& order() const { return order_; }

  /// Distance from the source to @p v, or +infinity when @p v was not reached.
  Scalar distance(Index v) const { return distance_[static_cast<std::size_t>(v)]; }

  /// Number of shortest paths from the source to a reached node @p v (after count_paths).
  Scalar path_count(Index v) const { return paths_[static_cast<std::size_t>(v)]; }

  /// Brandes' dependencies of the source on every other reached node v,
  /// delta(v) = sum over successors w of sigma(v) / sigma(w) * (1 + delta(w)),
  /// reported as @p report(v, delta(v)) from the farthest node back. Reads only the
  /// shortest-path edges the last run (with count_paths) kept.
  void dependencies(const std::function<void(Index, Scalar)>& report);

  static constexpr Scalar unreached = std::numeric_limits<Scalar>::infinity();

 private:
  void breadth_first(const PathGraph& graph, Index source, bool count_paths);
  void expand_top_down(const PathGraph& graph, std::size_t first, std::size_t last,
                       bool count_paths);
  void expand_bottom_up(const PathGraph& graph, std::size_t first, std::size_t last,
                        bool count_paths);
  void dijkstra(const PathGraph& graph, Index source, bool count_paths);
  void reset();

  // Indexed 4-ary min-heap on distance_, with decrease-key (heap positions in position_).
  void heap_push_or_decrease(Index v);
  Index heap_pop();
  void heap_sift_up(std::size_t slot);
  void heap_sift_down(std::size_t slot);

  std::vector<Scalar> distance_;
  std::vector<Scalar> paths_;
  std::vector<Index> order_;
  // Each shortest-path edge is kept once: as a successor of the node at position p of order_
  // (top-down levels) or as a predecessor of it (bottom-up levels and Dijkstra).
  std::vector<std::int32_t> successors_;
  std::vector<std::size_t> successor_offsets_;  // size order_ + 1
  std::vector<std::int32_t> predecessors_;
  std::vector<std::size_t> predecessor_offsets_;  // size order_ + 1
  std::vector<std::int32_t> unreached_;           // bottom-up: nodes not reached yet
  std::vector<std::uint64_t> frontier_;           // bottom-up: the current level as bits
  std::vector<Scalar> pulled_;                    // dependencies(): sum of successors' shares
  std::vector<Scalar> share_;                     // dependencies(): (1 + delta) / sigma
  // Dijkstra: each node's tentative predecessors as a linked list, newest first; a shorter
  // path found later starts a new list (the old links are dropped with the run).
  struct Link {
    std::int32_t node;
    std::int32_t next;
  };
  std::vector<Link> links_;
  std::vector<std::int32_t> last_link_;  // per node, or -1
  std::vector<Index> heap_;
  std::vector<Index> position_;  // slot of a node in heap_, or -1 when it is not in it
  std::vector<char> settled_;
};

}  // namespace cosignet
