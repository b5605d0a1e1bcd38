/// @file projection.hpp
/// @brief One-mode projections of a two-mode incidence: who is tied to whom through shared letters.
///
/// Every kernel takes the incidence twice: @p incidence has one row per node of the side we
/// project onto (n x m) and @p transposed is its transpose (m x n), both with sorted indices.
/// For the co-signature graph of actors that is (actors x letters, letters x actors).
#pragma once

#include <functional>
#include <vector>

#include "cosignet/buffer.hpp"
#include "cosignet/types.hpp"

namespace cosignet {

/// How the weight of a tie between nodes u and v is computed (a_uk: incidence weight,
/// n_k: number of nodes on letter k, d_u: number of letters of u, m: size of the other side).
enum class Weighting {
  Count,    ///< sum_k a_uk a_vk: shared letters (weighted incidence: product of weights)
  Newman,   ///< sum_k a_uk a_vk / (n_k - 1): Newman's (2001) collaboration weight
  Jaccard,  ///< |N(u) & N(v)| / |N(u) | N(v)|, on the binary incidence
  Overlap,  ///< |N(u) & N(v)| / min(d_u, d_v), on the binary incidence
  Ratio,    ///< |N(u) & N(v)| / m, on the binary incidence
};

/// Options shared by the projection kernels.
struct ProjectionOptions {
  Weighting weighting = Weighting::Count;
  /// Only ties with weight >= min_weight are kept; applied while projecting.
  Scalar min_weight = 0.0;
};

/// The strict upper triangle (u < v) of the weighted projection as an n x n CSR matrix with
/// sorted indices. Runs in parallel; the output is identical for every thread count.
///
/// Work is O(sum_k n_k^2 / 2) (the pair contributions) plus sorting each output row; extra
/// memory is O(n) per thread, and the output is assembled with at most one chunk copied twice.
CsrBuffers project_upper(const CsrView& incidence, const CsrView& transposed,
                         const ProjectionOptions& options);

/// Pass 1 of project_upper(): the row offsets (n + 1 entries) of its output, from which its
/// size is known before anything else is allocated. O(n) memory per thread.
Buffer<Index> projection_indptr(const CsrView& incidence, const CsrView& transposed,
                                const ProjectionOptions& options);

/// Pass 2 of project_upper(): fills the rows whose offsets @p indptr came from
/// projection_indptr() with the same arguments; the result owns @p indptr.
CsrBuffers project_upper(const CsrView& incidence, const CsrView& transposed,
                         const ProjectionOptions& options, Buffer<Index> indptr);

/// Number of ties project_upper() would return, computed without storing them.
Index projection_size(const CsrView& incidence, const CsrView& transposed,
                      const ProjectionOptions& options);

/// sum_k C(n_k, 2) over the rows k of @p transposed: the pairs a projection must visit, and an
/// upper bound on the number of ties.
Index pair_contributions(const CsrView& transposed);

/// One row of the projection as visit_projection_rows() hands it over: the ties of node @p u
/// to the nodes v > u, in no particular order, computed on thread @p worker.
struct ProjectedRow {
  Index u = 0;
  const Index* columns = nullptr;
  const Scalar* weights = nullptr;
  Index size = 0;
  int worker = 0;
};

/// Computes every row of the projection (min_weight applied) and calls @p visit on it, in
/// parallel on at most @p n_workers threads (worker < n_workers). Rows are taken in the order
/// @p order, a permutation of 0 .. n - 1 (empty: natural order), split into chunks of about
/// equal work, so callers that cache per kind of row see similar rows one after another.
/// For kernels that consume the ties as they come (backbones) instead of storing them.
void visit_projection_rows(const CsrView& incidence, const CsrView& transposed,
                           const ProjectionOptions& options, const std::vector<Index>& order,
                           int n_workers, const std::function<void(const ProjectedRow&)>& visit);

/// The full symmetric matrix U + U^T of a strict upper triangle @p upper, with sorted indices.
/// Runs in parallel over row blocks (O(n) extra memory per thread).
CsrBuffers symmetrize_upper(const CsrView& upper);

}  // namespace cosignet
