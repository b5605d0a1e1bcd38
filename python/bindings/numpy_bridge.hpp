// Mechanical conversions between NumPy arrays and the core's CSR views and buffers.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cstdlib>
#include <limits>
#include <string>
#include <utility>

#include "cosignet/buffer.hpp"
#include "cosignet/errors.hpp"
#include "cosignet/incidence.hpp"
#include "cosignet/types.hpp"

namespace cosignet::bindings {

namespace py = pybind11;

// Arrays arrive with exactly these dtypes (bound with .noconvert()), so nothing is copied.
using IndexArray = py::array_t<Index, py::array::c_style>;
using ScalarArray = py::array_t<Scalar, py::array::c_style>;

/// A CSR view over three NumPy arrays, after checking only that their lengths agree with the
/// shape (so that indptr[rows] can be read). Use csr_view() unless validate_csr() follows.
inline CsrView csr_view_of_lengths(Index rows, Index cols, const IndexArray& indptr,
                                   const IndexArray& indices, const ScalarArray& data,
                                   const char* name) {
  require(rows >= 0 && cols >= 0 && rows < std::numeric_limits<Index>::max(), [&] {
    return std::string(name) + ": invalid shape " + std::to_string(rows) + " x " +
           std::to_string(cols);
  });
  require(indptr.ndim() == 1 && indptr.size() == rows + 1, [&] {
    return std::string(name) + ": indptr must have rows + 1 = " + std::to_string(rows + 1) +
           " entries, got " + std::to_string(indptr.size());
  });
  const Index nnz = indptr.data()[rows];
  require(indices.ndim() == 1 && data.ndim() == 1 && indices.size() == nnz && data.size() == nnz,
          [&] {
            return std::string(name) +
                   ": indices and data must both have indptr[-1] = " + std::to_string(nnz) +
                   " entries, got " + std::to_string(indices.size()) + " and " +
                   std::to_string(data.size());
          });
  return make_csr_view(rows, cols, indptr.data(), indices.data(), data.data());
}

/// A CSR view over three NumPy arrays, after checking the contract every kernel relies on to
/// stay within the arrays: the lengths agree with the shape, indptr rises from 0 to nnz, and
/// the column indices are in range and strictly increasing within each row (validate_csr(),
/// O(rows + nnz), run with the GIL released). Throws InvalidInput naming @p name otherwise.
/// Values are left to the kernels that need them to be positive (path lengths, strengths).
inline CsrView csr_view(Index rows, Index cols, const IndexArray& indptr, const IndexArray& indices,
                        const ScalarArray& data, const char* name) {
  const CsrView view = csr_view_of_lengths(rows, cols, indptr, indices, data, name);
  {
    const py::gil_scoped_release release;
    validate_csr(view, name, CsrValues::Any);
  }
  return view;
}

/// Hands a core buffer to NumPy without copying: a capsule frees it when the array dies.
template <typename T>
py::array_t<T> to_numpy(Buffer<T>&& buffer) {
  const Index size = buffer.size();
  if (size == 0) return py::array_t<T>(0);
  T* data = buffer.release();
  py::capsule owner(data, [](void* p) { std::free(p); });
  return py::array_t<T>({size}, {static_cast<Index>(sizeof(T))}, data, owner);
}

/// (indptr, indices, data) of a core CSR matrix as owned NumPy arrays.
inline py::tuple to_numpy(CsrBuffers&& m) {
  return py::make_tuple(to_numpy(std::move(m.indptr)), to_numpy(std::move(m.indices)),
                        to_numpy(std::move(m.data)));
}

}  // namespace cosignet::bindings
