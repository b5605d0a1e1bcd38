#include "cosignet/community.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "cosignet/errors.hpp"
#include "cosignet/parallel.hpp"
#include "cosignet/paths.hpp"
#include "cosignet/random.hpp"

namespace cosignet {
namespace {

// Moves must raise H by more than this share of the node's strength: a guard against moving
// back and forth on rounding noise.
constexpr Scalar move_tolerance = 1e-12;
// Communities per aggregation task.
constexpr Index communities_per_block = 4096;

// The graph at one level of aggregation: off-diagonal entries in CSR, the diagonal apart.
struct LevelGraph {
  Index n = 0;
  std::vector<Index> offsets{0};
  std::vector<Index> targets;
  std::vector<Scalar> weights;
  std::vector<Scalar> self;      // diagonal entry: W of the node on its own
  std::vector<Scalar> strength;  // sum of the node's off-diagonal entries
  std::vector<Scalar> a;
  std::vector<Scalar> b;
};

// Sorts each row by target and throws InvalidInput unless every entry (v, w, x) has its
// mirror (w, v, x): on a matrix that is not symmetric H need not rise with each move, and
// local moving might never stop.
void sort_rows_and_check_symmetric(LevelGraph& g) {
  parallel_for((g.n + 4095) / 4096, [&](Index block, int) {
    std::vector<std::pair<Index, Scalar>> row;
    const Index end = std::min(g.n, (block + 1) * 4096);
    for (Index v = block * 4096; v < end; ++v) {
      const auto first = g.targets.begin() + g.offsets[v];
      const auto last = g.targets.begin() + g.offsets[v + 1];
      if (std::is_sorted(first, last)) continue;
      row.clear();
      for (Index e = g.offsets[v]; e < g.offsets[v + 1]; ++e) {
        row.emplace_back(g.targets[e], g.weights[e]);
      }
      std::sort(row.begin(), row.end());
      for (std::size_t i = 0; i < row.size(); ++i) {
        g.targets[g.offsets[v] + i] = row[i].first;
        g.weights[g.offsets[v] + i] = row[i].second;
      }
    }
  });
  // With sorted rows, the mirrors of row v's upper entries (v, w), w > v, come in increasing v
  // in each row w: one cursor per row checks them all in a single pass.
  std::vector<Index> cursor(g.offsets.begin(), g.offsets.end() - 1);
  auto not_symmetric = [](Index v, Index w) {
    return "the adjacency matrix is not symmetric: entry (" + std::to_string(v) + ", " +
           std::to_string(w) + ") has no equal entry (" + std::to_string(w) + ", " +
           std::to_string(v) + ")";
  };
  for (Index v = 0; v < g.n; ++v) {
    for (Index e = g.offsets[v]; e < g.offsets[v + 1]; ++e) {
      const Index w = g.targets[e];
      if (w < v) continue;  // checked from row w
      Index& mirror = cursor[w];
      const bool found =
          mirror < g.offsets[w + 1] && g.targets[mirror] == v && g.weights[mirror] == g.weights[e];
      require(found, [&] { return not_symmetric(v, w); });
      ++mirror;
    }
  }
  for (Index w = 0; w < g.n; ++w) {  // every entry (w, v), v < w, must have been a mirror
    const Index next = cursor[w];
    require(next == g.offsets[w + 1] || g.targets[next] > w,
            [&] { return not_symmetric(w, g.targets[next]); });
  }
}

// Throws InvalidInput unless @p graph is square with positive finite weights and @p model has
// a nonnegative finite resolution and node weights.
void check_inputs(const CsrView& graph, const NullModel& model) {
  require(graph.rows() == graph.cols(), [&] {
    return "the adjacency matrix must be square, got " + std::to_string(graph.rows()) + " x " +
           std::to_string(graph.cols());
  });
  validate_positive(graph, "weight");
  require(std::isfinite(model.resolution) && model.resolution >= 0, [&] {
    return "resolution must be nonnegative and finite, got " + std::to_string(model.resolution);
  });
  for (Index v = 0; v < graph.rows(); ++v) {
    const Scalar a = model.a[v];
    const Scalar b = model.b[v];
    require(std::isfinite(a) && a >= 0 && std::isfinite(b) && b >= 0, [&] {
      return "node weights must be nonnegative and finite; node " + std::to_string(v) +
             " has a = " + std::to_string(a) + ", b = " + std::to_string(b);
    });
  }
}

LevelGraph level_graph(const CsrView& graph, const NullModel& model) {
  check_inputs(graph, model);
  LevelGraph g;
  g.n = graph.rows();
  const Index* indptr = graph.outerIndexPtr();
  const Index* indices = graph.innerIndexPtr();
  const Scalar* values = graph.valuePtr();
  const auto n = static_cast<std::size_t>(g.n);
  g.self.assign(n, 0.0);
  g.strength.assign(n, 0.0);
  g.a.assign(model.a, model.a + g.n);
  g.b.assign(model.b, model.b + g.n);
  g.targets.reserve(static_cast<std::size_t>(indptr[g.n]));
  g.weights.reserve(static_cast<std::size_t>(indptr[g.n]));
  for (Index v = 0; v < g.n; ++v) {
    for (Index e = indptr[v]; e < indptr[v + 1]; ++e) {
      if (indices[e] == v) {
        g.self[v] += values[e];
      } else {
        g.targets.push_back(indices[e]);
        g.weights.push_back(values[e]);
        g.strength[v] += values[e];
      }
    }
    g.offsets.push_back(static_cast<Index>(g.targets.size()));
  }
  sort_rows_and_check_symmetric(g);
  return g;
}

// Weights from one node to the communities around it, reusable across nodes.
class Neighbourhood {
 public:
  explicit Neighbourhood(Index n)
      : weight_(static_cast<std::size_t>(n), 0.0), seen_(static_cast<std::size_t>(n), 0) {}
  void add(Index c, Scalar w) {
    if (seen_[static_cast<std::size_t>(c)] == 0) {
      seen_[static_cast<std::size_t>(c)] = 1;
      touched_.push_back(c);
    }
    weight_[static_cast<std::size_t>(c)] += w;
  }
  Scalar weight(Index c) const { return weight_[static_cast<std::size_t>(c)]; }
  const std::vector<Index>& touched() const { return touched_; }
  void clear() {
    for (const Index c : touched_) {
      weight_[static_cast<std::size_t>(c)] = 0;
      seen_[static_cast<std::size_t>(c)] = 0;
    }
    touched_.clear();
  }

