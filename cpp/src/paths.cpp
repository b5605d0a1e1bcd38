#include "cosignet/paths.hpp"

#include <cmath>
#include <string>

#include "cosignet/errors.hpp"

namespace cosignet {

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

ShortestPaths::ShortestPaths(Index n)
    : distance_(static_cast<std::size_t>(n), unreached),
      paths_(static_cast<std::size_t>(n), 0.0),
      position_(static_cast<std::size_t>(n), -1),
      settled_(static_cast<std::size_t>(n), 0) {
  order_.reserve(static_cast<std::size_t>(n));
}

void ShortestPaths::reset() {
  for (const Index v : order_) {
    distance_[static_cast<std::size_t>(v)] = unreached;
    paths_[static_cast<std::size_t>(v)] = 0.0;
    settled_[static_cast<std::size_t>(v)] = 0;
  }
  order_.clear();
}

void ShortestPaths::run(const CsrView& graph, PathLengths lengths, Index source,
                        bool count_paths) {
  require(source >= 0 && source < static_cast<Index>(distance_.size()),
          "source node out of range");
  reset();
  if (lengths == PathLengths::Hops) {
    breadth_first(graph, source, count_paths);
  } else {
    dijkstra(graph, source, count_paths);
  }
}

void ShortestPaths::breadth_first(const CsrView& graph, Index source, bool count_paths) {
  const Index* indptr = graph.outerIndexPtr();
  const Index* indices = graph.innerIndexPtr();
  Scalar* distance = distance_.data();
  Scalar* paths = paths_.data();
  distance[source] = 0;
  paths[source] = 1;
  order_.push_back(source);
  for (std::size_t head = 0; head < order_.size(); ++head) {
    const Index v = order_[head];
    const Scalar next = distance[v] + 1;
    const Scalar paths_v = paths[v];
    for (Index e = indptr[v]; e < indptr[v + 1]; ++e) {
      const Index w = indices[e];
      if (distance[w] == unreached) {
        distance[w] = next;
        order_.push_back(w);
      }
      if (count_paths && distance[w] == next) paths[w] += paths_v;
    }
  }
}

void ShortestPaths::dijkstra(const CsrView& graph, Index source, bool count_paths) {
  const Index* indptr = graph.outerIndexPtr();
  const Index* indices = graph.innerIndexPtr();
  const Scalar* values = graph.valuePtr();
  Scalar* distance = distance_.data();
  Scalar* paths = paths_.data();
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
    for (Index e = indptr[v]; e < indptr[v + 1]; ++e) {
      const Index w = indices[e];
      if (settled_[static_cast<std::size_t>(w)] != 0) continue;
      const Scalar candidate = dv + values[e];
      if (candidate < distance[w]) {
        distance[w] = candidate;
        if (count_paths) paths[w] = paths_v;
        heap_push_or_decrease(w);
      } else if (count_paths && candidate == distance[w]) {
        paths[w] += paths_v;
      }
    }
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
