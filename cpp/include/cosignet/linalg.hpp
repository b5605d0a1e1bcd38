/// @file linalg.hpp
/// @brief The numerical building blocks of the spectral measures: a parallel sparse
/// matrix-vector product, Lanczos for the leading eigenpair and conjugate gradients.
/// Every routine gives the same bits for every thread count.
#pragma once

#include <Eigen/Core>
#include <functional>
#include <vector>

#include "cosignet/types.hpp"

namespace cosignet {

/// Dense vector of scores.
using Vector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;

/// A linear operator y = M x (x may be a column of a larger matrix).
using LinearOperator = std::function<void(Eigen::Ref<const Vector> x, Vector& y)>;

/// Row blocks of a sparse matrix with about the same number of stored entries each, so a
/// product can be split over threads; small matrices get one block (threads would cost more).
class RowBlocks {
 public:
  explicit RowBlocks(const CsrView& matrix);
  /// Calls @p body(first_row, end_row) for every block, blocks in parallel.
  void for_each(const std::function<void(Index, Index)>& body) const;

 private:
  std::vector<Index> starts_;  // first row of each block, then the row count
};

/// y = A x, rows in parallel (each row summed in order: deterministic).
void multiply(const CsrView& a, const RowBlocks& blocks, Eigen::Ref<const Vector> x, Vector& y);

/// The largest eigenvalue of a symmetric matrix and its eigenvector (unit norm).
struct Eigenpair {
  Scalar value = 0;
  Vector vector;
  Index iterations = 0;  ///< matrix-vector products used
};

/// Leading (largest algebraic) eigenpair of the symmetric operator @p apply (y = A x) of size
/// @p n, by restarted Lanczos with full reorthogonalisation, started from @p start.
///
/// Starting from the all-ones vector gives the limit of power iteration from it, also when
/// the top eigenvalue is repeated (disconnected graphs): Krylov spaces only hold what the start
/// vector holds. Converged when the residual norm |A x - value x| <= @p tol * |value|.
/// @throws ConvergenceFailure after @p max_iter products, naming them and the last residual.
Eigenpair leading_eigenpair(const LinearOperator& apply, const Vector& start, Scalar tol,
                            Index max_iter);

/// Solves M x = b for a symmetric positive definite operator @p apply (y = M x) by conjugate
/// gradients from the initial @p x, until |b - M x| <= @p tol * |b|.
/// @returns the iterations used.
/// @throws ConvergenceFailure after @p max_iter iterations (naming them and the last relative
///         residual) or when M turns out not to be positive definite; @p what names the method.
Index conjugate_gradient(const LinearOperator& apply, const Vector& b, Vector& x, Scalar tol,
                         Index max_iter, const char* what);

}  // namespace cosignet
