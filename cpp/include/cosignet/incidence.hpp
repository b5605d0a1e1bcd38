/// @file incidence.hpp
/// @brief Building, checking and transposing the letters x actors incidence matrix.
#pragma once

#include <string>

#include "cosignet/buffer.hpp"
#include "cosignet/types.hpp"

namespace cosignet {

/// Checks that @p m is a well-formed CSR matrix with sorted, unique column indices per row
/// and finite values (positive ones when @p positive). Throws InvalidInput naming @p name,
/// the row and the offending value otherwise. O(nnz).
void validate_csr(const CsrView& m, const std::string& name, bool positive);

/// The result of build_incidence().
struct IncidenceBuild {
  CsrBuffers matrix;     ///< n_rows x n_cols, sorted column indices, duplicates merged
  Index duplicates = 0;  ///< how many (row, col) pairs repeated an earlier one
};

/// Builds a CSR incidence matrix from @p n (row, col) code pairs.
///
/// @param rows, cols  codes in [0, n_rows) and [0, n_cols).
/// @param weights     @p n positive finite weights, or nullptr for all ones.
/// Repeated pairs are merged into one entry: its weight is 1 without weights and the sum of
/// the repeated weights with them. Runs in O(n + n_rows + n_cols) with two counting sorts.
/// @throws InvalidInput on a code out of range or a weight that is not positive and finite.
IncidenceBuild build_incidence(const Index* rows, const Index* cols, const Scalar* weights, Index n,
                               Index n_rows, Index n_cols);

/// The transpose of @p m as a new CSR matrix (sorted indices), in O(nnz + cols).
CsrBuffers transpose(const CsrView& m);

}  // namespace cosignet
