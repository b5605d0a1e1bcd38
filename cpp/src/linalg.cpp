#include "cosignet/linalg.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <utility>

#include "cosignet/errors.hpp"
#include "cosignet/parallel.hpp"

namespace cosignet {
namespace {

// Blocks smaller than this cost more to hand to a thread than to compute.
constexpr Index entries_per_block = 1 << 15;

std::string format_scientific(Scalar value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g", value);
  return text;
}

}  // namespace

RowBlocks::RowBlocks(const CsrView& matrix) {
  const Index rows = matrix.rows();
  const Index* indptr = matrix.outerIndexPtr();
  const Index nnz = indptr[rows];
  starts_.push_back(0);
  const Index n_blocks = std::max<Index>(1, nnz / entries_per_block);
  for (Index b = 1; b < n_blocks; ++b) {
    const Index target = nnz / n_blocks * b;
    const Index row = std::lower_bound(indptr, indptr + rows, target) - indptr;
    if (row > starts_.back() && row < rows) starts_.push_back(row);
  }
  starts_.push_back(rows);
}

void RowBlocks::for_each(const std::function<void(Index, Index)>& body) const {
  const Index n_blocks = static_cast<Index>(starts_.size()) - 1;
  if (n_blocks == 1) {
    body(starts_[0], starts_[1]);
    return;
  }
  parallel_for(n_blocks, [&](Index block, int) {
    body(starts_[static_cast<std::size_t>(block)], starts_[static_cast<std::size_t>(block + 1)]);
  });
}

void multiply(const CsrView& a, const RowBlocks& blocks, Eigen::Ref<const Vector> x, Vector& y) {
  y.resize(a.rows());
  const Index* indptr = a.outerIndexPtr();
  const Index* indices = a.innerIndexPtr();
  const Scalar* values = a.valuePtr();
  blocks.for_each([&](Index first, Index end) {
    for (Index row = first; row < end; ++row) {
      Scalar sum = 0;
      for (Index e = indptr[row]; e < indptr[row + 1]; ++e) sum += values[e] * x[indices[e]];
      y[row] = sum;
    }
  });
}

Eigenpair leading_eigenpair(const LinearOperator& apply, const Vector& start, Scalar tol,
                            Index max_iter) {
  const Index n = start.size();
  Eigenpair result;
  if (n == 0) return result;
  const Scalar start_norm = start.norm();
  require(start_norm > 0 && std::isfinite(start_norm), "Lanczos needs a nonzero finite start");
  const Index steps = std::min<Index>(n, 40);
  Eigen::MatrixXd basis(n, steps);
  Vector alpha(steps);
  Vector beta(steps);
  Vector w(n);
  Vector x = start / start_norm;
  Scalar residual = std::numeric_limits<Scalar>::infinity();
  // Ritz pair of the first k Lanczos steps: the top eigenpair of the k x k tridiagonal.
  auto ritz_pair = [&](Index k) {
    Eigen::MatrixXd tridiagonal = Eigen::MatrixXd::Zero(k, k);
    for (Index i = 0; i < k; ++i) {
      tridiagonal(i, i) = alpha[i];
      if (i + 1 < k) tridiagonal(i, i + 1) = tridiagonal(i + 1, i) = beta[i];
    }
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(tridiagonal);
    return std::make_pair(solver.eigenvalues()[k - 1], Vector(solver.eigenvectors().col(k - 1)));
  };
  while (true) {
    basis.col(0) = x;
    for (Index j = 0; j < steps; ++j) {
      check_interrupt();
      apply(basis.col(j), w);
      ++result.iterations;
      alpha[j] = basis.col(j).dot(w);
      // Full reorthogonalisation, twice (classical Gram-Schmidt loses it once).
      for (int pass = 0; pass < 2; ++pass) {
        const Vector h = basis.leftCols(j + 1).transpose() * w;
        w.noalias() -= basis.leftCols(j + 1) * h;
      }
      beta[j] = w.norm();
      const Scalar scale = std::abs(alpha[j]) + (j > 0 ? beta[j - 1] : 0.0);
      // An invariant Krylov space (beta ~ 0) makes its Ritz pairs exact.
      const bool invariant = beta[j] <= 1e-14 * scale;
      const auto [theta, y] = ritz_pair(j + 1);
      residual = invariant ? 0.0 : std::abs(beta[j] * y[j]);
      const bool converged = residual <= tol * std::abs(theta);
      if (converged || invariant || j + 1 == steps) {
        x = basis.leftCols(j + 1) * y;
        x /= x.norm();
        if (converged || invariant) {
          result.value = theta;
          result.vector = std::move(x);
          return result;
        }
        break;  // restart from the Ritz vector
      }
      if (result.iterations >= max_iter) break;
      basis.col(j + 1) = w / beta[j];
    }
    if (result.iterations >= max_iter) {
      throw ConvergenceFailure(
          "the leading eigenvector did not converge in " + std::to_string(result.iterations) +
          " matrix-vector products (residual " + format_scientific(residual) + " > tol " +
          format_scientific(tol) + " times the eigenvalue); raise max_iter or tol");
    }
  }
}

Index conjugate_gradient(const LinearOperator& apply, const Vector& b, Vector& x, Scalar tol,
                         Index max_iter, const char* what) {
  const Scalar b_norm = b.norm();
  if (b_norm == 0) {
    x.setZero(b.size());
    return 0;
  }
  Vector q(b.size());
  apply(x, q);
  Vector r = b - q;
  Vector p = r;
  Scalar rr = r.squaredNorm();
  Index iteration = 0;
  while (std::sqrt(rr) > tol * b_norm) {
    if (iteration >= max_iter) {
      throw ConvergenceFailure(std::string(what) + " did not converge in " +
                               std::to_string(iteration) + " iterations (relative residual " +
                               format_scientific(std::sqrt(rr) / b_norm) + " > tol " +
                               format_scientific(tol) + "); raise max_iter or tol");
    }
    check_interrupt();
    apply(p, q);
    const Scalar pq = p.dot(q);
    if (!(pq > 0)) {
      throw ConvergenceFailure(std::string(what) + ": the linear system is not positive definite");
    }
    const Scalar step = rr / pq;
    x.noalias() += step * p;
    r.noalias() -= step * q;
    const Scalar rr_next = r.squaredNorm();
    p = r + (rr_next / rr) * p;
    rr = rr_next;
    ++iteration;
  }
  return iteration;
}

}  // namespace cosignet
