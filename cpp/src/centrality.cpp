#include "cosignet/centrality.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "cosignet/errors.hpp"
#include "cosignet/linalg.hpp"
#include "cosignet/parallel.hpp"

namespace cosignet {
namespace {

// Partial betweenness sums are kept per block of sources so that they can be added in a fixed
// order (the same result for every thread count); this bounds their memory to 256 MB.
constexpr Index max_partial_entries = Index{1} << 25;
constexpr Index max_source_blocks = 64;
// Katz refuses alpha * lambda_max above 1 - katz_margin (the eigenvalue is only that precise).
constexpr Scalar katz_margin = 1e-9;

// Adds the dependencies of every node on @p source to @p sums (Brandes' accumulation).
void accumulate_dependencies(const PathGraph& graph, Index source, bool endpoints,
                             ShortestPaths& sp, Scalar* sums) {
  sp.run(graph, source, true);
  if (endpoints) sums[source] += static_cast<Scalar>(sp.order().size() - 1);
  const Scalar on_path = endpoints ? 1.0 : 0.0;
  sp.dependencies([&](Index v, Scalar delta) { sums[v] += delta + on_path; });
}

void check_sources(const Index* sources, Index n_sources, Index n) {
  for (Index i = 0; i < n_sources; ++i) {
    require(sources[i] >= 0 && sources[i] < n, [&] {
      return "source " + std::to_string(sources[i]) + " is not a node (0 .. " +
             std::to_string(n - 1) + ")";
    });
  }
}

Buffer<Scalar> zeros(Index n) {
  Buffer<Scalar> result(n);
  std::fill(result.begin(), result.end(), 0.0);
  return result;
}

Buffer<Scalar> to_buffer(const Vector& v) {
  Buffer<Scalar> result(v.size());
  std::copy(v.data(), v.data() + v.size(), result.begin());
  return result;
}

void check_weights(const CsrView& graph) {
  require(graph.rows() == graph.cols(), "the adjacency matrix must be square");
  validate_positive(graph, "weight");
}

}  // namespace

Buffer<Scalar> betweenness(const CsrView& graph, PathLengths lengths, const Index* sources,
                           Index n_sources, bool endpoints) {
  const PathGraph paths(graph, lengths);
  const Index n = paths.size();
  check_sources(sources, n_sources, n);
  Buffer<Scalar> total = zeros(n);
  if (n_sources == 0) return total;

  const Index n_blocks =
      std::min({n_sources, max_source_blocks,
                std::max<Index>(1, max_partial_entries / std::max<Index>(n, 1))});
  std::vector<std::vector<Scalar>> partial(static_cast<std::size_t>(n_blocks));
  const int workers = parallel_workers(n_blocks);
  std::vector<std::unique_ptr<ShortestPaths>> workspaces(static_cast<std::size_t>(workers));
  parallel_for(n_blocks, workers, [&](Index block, int worker) {
    auto& ws = workspaces[static_cast<std::size_t>(worker)];
    if (!ws) ws = std::make_unique<ShortestPaths>(n);
    std::vector<Scalar>& sums = partial[static_cast<std::size_t>(block)];
    sums.assign(static_cast<std::size_t>(n), 0.0);
    const Index first = n_sources * block / n_blocks;
    const Index end = n_sources * (block + 1) / n_blocks;
    for (Index i = first; i < end; ++i) {
      check_interrupt();
      accumulate_dependencies(paths, sources[i], endpoints, *ws, sums.data());
    }
  });
  for (std::vector<Scalar>& sums : partial) {
    for (Index v = 0; v < n; ++v) total[v] += sums[static_cast<std::size_t>(v)];
    std::vector<Scalar>().swap(sums);
  }
  return total;
}

PathSums path_sums(const CsrView& graph, PathLengths lengths) {
  const PathGraph paths(graph, lengths);
  const Index n = paths.size();
  PathSums result{Buffer<Index>(n), zeros(n), zeros(n)};
  const int workers = parallel_workers(n);
  std::vector<std::unique_ptr<ShortestPaths>> workspaces(static_cast<std::size_t>(workers));
  parallel_for(n, workers, [&](Index source, int worker) {
    auto& sp = workspaces[static_cast<std::size_t>(worker)];
    if (!sp) sp = std::make_unique<ShortestPaths>(n);
    sp->run(paths, source, false);
    Scalar distance_sum = 0;
    Scalar inverse_sum = 0;
    for (const Index v : sp->order()) {
      const Scalar d = sp->distance(v);
      distance_sum += d;
      if (d > 0) inverse_sum += 1 / d;
    }
    result.reached[source] = static_cast<Index>(sp->order().size());
    result.distance_sum[source] = distance_sum;
    result.inverse_distance_sum[source] = inverse_sum;
  });
  return result;
}

EigenvectorResult eigenvector_centrality(const CsrView& graph, const SpectralOptions& options) {
  check_weights(graph);
  const Index n = graph.rows();
  EigenvectorResult result;
  if (n == 0) return result;
  const RowBlocks blocks(graph);
  const LinearOperator adjacency = [&](Eigen::Ref<const Vector> x, Vector& y) {
    multiply(graph, blocks, x, y);
  };
  Eigenpair pair = leading_eigenpair(adjacency, Vector::Ones(n), options.tol, options.max_iter);
  Vector& x = pair.vector;
  if (x.sum() < 0) x = -x;
  x = x.cwiseMax(0.0);  // what is left below zero is rounding: the Perron vector is nonnegative
  x /= x.norm();
  result.centrality = to_buffer(x);
  result.eigenvalue = pair.value;
  result.iterations = pair.iterations;
  return result;
}

Buffer<Scalar> pagerank(const CsrView& graph, Scalar alpha, const Scalar* personalization,
                        const Scalar* dangling, const SpectralOptions& options) {
  check_weights(graph);
  require(alpha >= 0 && alpha < 1,
          [&] { return "alpha must be in [0, 1), got " + std::to_string(alpha); });
  const Index n = graph.rows();
  if (n == 0) return Buffer<Scalar>(0);
  const Eigen::Map<const Vector> p(personalization, n);
  const Eigen::Map<const Vector> u(dangling, n);
  const Vector strength = graph * Vector::Ones(n);

  // Mass that dangling (isolated) nodes hold: S = sum_dangling x, fixed by sum(x) = 1.
  Scalar p_dangling = 0;
  Scalar u_dangling = 0;
  for (Index i = 0; i < n; ++i) {
    if (strength[i] == 0) {
      p_dangling += p[i];
      u_dangling += u[i];
    }
  }
  const Scalar dangling_mass = (1 - alpha) * p_dangling / (1 - alpha * u_dangling);
  const Vector b = (1 - alpha) * p + alpha * dangling_mass * u;

  // For the rest, x = alpha W D^-1 x + b; with x = D^1/2 y the matrix is symmetric:
  // (I - alpha D^-1/2 W D^-1/2) y = D^-1/2 b, positive definite because alpha < 1.
  Vector root(n);
  Vector inverse_root(n);
  for (Index i = 0; i < n; ++i) {
    root[i] = std::sqrt(strength[i]);
    inverse_root[i] = strength[i] > 0 ? 1 / root[i] : 0.0;
  }
  const RowBlocks blocks(graph);
  Vector scaled(n);
  Vector product(n);
  const LinearOperator system = [&](Eigen::Ref<const Vector> y, Vector& out) {
    scaled = inverse_root.cwiseProduct(y);
    multiply(graph, blocks, scaled, product);
    out = y - alpha * inverse_root.cwiseProduct(product);
  };
  const Vector rhs = inverse_root.cwiseProduct(b);
  Vector y = rhs;
  conjugate_gradient(system, rhs, y, options.tol, options.max_iter, "pagerank");
  Vector x(n);
  for (Index i = 0; i < n; ++i) x[i] = strength[i] > 0 ? root[i] * y[i] : b[i];
  x /= x.sum();
  return to_buffer(x);
}

Buffer<Scalar> katz(const CsrView& graph, Scalar alpha, const Scalar* beta,
                    const SpectralOptions& options) {
  check_weights(graph);
  const Index n = graph.rows();
  if (n == 0) return Buffer<Scalar>(0);
  require(alpha > 0 && std::isfinite(alpha),
          [&] { return "alpha must be positive and finite, got " + std::to_string(alpha); });
  const RowBlocks blocks(graph);
  const LinearOperator adjacency = [&](Eigen::Ref<const Vector> x, Vector& y) {
    multiply(graph, blocks, x, y);
  };
  const Scalar lambda_max =
      leading_eigenpair(adjacency, Vector::Ones(n), 1e-10, options.max_iter).value;
  // Lanczos may put lambda_max a few ulps low: keep a margin, or alpha at the bound would pass
  // and leave a (near) singular system.
  require(alpha * lambda_max < 1 - katz_margin, [&] {
    return "alpha = " + std::to_string(alpha) +
           " is not below 1 / lambda_max = " + std::to_string(1 / lambda_max) +
           ": the Katz series diverges";
  });
  Vector product(n);
  const LinearOperator system = [&](Eigen::Ref<const Vector> x, Vector& out) {
    multiply(graph, blocks, x, product);
    out = x - alpha * product;
  };
  const Eigen::Map<const Vector> b(beta, n);
  Vector x = b;
  conjugate_gradient(system, b, x, options.tol, options.max_iter, "katz");
  return to_buffer(x);
}

}  // namespace cosignet
