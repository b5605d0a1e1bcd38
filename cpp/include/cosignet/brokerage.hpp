/// @file brokerage.hpp
/// @brief Who bridges: Burt's structural holes (constraint, effective size) and Gould and
/// Fernandez's brokerage roles, on an undirected graph.
///
/// Both read the symmetric adjacency as a CSR view (both triangles, no diagonal) with tie
/// strengths as values, and cost sum over nodes of degree^2: every ego looks at the ties
/// among its neighbours.
#pragma once

#include "cosignet/buffer.hpp"
#include "cosignet/types.hpp"

namespace cosignet {

/// Burt's (1992) measures per node, with NetworkX's definitions for undirected graphs:
/// with p_ij = w_ij / sum_k w_ik and m_ij = w_ij / max_k w_ik,
///   constraint(i)     = sum_{j in N(i)} (p_ij + sum_{q in N(i)} p_iq p_qj)^2,
///   effective_size(i) = sum_{j in N(i)} (1 - sum_{q in N(i)} p_iq m_jq).
/// Isolated nodes get NaN for both (NetworkX's convention). Nodes run in parallel.
struct StructuralHoles {
  Buffer<Scalar> constraint;
  Buffer<Scalar> effective_size;
};
StructuralHoles structural_holes(const CsrView& graph);

/// Gould and Fernandez (1989) brokerage roles, adapted to undirected graphs.
enum BrokerageRole : int {
  coordinator = 0,                ///< a, v and c in one group
  itinerant = 1,                  ///< a and c in one group, v in another
  representative_gatekeeper = 2,  ///< v shares its group with exactly one of a and c
  liaison = 3,                    ///< three different groups
};
constexpr int n_brokerage_roles = 4;

/// For every node v, the open two-paths a - v - c (a and c neighbours of v that are not
/// neighbours of each other, each unordered pair once) counted by role. Without direction
/// the representative (a's group = v's) and the gatekeeper (c's group = v's) cannot be told
/// apart, so they are counted together. @p groups holds a group code (>= 0) per node.
/// @returns n x 4 counts, row-major, columns in BrokerageRole order.
Buffer<Index> brokerage(const CsrView& graph, const Index* groups);

}  // namespace cosignet
