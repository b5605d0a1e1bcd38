/// @file community.hpp
/// @brief Communities of a weighted undirected graph: Louvain and Leiden optimisation of one
/// quality function that covers modularity, the constant Potts model (CPM) and Barber's
/// bipartite modularity.
///
/// For a partition into communities c the optimisers maximise
///
///     H = sum_c [ W(c) - resolution * A(c) * B(c) ],
///
/// where W(c) sums the adjacency entries with both ends in c (each edge twice, a self-loop
/// once) and A(c), B(c) sum two node weights a and b over c. The caller picks the null model:
/// modularity takes a = b = strength / sqrt(2m) (so H / 2m is Newman's Q); CPM takes a = b =
/// node sizes; Barber's bipartite modularity takes a = strength on the rows and 0 on the
/// columns of a bipartite graph, b the other way round, both times sqrt(2/m).
///
/// Both optimisers move nodes one at a time from a queue (a node is queued again only when a
/// neighbour leaves for another community), in an order drawn from @p seed, and aggregate in
/// parallel: the result depends on the seed only, not on the thread count.
#pragma once

#include <cstdint>

#include "cosignet/buffer.hpp"
#include "cosignet/types.hpp"

namespace cosignet {

/// The null model: node weights @p a and @p b (one each per node, nonnegative) and the
/// resolution that scales them.
struct NullModel {
  const Scalar* a;
  const Scalar* b;
  Scalar resolution;
};

/// Settings of a community search.
struct CommunityOptions {
  std::uint64_t seed = 0;
  /// Full passes (local moving, refinement for Leiden, aggregation down to one node per
  /// community), each starting from the last one's partition; negative: until a pass
  /// changes nothing.
  Index max_iterations = -1;
  /// Leiden: the randomness of the refinement (theta in Traag et al.); 0 merges greedily.
  Scalar randomness = 0.01;
};

/// Louvain (Blondel et al. 2008): move nodes while H improves, aggregate the communities into
/// nodes, repeat until no node moves; then start again from that partition on the original
/// graph (options.max_iterations passes). @returns the community of each node, 0 .. k - 1.
Buffer<Index> louvain(const CsrView& graph, const NullModel& model,
                      const CommunityOptions& options);

/// Leiden (Traag, Waltman and van Eck 2019): as Louvain, but each community is refined into
/// well-connected parts before aggregating, so no community comes out disconnected.
/// @returns the community of each node, 0 .. k - 1.
Buffer<Index> leiden(const CsrView& graph, const NullModel& model, const CommunityOptions& options);

/// H of the partition @p labels (codes >= 0, one per node).
Scalar partition_quality(const CsrView& graph, const NullModel& model, const Index* labels);

}  // namespace cosignet
