#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>

#include "cosignet/incidence.hpp"
#include "numpy_bridge.hpp"

namespace py = pybind11;

namespace cosignet::bindings {

void register_incidence(py::module_& m) {
  m.def(
      "build_incidence",
      [](const IndexArray& rows, const IndexArray& cols, const std::optional<ScalarArray>& weights,
         Index n_rows, Index n_cols) {
        require(rows.ndim() == 1 && cols.ndim() == 1 && rows.size() == cols.size(),
                "rows and cols must be 1-d arrays of equal length");
        require(!weights || (weights->ndim() == 1 && weights->size() == rows.size()),
                "weights must be a 1-d array as long as rows");
        IncidenceBuild built;
        {
          const py::gil_scoped_release release;
          built = build_incidence(rows.data(), cols.data(), weights ? weights->data() : nullptr,
                                  rows.size(), n_rows, n_cols);
        }
        const Index duplicates = built.duplicates;
        return py::make_tuple(to_numpy(std::move(built.matrix)), duplicates);
      },
      py::arg("rows").noconvert(), py::arg("cols").noconvert(), py::arg("weights").noconvert(),
      py::arg("n_rows"), py::arg("n_cols"),
      "CSR incidence from code pairs: ((indptr, indices, data), number of repeated pairs).");

  m.def(
      "validate_csr",
      [](Index rows, Index cols, const IndexArray& indptr, const IndexArray& indices,
         const ScalarArray& data, const std::string& name, bool positive) {
        const CsrView view = csr_view_of_lengths(rows, cols, indptr, indices, data, name.c_str());
        const py::gil_scoped_release release;
        validate_csr(view, name, positive);
      },
      py::arg("rows"), py::arg("cols"), py::arg("indptr").noconvert(),
      py::arg("indices").noconvert(), py::arg("data").noconvert(), py::arg("name"),
      py::arg("positive"), "Raise InvalidInputError unless the arrays form a valid CSR matrix.");

  m.def(
      "transpose",
      [](Index rows, Index cols, const IndexArray& indptr, const IndexArray& indices,
         const ScalarArray& data) {
        const CsrView view = csr_view(rows, cols, indptr, indices, data, "matrix");
        CsrBuffers result;
        {
          const py::gil_scoped_release release;
          result = transpose(view);
        }
        return to_numpy(std::move(result));
      },
      py::arg("rows"), py::arg("cols"), py::arg("indptr").noconvert(),
      py::arg("indices").noconvert(), py::arg("data").noconvert(),
      "Transpose of a CSR matrix as (indptr, indices, data).");

  m.def(
      "csr_data_pointers",
      [](Index rows, Index cols, const IndexArray& indptr, const IndexArray& indices,
         const ScalarArray& data) {
        const CsrView view = csr_view(rows, cols, indptr, indices, data, "matrix");
        return py::make_tuple(reinterpret_cast<std::uintptr_t>(view.outerIndexPtr()),
                              reinterpret_cast<std::uintptr_t>(view.innerIndexPtr()),
                              reinterpret_cast<std::uintptr_t>(view.valuePtr()));
      },
      py::arg("rows"), py::arg("cols"), py::arg("indptr").noconvert(),
      py::arg("indices").noconvert(), py::arg("data").noconvert(),
      "Addresses the kernels read a CSR matrix from (to test that nothing is copied).");
}

}  // namespace cosignet::bindings
