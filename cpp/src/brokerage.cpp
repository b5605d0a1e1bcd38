#include "cosignet/brokerage.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "cosignet/errors.hpp"
#include "cosignet/parallel.hpp"
#include "cosignet/paths.hpp"

namespace cosignet {
namespace {

// Marks the neighbours of the current ego: stamp[u] == ego when u is one of them.
struct EgoMarks {
  explicit EgoMarks(Index n) : stamp(static_cast<std::size_t>(n), -1) {}
  std::vector<Index> stamp;
  bool is_neighbour(Index u, Index ego) const { return stamp[static_cast<std::size_t>(u)] == ego; }
};

struct HolesWorkspace {
  explicit HolesWorkspace(Index n)
      : marks(n),
        share(static_cast<std::size_t>(n)),
        indirect(static_cast<std::size_t>(n)),
        redundancy(static_cast<std::size_t>(n)) {}
  EgoMarks marks;
  std::vector<Scalar> share;       // p_ego,j
  std::vector<Scalar> indirect;    // sum_q p_ego,q p_q,j
  std::vector<Scalar> redundancy;  // sum_q p_ego,q m_j,q
};

Index pairs(Index k) {
  return k * (k - 1) / 2;
}

void check_square(const CsrView& graph) {
  require(graph.rows() == graph.cols(), "the adjacency matrix must be square");
}

}  // namespace

StructuralHoles structural_holes(const CsrView& graph) {
  check_square(graph);
  validate_positive(graph, "weight");
  const Index n = graph.rows();
  const Index* indptr = graph.outerIndexPtr();
  const Index* indices = graph.innerIndexPtr();
  const Scalar* values = graph.valuePtr();
  std::vector<Scalar> strength(static_cast<std::size_t>(n), 0.0);
  std::vector<Scalar> strongest(static_cast<std::size_t>(n), 0.0);
  for (Index v = 0; v < n; ++v) {
    for (Index e = indptr[v]; e < indptr[v + 1]; ++e) {
      strength[static_cast<std::size_t>(v)] += values[e];
      strongest[static_cast<std::size_t>(v)] =
          std::max(strongest[static_cast<std::size_t>(v)], values[e]);
    }
  }
  StructuralHoles result{Buffer<Scalar>(n), Buffer<Scalar>(n)};
  const int workers = parallel_workers(n);
  std::vector<std::unique_ptr<HolesWorkspace>> workspaces(static_cast<std::size_t>(workers));
  parallel_for(n, workers, [&](Index ego, int worker) {
    if (indptr[ego] == indptr[ego + 1]) {
      result.constraint[ego] = result.effective_size[ego] =
          std::numeric_limits<Scalar>::quiet_NaN();
      return;
    }
    auto& ws = workspaces[static_cast<std::size_t>(worker)];
    if (!ws) ws = std::make_unique<HolesWorkspace>(n);
    const Scalar ego_strength = strength[static_cast<std::size_t>(ego)];
    for (Index e = indptr[ego]; e < indptr[ego + 1]; ++e) {
      const auto j = static_cast<std::size_t>(indices[e]);
      ws->marks.stamp[j] = ego;
      ws->share[j] = values[e] / ego_strength;
      ws->indirect[j] = 0;
      ws->redundancy[j] = 0;
    }
    for (Index e = indptr[ego]; e < indptr[ego + 1]; ++e) {
      const Index q = indices[e];
      const Scalar share_q = ws->share[static_cast<std::size_t>(q)];
      const Scalar strength_q = strength[static_cast<std::size_t>(q)];
      for (Index f = indptr[q]; f < indptr[q + 1]; ++f) {
        const Index j = indices[f];
        if (!ws->marks.is_neighbour(j, ego)) continue;
        ws->indirect[static_cast<std::size_t>(j)] += share_q * (values[f] / strength_q);
        ws->redundancy[static_cast<std::size_t>(j)] +=
            share_q * (values[f] / strongest[static_cast<std::size_t>(j)]);
      }
    }
    Scalar constraint = 0;
    Scalar effective_size = 0;
    for (Index e = indptr[ego]; e < indptr[ego + 1]; ++e) {
      const auto j = static_cast<std::size_t>(indices[e]);
      const Scalar local = ws->share[j] + ws->indirect[j];
      constraint += local * local;
      effective_size += 1 - ws->redundancy[j];
    }
    result.constraint[ego] = constraint;
    result.effective_size[ego] = effective_size;
  });
  return result;
}

Buffer<Index> brokerage(const CsrView& graph, const Index* groups) {
  check_square(graph);
  const Index n = graph.rows();
  const Index* indptr = graph.outerIndexPtr();
  const Index* indices = graph.innerIndexPtr();
  Index n_groups = 0;
  for (Index v = 0; v < n; ++v) {
    require(groups[v] >= 0, [&] {
      return "node " + std::to_string(v) + " has group code " + std::to_string(groups[v]) +
             "; codes must be >= 0";
    });
    n_groups = std::max(n_groups, groups[v] + 1);
  }
  Buffer<Index> counts(n * n_brokerage_roles);
  struct Workspace {
    Workspace(Index n, Index n_groups) : marks(n), in_group(static_cast<std::size_t>(n_groups)) {}
    EgoMarks marks;
    std::vector<Index> in_group;  // neighbours of the ego per group
  };
  const int workers = parallel_workers(n);
  std::vector<std::unique_ptr<Workspace>> workspaces(static_cast<std::size_t>(workers));
  parallel_for(n, workers, [&](Index ego, int worker) {
    auto& ws = workspaces[static_cast<std::size_t>(worker)];
    if (!ws) ws = std::make_unique<Workspace>(n, n_groups);
    const Index own = groups[ego];
    const Index degree = indptr[ego + 1] - indptr[ego];
    for (Index e = indptr[ego]; e < indptr[ego + 1]; ++e) {
      ws->marks.stamp[static_cast<std::size_t>(indices[e])] = ego;
      ++ws->in_group[static_cast<std::size_t>(groups[indices[e]])];
    }
    // Every unordered pair of neighbours, by role ...
    const Index same = ws->in_group[static_cast<std::size_t>(own)];
    const Index other = degree - same;
    Index same_other_group = 0;
    for (Index e = indptr[ego]; e < indptr[ego + 1]; ++e) {
      Index& k = ws->in_group[static_cast<std::size_t>(groups[indices[e]])];
      if (groups[indices[e]] != own) same_other_group += pairs(k);
      k = 0;  // count each group once, and leave the workspace clean
    }
    Index role[n_brokerage_roles] = {pairs(same), same_other_group, same * other,
                                     pairs(other) - same_other_group};
    // ... less the pairs that are neighbours of each other (closed two-paths).
    for (Index e = indptr[ego]; e < indptr[ego + 1]; ++e) {
      const Index a = indices[e];
      for (Index f = indptr[a]; f < indptr[a + 1]; ++f) {
        const Index c = indices[f];
        if (c <= a || !ws->marks.is_neighbour(c, ego)) continue;
        const Index ga = groups[a];
        const Index gc = groups[c];
        if (ga == own && gc == own) {
          --role[coordinator];
        } else if (ga == gc) {
          --role[itinerant];
        } else if (ga == own || gc == own) {
          --role[representative_gatekeeper];
        } else {
          --role[liaison];
        }
      }
    }
    std::copy(role, role + n_brokerage_roles, counts.begin() + ego * n_brokerage_roles);
  });
  return counts;
}

}  // namespace cosignet
