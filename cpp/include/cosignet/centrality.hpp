/// @file centrality.hpp
/// @brief Node centralities of an undirected weighted graph: Brandes betweenness, the sums
/// behind closeness and harmonic centrality, eigenvector, PageRank and Katz.
///
/// Every kernel reads the symmetric adjacency as a CSR view (both triangles stored, no
/// diagonal). Path kernels read its values as lengths (see paths.hpp); spectral kernels read
/// them as tie strengths. Results are raw: the Python layer applies NetworkX's normalisations.
#pragma once

#include "cosignet/buffer.hpp"
#include "cosignet/paths.hpp"
#include "cosignet/types.hpp"

namespace cosignet {

/// Brandes (2001) betweenness: for every node v, the sum over the given sources s and all
/// targets t != s of sigma_st(v) / sigma_st, the share of shortest s-t paths through v.
/// Undirected pairs are seen from both ends, so with every node as a source each pair counts
/// twice (NetworkX's raw value before rescaling).
///
/// @param sources  the source nodes (all nodes for exact betweenness, a sample otherwise).
/// @param endpoints count the source and target as lying on their own paths (NetworkX's
///        `endpoints=True`).
/// Sources run in parallel; partial sums are kept per fixed block of sources and added in
/// block order, so the result is the same for every thread count. Honours Ctrl-C.
Buffer<Scalar> betweenness(const CsrView& graph, PathLengths lengths, const Index* sources,
                           Index n_sources, bool endpoints);

/// Per node: how many nodes its shortest paths reach (itself included), the sum of the
/// distances to them and the sum of their inverse distances; closeness and harmonic
/// centrality follow from these. One search per node, in parallel.
struct PathSums {
  Buffer<Index> reached;
  Buffer<Scalar> distance_sum;
  Buffer<Scalar> inverse_distance_sum;
};
PathSums path_sums(const CsrView& graph, PathLengths lengths);

/// Settings of the iterative spectral kernels.
struct SpectralOptions {
  Scalar tol = 1e-12;     ///< relative residual at which to stop
  Index max_iter = 1000;  ///< matrix-vector products (eigenvector) or iterations (solvers)
};

/// Eigenvector centrality: the leading eigenvector of the weighted adjacency, unit L2 norm and
/// nonnegative, as the limit of NetworkX's power iteration from the all-ones vector (so a
/// graph without edges gives 1/sqrt(n) everywhere). Also returns the eigenvalue.
struct EigenvectorResult {
  Buffer<Scalar> centrality;
  Scalar eigenvalue = 0;
  Index iterations = 0;
};
EigenvectorResult eigenvector_centrality(const CsrView& graph, const SpectralOptions& options);

/// PageRank with damping @p alpha: the x with sum 1 solving
/// x = alpha (W D^-1 x + (sum of x over dangling nodes) u) + (1 - alpha) p,
/// where D holds the strengths, p the personalization and u the dangling distribution (both
/// given as nonnegative weights summing to 1). On an undirected graph the system is symmetric
/// after scaling by D^1/2, so it is solved by conjugate gradients (condition number at most
/// (1 + alpha) / (1 - alpha)) rather than power iteration.
Buffer<Scalar> pagerank(const CsrView& graph, Scalar alpha, const Scalar* personalization,
                        const Scalar* dangling, const SpectralOptions& options);

/// Katz centrality: the x solving x = alpha A x + beta (@p beta per node), by conjugate
/// gradients; not normalised. Throws InvalidInput, naming the bound, when @p alpha is not below
/// 1 / lambda_max, where the series sum_k alpha^k A^k beta diverges.
Buffer<Scalar> katz(const CsrView& graph, Scalar alpha, const Scalar* beta,
                    const SpectralOptions& options);

}  // namespace cosignet
