/// @file types.hpp
/// @brief Scalar and index types, and the compressed sparse row (CSR) views the kernels read.
#pragma once

#include <Eigen/SparseCore>
#include <cstdint>

namespace cosignet {

/// Signed 64-bit index used for every node, edge and offset (matches NumPy's int64).
using Index = std::int64_t;
/// Floating-point type of every weight and score (matches NumPy's float64).
using Scalar = double;

/// Row-major sparse matrix with 64-bit indices, the storage of every matrix in the core.
using SparseMatrix = Eigen::SparseMatrix<Scalar, Eigen::RowMajor, Index>;

/// Read-only CSR view over caller memory (for example NumPy arrays): no copy is made.
using CsrView = Eigen::Map<const SparseMatrix>;

/// Makes a CSR view over three caller-owned arrays.
///
/// @param rows, cols  shape of the matrix.
/// @param indptr      rows + 1 row offsets into @p indices and @p data.
/// @param indices     column of each stored entry.
/// @param data        value of each stored entry.
/// @warning @p indptr must hold rows + 1 entries (at least one) and the arrays must outlive
///          the view; call validate_csr() before trusting them.
inline CsrView make_csr_view(Index rows, Index cols, const Index* indptr, const Index* indices,
                             const Scalar* data) {
  return CsrView(rows, cols, indptr[rows], indptr, indices, data);
}

/// Number of stored entries in row @p row of @p m.
inline Index row_size(const CsrView& m, Index row) {
  return m.outerIndexPtr()[row + 1] - m.outerIndexPtr()[row];
}

}  // namespace cosignet
