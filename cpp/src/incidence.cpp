#include "cosignet/incidence.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "cosignet/errors.hpp"

namespace cosignet {
namespace {

std::string describe(Scalar value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

}  // namespace

void validate_csr(const CsrView& m, const std::string& name, CsrValues values) {
  const Index rows = m.rows();
  const Index cols = m.cols();
  require(rows >= 0 && cols >= 0, name + ": negative shape");
  const Index* indptr = m.outerIndexPtr();
  const Index* indices = m.innerIndexPtr();
  const Scalar* data = m.valuePtr();
  require(indptr[0] == 0, name + ": indptr[0] must be 0, got " + std::to_string(indptr[0]));
  for (Index row = 0; row < rows; ++row) {
    const Index begin = indptr[row];
    const Index end = indptr[row + 1];
    require(begin <= end,
            [&] { return name + ": indptr decreases at row " + std::to_string(row); });
    Index previous = -1;
    for (Index p = begin; p < end; ++p) {
      const Index col = indices[p];
      require(col >= 0 && col < cols, [&] {
        return name + ": column " + std::to_string(col) + " in row " + std::to_string(row) +
               " is outside [0, " + std::to_string(cols) + ")";
      });
      require(col > previous, [&] {
        return name + ": columns of row " + std::to_string(row) +
               " are not sorted and unique (at column " + std::to_string(col) + ")";
      });
      previous = col;
      if (values == CsrValues::Any) continue;
      const Scalar value = data[p];
      require(std::isfinite(value), [&] {
        return name + ": value " + describe(value) + " at (" + std::to_string(row) + ", " +
               std::to_string(col) + ") is not finite";
      });
      require(values != CsrValues::Positive || value > 0, [&] {
        return name + ": value " + describe(value) + " at (" + std::to_string(row) + ", " +
               std::to_string(col) + ") is not positive";
      });
    }
  }
}

IncidenceBuild build_incidence(const Index* rows, const Index* cols, const Scalar* weights, Index n,
                               Index n_rows, Index n_cols) {
  require(n_rows >= 0 && n_cols >= 0, "incidence shape must not be negative");
  require(n >= 0, "the number of entries must not be negative");
  for (Index i = 0; i < n; ++i) {
    require(rows[i] >= 0 && rows[i] < n_rows, [&] {
      return "row code " + std::to_string(rows[i]) + " at position " + std::to_string(i) +
             " is outside [0, " + std::to_string(n_rows) + ")";
    });
    require(cols[i] >= 0 && cols[i] < n_cols, [&] {
      return "column code " + std::to_string(cols[i]) + " at position " + std::to_string(i) +
             " is outside [0, " + std::to_string(n_cols) + ")";
    });
    require(weights == nullptr || (std::isfinite(weights[i]) && weights[i] > 0), [&] {
      return "weight " + describe(weights == nullptr ? 1.0 : weights[i]) + " at position " +
             std::to_string(i) + " is not a positive finite number";
    });
  }

  // Counting sort by column, then a stable counting sort by row: entries end up in (row, col)
  // order, so duplicates are adjacent and every row is sorted.
  Buffer<Index> by_col(n);
  {
    Buffer<Index> start(n_cols + 1);
    std::fill(start.begin(), start.end(), 0);
    for (Index i = 0; i < n; ++i) ++start[cols[i] + 1];
    for (Index c = 0; c < n_cols; ++c) start[c + 1] += start[c];
    for (Index i = 0; i < n; ++i) by_col[start[cols[i]]++] = i;
  }
  Buffer<Index> order(n);
  Buffer<Index> row_start(n_rows + 1);
  std::fill(row_start.begin(), row_start.end(), 0);
  for (Index i = 0; i < n; ++i) ++row_start[rows[i] + 1];
  for (Index r = 0; r < n_rows; ++r) row_start[r + 1] += row_start[r];
  {
    Buffer<Index> cursor(n_rows);
    std::copy(row_start.begin(), row_start.begin() + n_rows, cursor.begin());
    for (Index j = 0; j < n; ++j) {
      const Index i = by_col[j];
      order[cursor[rows[i]]++] = i;
    }
  }
  by_col = Buffer<Index>();

  IncidenceBuild out;
  CsrBuffers& m = out.matrix;
  m.rows = n_rows;
  m.cols = n_cols;
  m.indptr.resize(n_rows + 1);
  m.indices.reserve(n);
  m.data.reserve(n);
  m.indptr[0] = 0;
  for (Index r = 0; r < n_rows; ++r) {
    for (Index j = row_start[r]; j < row_start[r + 1]; ++j) {
      const Index i = order[j];
      const Scalar w = weights == nullptr ? 1.0 : weights[i];
      if (m.indices.size() > m.indptr[r] && m.indices[m.indices.size() - 1] == cols[i]) {
        ++out.duplicates;
        if (weights != nullptr) {
          Scalar& merged = m.data[m.data.size() - 1];
          merged += w;
          require(std::isfinite(merged), [&] {
            return "the repeated weights of (" + std::to_string(r) + ", " +
                   std::to_string(cols[i]) + ") sum past the largest finite number";
          });
        }
      } else {
        m.indices.push_back(cols[i]);
        m.data.push_back(w);
      }
    }
    m.indptr[r + 1] = m.indices.size();
  }
  return out;
}

CsrBuffers transpose(const CsrView& m) {
  CsrBuffers t;
  t.rows = m.cols();
  t.cols = m.rows();
  const Index nnz = m.nonZeros();
  const Index* indptr = m.outerIndexPtr();
  const Index* indices = m.innerIndexPtr();
  const Scalar* data = m.valuePtr();
  t.indptr.resize(t.rows + 1);
  t.indices.resize(nnz);
  t.data.resize(nnz);
  std::fill(t.indptr.begin(), t.indptr.end(), 0);
  for (Index p = 0; p < nnz; ++p) ++t.indptr[indices[p] + 1];
  for (Index r = 0; r < t.rows; ++r) t.indptr[r + 1] += t.indptr[r];
  Buffer<Index> cursor(t.rows);
  std::copy(t.indptr.begin(), t.indptr.begin() + t.rows, cursor.begin());
  // Rows of m are visited in order, so each row of the transpose comes out sorted.
  for (Index row = 0; row < m.rows(); ++row) {
    for (Index p = indptr[row]; p < indptr[row + 1]; ++p) {
      const Index q = cursor[indices[p]]++;
      t.indices[q] = row;
      t.data[q] = data[p];
    }
  }
  return t;
}

}  // namespace cosignet