 private:
  std::vector<Scalar> weight_;
  std::vector<char> seen_;
  std::vector<Index> touched_;
};

// A partition of a level graph's nodes, with each community's totals.
struct Partition {
  std::vector<Index> community;
  std::vector<Scalar> a_total;
  std::vector<Scalar> b_total;
  std::vector<Index> size;
  std::vector<Index> empty;  // ids with no nodes, to move a node into a community of its own

  // @p labels in 0 .. n - 1 (one per node).
  Partition(const LevelGraph& g, std::vector<Index> labels)
      : community(std::move(labels)),
        a_total(static_cast<std::size_t>(g.n), 0.0),
        b_total(static_cast<std::size_t>(g.n), 0.0),
        size(static_cast<std::size_t>(g.n), 0) {
    for (Index v = 0; v < g.n; ++v) {
      const auto c = static_cast<std::size_t>(community[static_cast<std::size_t>(v)]);
      a_total[c] += g.a[static_cast<std::size_t>(v)];
      b_total[c] += g.b[static_cast<std::size_t>(v)];
      ++size[c];
    }
    for (Index c = g.n; c-- > 0;) {
      if (size[static_cast<std::size_t>(c)] == 0) empty.push_back(c);
    }
  }
};

std::vector<Index> identity(Index n) {
  std::vector<Index> result(static_cast<std::size_t>(n));
  std::iota(result.begin(), result.end(), Index{0});
  return result;
}

std::vector<Index> shuffled_nodes(Index n, Random& rng) {
  std::vector<Index> order = identity(n);
  rng.shuffle(order);
  return order;
}

// Renumbers @p labels 0 .. k - 1 in order of first appearance; returns k.
Index renumber(std::vector<Index>& labels) {
  std::vector<Index> code(labels.size(), -1);
  Index k = 0;
  for (Index& label : labels) {
    Index& c = code[static_cast<std::size_t>(label)];
    if (c < 0) c = k++;
    label = c;
  }
  return k;
}

// Local moving with a queue (Traag et al.'s fast local move): every node once in random order,
// then only the neighbours of nodes that moved, until no move raises H. Returns whether any
// node moved.
bool move_nodes(const LevelGraph& g, Partition& p, Scalar resolution, Random& rng) {
  const Index n = g.n;
  std::vector<Index> queue = shuffled_nodes(n, rng);
  std::vector<char> queued(static_cast<std::size_t>(n), 1);
  std::size_t head = 0;
  Index pending = n;
  Neighbourhood around(n);
  bool moved = false;
  Index visits = 0;
  while (pending > 0) {
    if (++visits % 1024 == 0) check_interrupt();
    const Index v = queue[head];
    head = (head + 1) % queue.size();
    --pending;
    queued[static_cast<std::size_t>(v)] = 0;
    const auto vi = static_cast<std::size_t>(v);
    const Index own = p.community[vi];
    for (Index e = g.offsets[vi]; e < g.offsets[vi + 1]; ++e) {
      around.add(p.community[static_cast<std::size_t>(g.targets[e])], g.weights[e]);
    }
    const Scalar a = g.a[vi];
    const Scalar b = g.b[vi];
    p.a_total[own] -= a;
    p.b_total[own] -= b;
    --p.size[own];
    auto gain = [&](Index c) {
      return 2 * around.weight(c) - resolution * (a * p.b_total[c] + b * p.a_total[c]);
    };
    Index best = own;
    Scalar best_gain = gain(own);
    const Scalar tolerance = move_tolerance * g.strength[vi];
    for (const Index c : around.touched()) {
      const Scalar candidate = gain(c);
      if (c != own && candidate > best_gain + tolerance) {
        best = c;
        best_gain = candidate;
      }
    }
    if (best_gain < -tolerance && p.size[own] > 0) {  // better alone than anywhere
      best = p.empty.back();
      p.empty.pop_back();
    }
    p.a_total[best] += a;
    p.b_total[best] += b;
    ++p.size[best];
    p.community[vi] = best;
    if (best != own) {
      moved = true;
      if (p.size[own] == 0) {
        p.a_total[own] = p.b_total[own] = 0;
        p.empty.push_back(own);
      }
      for (Index e = g.offsets[vi]; e < g.offsets[vi + 1]; ++e) {
        const Index w = g.targets[e];
        if (queued[static_cast<std::size_t>(w)] == 0 && p.community[w] != best) {
          queued[static_cast<std::size_t>(w)] = 1;
          queue[(head + static_cast<std::size_t>(pending)) % queue.size()] = w;
          ++pending;
        }
      }
    }
    around.clear();
  }
  return moved;
}

// The graph whose nodes are the k communities of @p community (labels 0 .. k - 1): entries
// between communities summed, those inside one on its diagonal. Rows are built in parallel
// blocks and stitched in order.
LevelGraph aggregate(const LevelGraph& g, const std::vector<Index>& community, Index k) {
  std::vector<Index> start(static_cast<std::size_t>(k + 1), 0);
  for (const Index c : community) ++start[static_cast<std::size_t>(c + 1)];
  for (Index c = 0; c < k; ++c) start[c + 1] += start[c];
  std::vector<Index> members(static_cast<std::size_t>(g.n));
  {
    std::vector<Index> next(start.begin(), start.end() - 1);
    for (Index v = 0; v < g.n; ++v) members[next[community[v]]++] = v;
  }
  LevelGraph h;
  h.n = k;
  h.self.assign(static_cast<std::size_t>(k), 0.0);
  h.strength.assign(static_cast<std::size_t>(k), 0.0);
  h.a.assign(static_cast<std::size_t>(k), 0.0);
  h.b.assign(static_cast<std::size_t>(k), 0.0);
  struct Block {
    std::vector<Index> row_sizes;
    std::vector<Index> targets;
    std::vector<Scalar> weights;
  };
  const Index n_blocks = (k + communities_per_block - 1) / communities_per_block;
  std::vector<Block> blocks(static_cast<std::size_t>(n_blocks));
  const int workers = parallel_workers(n_blocks);
  std::vector<std::unique_ptr<Neighbourhood>> scratch(static_cast<std::size_t>(workers));
  parallel_for(n_blocks, workers, [&](Index block, int worker) {
    auto& around = scratch[static_cast<std::size_t>(worker)];
    if (!around) around = std::make_unique<Neighbourhood>(k);
    Block& out = blocks[static_cast<std::size_t>(block)];
    const Index last = std::min(k, (block + 1) * communities_per_block);
    for (Index c = block * communities_per_block; c < last; ++c) {
      Scalar self = 0;
      for (Index m = start[c]; m < start[c + 1]; ++m) {
        const Index v = members[m];
        h.a[c] += g.a[v];
        h.b[c] += g.b[v];
        self += g.self[v];
        for (Index e = g.offsets[v]; e < g.offsets[v + 1]; ++e) {
          const Index d = community[g.targets[e]];
          if (d == c) {
            self += g.weights[e];
          } else {
            around->add(d, g.weights[e]);
          }
        }
      }
      h.self[c] = self;
      out.row_sizes.push_back(static_cast<Index>(around->touched().size()));
      for (const Index d : around->touched()) {
        out.targets.push_back(d);
        out.weights.push_back(around->weight(d));
        h.strength[c] += around->weight(d);
      }
      around->clear();
    }
  });
  for (Block& block : blocks) {
    for (const Index size : block.row_sizes) h.offsets.push_back(h.offsets.back() + size);
    h.targets.insert(h.targets.end(), block.targets.begin(), block.targets.end());
    h.weights.insert(h.weights.end(), block.weights.begin(), block.weights.end());
    block = Block();
  }
  return h;
}

// Leiden's refinement: within each community of @p community, merge singletons into
// well-connected parts, choosing among the parts that do not lower H at random (weights
// exp(gain / randomness)) or, with randomness 0, the best. Returns the parts, 0 .. r - 1.
std::vector<Index> refine(const LevelGraph& g, const std::vector<Index>& community, Index k,
                          Scalar resolution, Scalar randomness, Random& rng) {
  const Index n = g.n;
  std::vector<Scalar> a_whole(static_cast<std::size_t>(k), 0.0);
  std::vector<Scalar> b_whole(static_cast<std::size_t>(k), 0.0);
  for (Index v = 0; v < n; ++v) {
    a_whole[community[v]] += g.a[v];
    b_whole[community[v]] += g.b[v];
  }
  std::vector<Index> part = identity(n);
  std::vector<Scalar> a_part(g.a);
  std::vector<Scalar> b_part(g.b);
  std::vector<Index> size(static_cast<std::size_t>(n), 1);
  std::vector<Scalar> external(static_cast<std::size_t>(n), 0.0);  // to the rest of its community
  for (Index v = 0; v < n; ++v) {
    for (Index e = g.offsets[v]; e < g.offsets[v + 1]; ++e) {
      if (community[g.targets[e]] == community[v]) external[v] += g.weights[e];
    }
  }
  // A part X of community S is well connected when its ties to S - X reach the null model's
  // expectation of them (in the units of edges counted once).
  auto well_connected = [&](Index x, Index s) {
    const Scalar expected =
        resolution * (a_part[x] * (b_whole[s] - b_part[x]) + b_part[x] * (a_whole[s] - a_part[x])) /
        2;
    return external[x] >= expected;
  };
  Neighbourhood around(n);
  std::vector<Index> candidates;
  std::vector<Scalar> gains;
  for (const Index v : shuffled_nodes(n, rng)) {
    const Index s = community[v];
    if (size[part[v]] != 1 || !well_connected(v, s)) continue;
    for (Index e = g.offsets[v]; e < g.offsets[v + 1]; ++e) {
      const Index w = g.targets[e];
      if (community[w] == s) around.add(part[w], g.weights[e]);
    }
    candidates.assign(1, v);  // staying alone gains nothing
    gains.assign(1, 0.0);
    Scalar best = 0;
    for (const Index x : around.touched()) {
      if (x == part[v] || !well_connected(x, s)) continue;
      const Scalar gain =
          around.weight(x) - resolution * (g.a[v] * b_part[x] + g.b[v] * a_part[x]) / 2;
      if (gain < 0) continue;
      candidates.push_back(x);
      gains.push_back(gain);
      best = std::max(best, gain);
    }
    Index chosen = v;
    if (randomness <= 0) {
      for (std::size_t i = 0; i < candidates.size(); ++i) {
        if (gains[i] == best) {
          chosen = candidates[i];
          break;
        }
      }
    } else {
      Scalar total = 0;
      for (Scalar& gain : gains) total += (gain = std::exp((gain - best) / randomness));
      Scalar pick = rng.uniform() * total;
      chosen = candidates.back();
      for (std::size_t i = 0; i < candidates.size(); ++i) {
        pick -= gains[i];
        if (pick < 0) {
          chosen = candidates[i];
          break;
        }
      }
    }
    if (chosen != v) {
      external[chosen] += external[v] - 2 * around.weight(chosen);
      a_part[chosen] += g.a[v];
      b_part[chosen] += g.b[v];
      ++size[chosen];
      --size[v];
      part[v] = chosen;
    }
    around.clear();
  }
  renumber(part);
  return part;
}

Buffer<Index> to_buffer(const std::vector<Index>& labels) {
  Buffer<Index> result(static_cast<Index>(labels.size()));
  std::copy(labels.begin(), labels.end(), result.begin());
  return result;
}

// One pass after another (local moving, refinement when @p refine_parts, aggregation, down to
// one node per community), each from the partition the last one found, until a pass changes
// nothing or max_iterations have run.
std::vector<Index> optimise(const LevelGraph& base, const NullModel& model,
                            const CommunityOptions& options, bool refine_parts) {
  std::vector<Index> labels = identity(base.n);
  Random rng(options.seed);
  for (Index iteration = 0; options.max_iterations < 0 || iteration < options.max_iterations;
       ++iteration) {
    std::vector<Index> membership = identity(base.n);
    LevelGraph aggregated;
    const LevelGraph* g = &base;
    Partition p(*g, labels);
    while (true) {
      move_nodes(*g, p, model.resolution, rng);
      const Index k = renumber(p.community);
      if (k == g->n) break;  // one node per community: nothing left to aggregate
      std::vector<Index> parts = p.community;
      Index n_parts = k;
      if (refine_parts) {
        std::vector<Index> refined =
            refine(*g, p.community, k, model.resolution, options.randomness, rng);
        const Index n_refined = *std::max_element(refined.begin(), refined.end()) + 1;
        if (n_refined < g->n) {  // else nothing merged: aggregate the communities themselves
          parts = std::move(refined);
          n_parts = n_refined;
        }
      }
      std::vector<Index> initial(static_cast<std::size_t>(n_parts));
      for (Index v = 0; v < g->n; ++v) initial[parts[v]] = p.community[v];
      for (Index& m : membership) m = parts[m];
      aggregated = aggregate(*g, parts, n_parts);
      g = &aggregated;
      p = Partition(*g, std::move(initial));
    }
    std::vector<Index> next(static_cast<std::size_t>(base.n));
    for (Index v = 0; v < base.n; ++v) next[v] = p.community[membership[v]];
    renumber(next);
    const bool stable = next == labels;
    labels = std::move(next);
    if (stable) break;
  }
  return labels;
}

}  // namespace

Buffer<Index> louvain(const CsrView& graph, const NullModel& model,
                      const CommunityOptions& options) {
  return to_buffer(optimise(level_graph(graph, model), model, options, false));
}

Buffer<Index> leiden(const CsrView& graph, const NullModel& model,
                     const CommunityOptions& options) {
  require(std::isfinite(options.randomness) && options.randomness >= 0, [&] {
    return "randomness must be nonnegative and finite, got " + std::to_string(options.randomness);
  });
  return to_buffer(optimise(level_graph(graph, model), model, options, true));
}

Scalar partition_quality(const CsrView& graph, const NullModel& model, const Index* labels) {
  check_inputs(graph, model);
  const Index n = graph.rows();
  const Index* indptr = graph.outerIndexPtr();
  const Index* indices = graph.innerIndexPtr();
  const Scalar* values = graph.valuePtr();
  Index k = 0;
  for (Index v = 0; v < n; ++v) {
    require(labels[v] >= 0 && labels[v] < n, [&] {
      return "labels must be codes 0 .. n - 1; node " + std::to_string(v) + " has " +
             std::to_string(labels[v]);
    });
    k = std::max(k, labels[v] + 1);
  }
  std::vector<Scalar> inside(static_cast<std::size_t>(k), 0.0);
  std::vector<Scalar> a_total(static_cast<std::size_t>(k), 0.0);
  std::vector<Scalar> b_total(static_cast<std::size_t>(k), 0.0);
  for (Index v = 0; v < n; ++v) {
    const Index c = labels[v];
    a_total[c] += model.a[v];
    b_total[c] += model.b[v];
    for (Index e = indptr[v]; e < indptr[v + 1]; ++e) {
      if (labels[indices[e]] == c) inside[c] += values[e];
    }
  }
  Scalar quality = 0;
  for (Index c = 0; c < k; ++c) quality += inside[c] - model.resolution * a_total[c] * b_total[c];
  return quality;
}

}  // namespace cosignet
