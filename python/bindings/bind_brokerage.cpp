#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <string>
#include <utility>

#include "cosignet/brokerage.hpp"
#include "numpy_bridge.hpp"

namespace py = pybind11;

namespace cosignet::bindings {

void register_brokerage(py::module_& m) {
  m.def(
      "structural_holes",
      [](Index n, const IndexArray& indptr, const IndexArray& indices, const ScalarArray& data) {
        const CsrView graph = csr_view(n, n, indptr, indices, data, "adjacency");
        StructuralHoles result;
        {
          const py::gil_scoped_release release;
          result = structural_holes(graph);
        }
        return py::make_tuple(to_numpy(std::move(result.constraint)),
                              to_numpy(std::move(result.effective_size)));
      },
      py::arg("n"), py::arg("indptr").noconvert(), py::arg("indices").noconvert(),
      py::arg("data").noconvert(), "Burt's (constraint, effective size) per node.");

  m.def(
      "brokerage",
      [](Index n, const IndexArray& indptr, const IndexArray& indices, const ScalarArray& data,
         const IndexArray& groups) {
        const CsrView graph = csr_view(n, n, indptr, indices, data, "adjacency");
        require(groups.ndim() == 1 && groups.size() == n,
                [&] { return "groups must have one entry per node (" + std::to_string(n) + ")"; });
        Buffer<Index> counts;
        {
          const py::gil_scoped_release release;
          counts = brokerage(graph, groups.data());
        }
        return to_numpy(std::move(counts)).reshape({n, Index{n_brokerage_roles}});
      },
      py::arg("n"), py::arg("indptr").noconvert(), py::arg("indices").noconvert(),
      py::arg("data").noconvert(), py::arg("groups").noconvert(),
      "Gould-Fernandez role counts per node: (n, 4) int64, columns coordinator, itinerant, "
      "representative/gatekeeper, liaison.");
}

}  // namespace cosignet::bindings
