/// @file incidence.hpp
/// @brief Building, checking and transposing the letters x actors incidence matrix.
#pragma once

#include <string>

#include "cosignet/buffer.hpp"
#include "cosignet/types.hpp"

namespace cosignet {

/// What validate_csr() requires of the stored values.
enum class CsrValues {
  Any,      ///< nothing: the structure only (what every kernel needs to stay in bounds)
  Finite,   ///< finite numbers
  Positive  ///< finite numbers > 0
};

/// Checks that @p m is a well-formed CSR matrix: indptr starts at 0 and never decreases (so
/// every row lies within the nnz stored entries), column indices are in [0, cols) and strictly
/// increasing within each row, and the values are as @p values requires. Throws InvalidInput
/// naming @p name, the row and the offending index or value otherwise. O(rows + nnz).
///
/// @p m must have been made over an indptr of rows + 1 entries whose last entry is the length
/// of the index and value arrays (the bindings' csr_view() checks that first).
void validate_csr(const CsrView& m, const std::string& name, CsrValues values);

/// As above with finite values, positive ones when @p positive.
inline void validate_csr(const CsrView& m, const std::string& name, bool positive) {
  validate_csr(m, name, positive ? CsrValues::Positive : CsrValues::Finite);
}

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
