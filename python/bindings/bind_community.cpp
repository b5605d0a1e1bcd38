#include <pybind11/pybind11.h>

#include <cstdint>
#include <string>
#include <utility>

#include "cosignet/community.hpp"
#include "numpy_bridge.hpp"

namespace py = pybind11;

namespace cosignet::bindings {
namespace {

NullModel null_model(Index n, const ScalarArray& a, const ScalarArray& b, Scalar resolution) {
  require(a.ndim() == 1 && a.size() == n && b.ndim() == 1 && b.size() == n,
          "node weights a and b must have one entry per node (" + std::to_string(n) + ")");
  return NullModel{a.data(), b.data(), resolution};
}

}  // namespace

void register_community(py::module_& m) {
  m.def(
      "louvain",
      [](Index n, const IndexArray& indptr, const IndexArray& indices, const ScalarArray& data,
         const ScalarArray& a, const ScalarArray& b, Scalar resolution, std::uint64_t seed,
         Index max_iterations) {
        const CsrView graph = csr_view(n, n, indptr, indices, data, "adjacency");
        const NullModel model = null_model(n, a, b, resolution);
        CommunityOptions options;
        options.seed = seed;
        options.max_iterations = max_iterations;
        Buffer<Index> labels;
        {
          const py::gil_scoped_release release;
          labels = louvain(graph, model, options);
        }
        return to_numpy(std::move(labels));
      },
      py::arg("n"), py::arg("indptr").noconvert(), py::arg("indices").noconvert(),
      py::arg("data").noconvert(), py::arg("a").noconvert(), py::arg("b").noconvert(),
      py::arg("resolution"), py::arg("seed"), py::arg("max_iterations"),
      "Louvain communities maximising sum_c W(c) - resolution A(c) B(c).");

  m.def(
      "leiden",
      [](Index n, const IndexArray& indptr, const IndexArray& indices, const ScalarArray& data,
         const ScalarArray& a, const ScalarArray& b, Scalar resolution, std::uint64_t seed,
         Index max_iterations, Scalar randomness) {
        const CsrView graph = csr_view(n, n, indptr, indices, data, "adjacency");
        const NullModel model = null_model(n, a, b, resolution);
        const CommunityOptions options{seed, max_iterations, randomness};
        Buffer<Index> labels;
        {
          const py::gil_scoped_release release;
          labels = leiden(graph, model, options);
        }
        return to_numpy(std::move(labels));
      },
      py::arg("n"), py::arg("indptr").noconvert(), py::arg("indices").noconvert(),
      py::arg("data").noconvert(), py::arg("a").noconvert(), py::arg("b").noconvert(),
      py::arg("resolution"), py::arg("seed"), py::arg("max_iterations"), py::arg("randomness"),
      "Leiden communities maximising sum_c W(c) - resolution A(c) B(c).");

  m.def(
      "partition_quality",
      [](Index n, const IndexArray& indptr, const IndexArray& indices, const ScalarArray& data,
         const ScalarArray& a, const ScalarArray& b, Scalar resolution, const IndexArray& labels) {
        const CsrView graph = csr_view(n, n, indptr, indices, data, "adjacency");
        const NullModel model = null_model(n, a, b, resolution);
        require(labels.ndim() == 1 && labels.size() == n, "labels must have one entry per node");
        const py::gil_scoped_release release;
        return partition_quality(graph, model, labels.data());
      },
      py::arg("n"), py::arg("indptr").noconvert(), py::arg("indices").noconvert(),
      py::arg("data").noconvert(), py::arg("a").noconvert(), py::arg("b").noconvert(),
      py::arg("resolution"), py::arg("labels").noconvert(),
      "sum_c W(c) - resolution A(c) B(c) of a partition given as codes.");
}

}  // namespace cosignet::bindings
