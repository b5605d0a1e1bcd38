/// @file test_util.hpp
/// @brief Small helpers shared by the core unit tests: owned CSR matrices and comparisons.
#pragma once

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "cosignet/buffer.hpp"
#include "cosignet/types.hpp"

namespace cosignet::test {

/// A CSR matrix held in std::vectors, so a test can write one literally.
struct Csr {
  Index rows = 0;
  Index cols = 0;
  std::vector<Index> indptr{0};
  std::vector<Index> indices;
  std::vector<Scalar> data;

  CsrView view() const {
    return make_csr_view(rows, cols, indptr.data(), indices.data(), data.data());
  }
};

/// Copies a CsrBuffers result into vectors for easy comparison.
inline Csr to_csr(const CsrBuffers& m) {
  Csr out;
  out.rows = m.rows;
  out.cols = m.cols;
  out.indptr.assign(m.indptr.begin(), m.indptr.end());
  out.indices.assign(m.indices.begin(), m.indices.end());
  out.data.assign(m.data.begin(), m.data.end());
  return out;
}

/// Exact (value) equality of two CSR matrices; data compared with ==.
inline void expect_csr_eq(const Csr& actual, const Csr& expected) {
  EXPECT_EQ(actual.rows, expected.rows);
  EXPECT_EQ(actual.cols, expected.cols);
  EXPECT_EQ(actual.indptr, expected.indptr);
  EXPECT_EQ(actual.indices, expected.indices);
  EXPECT_EQ(actual.data, expected.data);
}

/// Bitwise equality of two CSR results (shape, structure and the bytes of every value).
inline bool bitwise_equal(const CsrBuffers& a, const CsrBuffers& b) {
  if (a.rows != b.rows || a.cols != b.cols || a.indptr.size() != b.indptr.size() ||
      a.nnz() != b.nnz()) {
    return false;
  }
  const auto same = [](const void* x, const void* y, std::size_t bytes) {
    return bytes == 0 || std::memcmp(x, y, bytes) == 0;
  };
  return same(a.indptr.data(), b.indptr.data(), sizeof(Index) * a.indptr.size()) &&
         same(a.indices.data(), b.indices.data(), sizeof(Index) * a.nnz()) &&
         same(a.data.data(), b.data.data(), sizeof(Scalar) * a.nnz());
}

}  // namespace cosignet::test
