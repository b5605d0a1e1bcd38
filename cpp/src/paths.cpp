#include "cosignet/paths.hpp"

#include <cmath>
#include <string>

#include "cosignet/errors.hpp"

namespace cosignet {
namespace {

// Largest bit matrix PathGraph builds, in bytes (n = 46,000 nodes).
constexpr Index max_bit_matrix = Index{256} << 20;

}  // namespace

void validate_positive(const CsrView& graph, const char* what) {
  const Index* indptr = graph.outerIndexPtr();
  const Index* indices = graph.innerIndexPtr();
  const Scalar* values = graph.valuePtr();
  for (Index row = 0; row < graph.rows(); ++row) {
    for (Index e = indptr[row]; e < indptr[row + 1]; ++e) {
      const Scalar value = values[e];
      require(std::isfinite(value) && value > 0, [&] {
        return "edge (" + std::to_string(row) + ", " + std::to_string(indices[e]) + ") has " +
               what + " " + std::to_string(value) + "; it must be positive and finite";
      });
    }
  }
}

PathGraph::PathGraph(const CsrView& graph, PathLengths lengths)
    : n_(graph.rows()),
      lengths_(lengths),
      offsets_(graph.outerIndexPtr()),
      values_(lengths == PathLengths::Stored ? graph.valuePtr() : nullptr),
      words_((graph.rows() + 63) / 64) {
  require(graph.cols() == n_, "the adjacency matrix must be square");
  require(n_ <= std::numeric_limits<std::int32_t>::max(),
          [&] { return "path measures handle at most 2^31 - 1 nodes, got " + std::to_string(n_); });
  if (lengths == PathLengths::Stored) validate_positive(graph, "length");
  const Index nnz = offsets_[n_];
  targets_.resize(static_cast<std::size_t>(nnz));
  const Index* indices = graph.innerIndexPtr();
  for (Index e = 0; e < nnz; ++e) {
    targets_[static_cast<std::size_t>(e)] = static_cast<std::int32_t>(indices[e]);
  }
  // Bottom-up levels read a row of words per node instead of its edges: the matrix is built
  // when the mean degree reaches a quarter of a row's words (each level then picks the cheaper
  // direction) and it stays within max_bit_matrix.
  const bool dense = n_ > 0 && 4 * nnz / n_ >= words_ && n_ * words_ * 8 <= max_bit_matrix;
  if (lengths == PathLengths::Hops && dense) {
    bits_.assign(static_cast<std::size_t>(n_ * words_), 0);
    for (Index v = 0; v < n_; ++v) {
      std::uint64_t* row = bits_.data() + static_cast<std::size_t>(v * words_);
      for (Index e = offsets_[v]; e < offsets_[v + 1]; ++e) {
        row[indices[e] / 64] |= std::uint64_t{1} << (indices[e] % 64);
      }
    }
  }
}

ShortestPaths::ShortestPaths(Index n)
    : distance_(static_cast<std::size_t>(n), unreached),
      paths_(static_cast<std::size_t>(n), 0.0),
      frontier_(static_cast<std::size_t>((n + 63) / 64), 0),
      pulled_(static_cast<std::size_t>(n), 0.0),
      share_(static_cast<std::size_t>(n), 0.0),
      last_link_(static_cast<std::size_t>(n), -1),
      position_(static_cast<std::size_t>(n), -1),
      settled_(static_cast<std::size_t>(n), 0) {
  order_.reserve(static_cast<std::size_t>(n));
}

void ShortestPaths::reset() {
  for (const Index v : order_) {
    distance_[static_cast<std::size_t>(v)] = unreached;
    paths_[static_cast<std::size_t>(v)] = 0.0;
    settled_[static_cast<std::size_t>(v)] = 0;
    last_link_[static_cast<std::size_t>(v)] = -1;
  }
  order_.clear();
}

void ShortestPaths::run(const PathGraph& graph, Index source, bool count_paths) {
  require(graph.size() == static_cast<Index>(distance_.size()),
          "the workspace was made for a graph of another size");
  require(source >= 0 && source < graph.size(), "source node out of range");
  reset();
  if (graph.lengths() == PathLengths::Hops) {
    breadth_first(graph, source, count_paths);
  } else {
    dijkstra(graph, source, count_paths);
  }
}

void ShortestPaths::breadth_first(const PathGraph& graph, Index source, bool count_paths) {
  distance_[static_cast<std::size_t>(source)] = 0;
  paths_[static_cast<std::size_t>(source)] = 1;
  order_.push_back(source);
  successors_.clear();
  predecessors_.clear();
  successor_offsets_.assign(1, 0);
  predecessor_offsets_.assign(2, 0);  // the source has no predecessors
  unreached_.clear();
  bool listed_unreached = false;
  std::size_t first = 0;
  while (first < order_.size()) {
    const std::size_t last = order_.size();
    bool bottom_up = false;
    if (graph.has_bits()) {
      Index top_down_reads = 0;
      for (std::size_t p = first; p < last; ++p) {
        top_down_reads += graph.end(order_[p]) - graph.begin(order_[p]);
      }
      const Index remaining = graph.size() - static_cast<Index>(order_.size());
      bottom_up = remaining * graph.words() < top_down_reads;
    }
    if (bottom_up) {
      if (!listed_unreached) {
        for (Index v = 0; v < graph.size(); ++v) {
          if (distance_[static_cast<std::size_t>(v)] == unreached) {
            unreached_.push_back(static_cast<std::int32_t>(v));
          }
        }
        listed_unreached = true;
      }
      expand_bottom_up(graph, first, last, count_paths);
    } else {
      expand_top_down(graph, first, last, count_paths);
    }
    first = last;
  }
}

void ShortestPaths::expand_top_down(const PathGraph& graph, std::size_t first, std::size_t last,
                                    bool count_paths) {
  Scalar* distance = distance_.data();
  Scalar* paths = paths_.data();
  for (std::size_t p = first; p < last; ++p) {
    const Index v = order_[p];
    const Scalar next = distance[v] + 1;
    const Scalar paths_v = paths[v];
    for (Index e = graph.begin(v); e < graph.end(v); ++e) {
      const Index w = graph.target(e);
      if (distance[w] == unreached) {
        distance[w] = next;
        order_.push_back(w);
        predecessor_offsets_.push_back(predecessors_.size());
      }
      if (count_paths && distance[w] == next) {
        paths[w] += paths_v;
        successors_.push_back(static_cast<std::int32_t>(w));
      }
    }
    successor_offsets_.push_back(successors_.size());
  }
}

void ShortestPaths::expand_bottom_up(const PathGraph& graph, std::size_t first, std::size_t last,
                                     bool count_paths) {
  const Index words = graph.words();
  for (std::size_t p = first; p < last; ++p) {
    const Index v = order_[p];
    frontier_[static_cast<std::size_t>(v / 64)] |= std::uint64_t{1} << (v % 64);
  }
  const Scalar next = distance_[static_cast<std::size_t>(order_[first])] + 1;
  std::size_t kept = 0;
  for (const std::int32_t w : unreached_) {
    if (distance_[static_cast<std::size_t>(w)] != unreached) continue;  // reached top-down
    const std::uint64_t* row = graph.bit_row(w);
    Scalar paths_w = 0;
    bool found = false;
    for (Index k = 0; k < words; ++k) {
      std::uint64_t common = row[k] & frontier_[static_cast<std::size_t>(k)];
      if (common == 0) continue;
      found = true;
      if (!count_paths) break;
      do {
        const Index u = k * 64 + __builtin_ctzll(common);
        paths_w += paths_[static_cast<std::size_t>(u)];
        predecessors_.push_back(static_cast<std::int32_t>(u));
        common &= common - 1;
      } while (common != 0);
    }
    if (found) {
      distance_[static_cast<std::size_t>(w)] = next;
      paths_[static_cast<std::size_t>(w)] = paths_w;
      order_.push_back(w);
      predecessor_offsets_.push_back(predecessors_.size());
    } else {
      unreached_[kept++] = w;
    }
  }
  unreached_.resize(kept);
  for (std::size_t p = first; p < last; ++p) {
    const Index v = order_[p];
    frontier_[static_cast<std::size_t>(v / 64)] = 0;
    successor_offsets_.push_back(successors_.size());  // their edges are kept as predecessors
  }
}

void ShortestPaths::dependencies(const std::function<void(Index, Scalar)>& report) {
  for (const Index v : order_) pulled_[static_cast<std::size_t>(v)] = 0;
  for (std::size_t i = order_.size(); i-- > 1;) {
    const Index v = order_[i];
    Scalar pulled = pulled_[static_cast<std::size_t>(v)];
    for (std::size_t k = successor_offsets_[i]; k < successor_offsets_[i + 1]; ++k) {
      pulled += share_[static_cast<std::size_t>(successors_[k])];
    }
    const Scalar sigma = paths_[static_cast<std::size_t>(v)];
    const Scalar delta = sigma * pulled;
    const Scalar share = (1 + delta) / sigma;
    share_[static_cast<std::size_t>(v)] = share;
    for (std::size_t k = predecessor_offsets_[i]; k < predecessor_offsets_[i + 1]; ++k) {
      pulled_[static_cast<std::size_t>(predecessors_[k])] += share;
    }
    report(v, delta);
  }
}

void ShortestPaths::dijkstra(const PathGraph& graph, Index source, bool count_paths) {
  Scalar* distance = distance_.data();
  Scalar* paths = paths_.data();
  std::int32_t* head = last_link_.data();
  links_.clear();
  // Nodes enter order_ when settled, so it is in nondecreasing distance; every node touched is
  // settled before the heap empties, so order_ also lists what reset() must clear.
  distance[source] = 0;
  paths[source] = 1;
  heap_.clear();
  heap_push_or_decrease(source);
  while (!heap_.empty()) {
    const Index v = heap_pop();
    settled_[static_cast<std::size_t>(v)] = 1;
    order_.push_back(v);
    const Scalar dv = distance[v];
    const Scalar paths_v = paths[v];
    for (Index e = graph.begin(v); e < graph.end(v); ++e) {
      const Index w = graph.target(e);
      const Scalar candidate = dv + graph.length(e);
      // A settled w has distance <= dv < candidate, so only ties need the settled test.
      if (candidate < distance[w]) {
        distance[w] = candidate;
        heap_push_or_decrease(w);
        if (!count_paths) continue;
        paths[w] = paths_v;
        head[w] = static_cast<std::int32_t>(links_.size());  // a shorter path: forget the others
        links_.push_back({static_cast<std::int32_t>(v), -1});
      } else if (count_paths && candidate == distance[w] &&
                 settled_[static_cast<std::size_t>(w)] == 0) {
        paths[w] += paths_v;
        links_.push_back({static_cast<std::int32_t>(v), head[w]});
        head[w] = static_cast<std::int32_t>(links_.size() - 1);
      }
    }
  }
  if (!count_paths) return;
  // Lay the predecessor lists out by position, as breadth-first search leaves them.
  successor_offsets_.assign(order_.size() + 1, 0);
  predecessors_.clear();
  predecessor_offsets_.assign(1, 0);
  for (const Index w : order_) {
    for (std::int32_t link = head[w]; link >= 0;
         link = links_[static_cast<std::size_t>(link)].next) {
      predecessors_.push_back(links_[static_cast<std::size_t>(link)].node);
    }
    predecessor_offsets_.push_back(predecessors_.size());
  }
}

// ---------------------------------------------------------------- 4-ary heap

void ShortestPaths::heap_push_or_decrease(Index v) {
  Index& slot = position_[static_cast<std::size_t>(v)];
  if (slot < 0) {
    slot = static_cast<Index>(heap_.size());
    heap_.push_back(v);
  }
  heap_sift_up(static_cast<std::size_t>(slot));
}

Index ShortestPaths::heap_pop() {
  const Index top = heap_.front();
  position_[static_cast<std::size_t>(top)] = -1;
  const Index last = heap_.back();
  heap_.pop_back();
  if (!heap_.empty()) {
    heap_.front() = last;
    position_[static_cast<std::size_t>(last)] = 0;
    heap_sift_down(0);
  }
  return top;
}

void ShortestPaths::heap_sift_up(std::size_t slot) {
  const Index v = heap_[slot];
  const Scalar key = distance_[static_cast<std::size_t>(v)];
  while (slot > 0) {
    const std::size_t parent = (slot - 1) / 4;
    const Index p = heap_[parent];
    if (distance_[static_cast<std::size_t>(p)] <= key) break;
    heap_[slot] = p;
    position_[static_cast<std::size_t>(p)] = static_cast<Index>(slot);
    slot = parent;
  }
  heap_[slot] = v;
  position_[static_cast<std::size_t>(v)] = static_cast<Index>(slot);
}

void ShortestPaths::heap_sift_down(std::size_t slot) {
  const Index v = heap_[slot];
  const Scalar key = distance_[static_cast<std::size_t>(v)];
  const std::size_t size = heap_.size();
  while (true) {
    const std::size_t first = 4 * slot + 1;
    if (first >= size) break;
    std::size_t best = first;
    const std::size_t end = first + 4 < size ? first + 4 : size;
    for (std::size_t child = first + 1; child < end; ++child) {
      if (distance_[static_cast<std::size_t>(heap_[child])] <
          distance_[static_cast<std::size_t>(heap_[best])]) {
        best = child;
      }
    }
    if (distance_[static_cast<std::size_t>(heap_[best])] >= key) break;
    heap_[slot] = heap_[best];
    position_[static_cast<std::size_t>(heap_[slot])] = static_cast<Index>(slot);
    slot = best;
  }
  heap_[slot] = v;
  position_[static_cast<std::size_t>(v)] = static_cast<Index>(slot);
}

}  // namespace cosignet
