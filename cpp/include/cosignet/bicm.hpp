/// @file bicm.hpp
/// @brief The bipartite configuration model (BiCM; Saracco et al. 2015): the maximum-entropy
/// distribution over two-mode networks whose expected degrees equal the observed ones.
///
/// Edge (i, k) is present independently with p_ik = x_i y_k / (1 + x_i y_k). Nodes with equal
/// degree share a fitness, so the solver works on degree classes: its size is the number of
/// distinct degrees on each side, not the number of nodes.
#pragma once

#include <vector>

#include "cosignet/types.hpp"

namespace cosignet {

/// Nodes grouped by degree: class c holds count[c] nodes of degree degree[c], in increasing
/// order of degree; class_of[i] is node i's class.
struct DegreeClasses {
  std::vector<Index> degree;
  std::vector<Index> count;
  std::vector<Index> class_of;

  Index size() const { return static_cast<Index>(degree.size()); }
};

/// Groups @p degrees (one per node, each >= 0) into classes.
DegreeClasses degree_classes(const std::vector<Index>& degrees);

struct BicmOptions {
  /// Stop when every expected degree is within this of the observed one.
  Scalar tolerance = 1e-10;
  int max_iterations = 200;
};

/// The BiCM fitted to a bipartite graph, per degree class: log-fitnesses theta (rows) and eta
/// (columns), so that p = 1 / (1 + exp(-(theta + eta))). A class whose nodes have degree 0 has
/// theta = -inf (p = 0); a class whose nodes are tied to every node that can be tied has
/// theta = +inf (p = 1).
struct BicmSolution {
  DegreeClasses rows;
  DegreeClasses cols;
  std::vector<Scalar> row_theta;
  std::vector<Scalar> col_theta;
  /// The peeling round in which a class was fixed (-1 for a class that was solved for): of two
  /// fixed classes the earlier decides their probability.
  std::vector<Index> row_fixed_round;
  std::vector<Index> col_fixed_round;
  int iterations = 0;
  /// max over all nodes of |expected degree - observed degree| at the solution.
  Scalar max_degree_error = 0.0;

  /// The probability of a tie between a row of class @p row_class and a column of class
  /// @p col_class.
  Scalar probability(Index row_class, Index col_class) const;
};

/// Fits the BiCM to the degrees of an n x m bipartite graph by Newton's method on the convex
/// negative log-likelihood over degree classes: each step solves the Fisher-information system
/// by preconditioned conjugate gradients (cost per product: classes x classes), with a
/// backtracking line search. Degrees that force ties (a node tied to everyone) are peeled off
/// first.
///
/// @throws InvalidInput if the degree sequences cannot come from one bipartite graph (their
///         sums differ or a degree exceeds the other side's size).
/// Degrees on the boundary of what graphs allow (some tie present or absent in every graph
/// with these degrees, without a node being full or empty) have no finite solution: the
/// fitnesses then grow until the degrees are met within the tolerance, and those
/// probabilities come out within the tolerance of 0 or 1.
///
/// @throws ConvergenceFailure if the degrees are not met within the tolerance in
///         options.max_iterations Newton steps; the message gives the residual.
BicmSolution solve_bicm(const std::vector<Index>& row_degrees,
                        const std::vector<Index>& col_degrees, const BicmOptions& options = {});

}  // namespace cosignet
