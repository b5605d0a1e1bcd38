#include <pybind11/pybind11.h>

#include <string>
#include <utility>

#include "cosignet/centrality.hpp"
#include "numpy_bridge.hpp"

namespace py = pybind11;

namespace cosignet::bindings {
namespace {

PathLengths parse_lengths(bool weighted) {
  return weighted ? PathLengths::Stored : PathLengths::Hops;
}

// A per-node vector argument: one-dimensional with one entry per node.
const Scalar* per_node(const ScalarArray& array, Index n, const char* name) {
  require(array.ndim() == 1 && array.size() == n, [&] {
    return std::string(name) + " must have one entry per node (" + std::to_string(n) + ")";
  });
  return array.data();
}

}  // namespace

void register_centrality(py::module_& m) {
  m.def(
      "betweenness",
      [](Index n, const IndexArray& indptr, const IndexArray& indices, const ScalarArray& data,
         bool weighted, const IndexArray& sources, bool endpoints) {
        const CsrView graph = csr_view(n, n, indptr, indices, data, "adjacency");
        require(sources.ndim() == 1, "sources must be one-dimensional");
        Buffer<Scalar> result;
        {
          const py::gil_scoped_release release;
          result = betweenness(graph, parse_lengths(weighted), sources.data(), sources.size(),
                               endpoints);
        }
        return to_numpy(std::move(result));
      },
      py::arg("n"), py::arg("indptr").noconvert(), py::arg("indices").noconvert(),
      py::arg("data").noconvert(), py::arg("weighted"), py::arg("sources").noconvert(),
      py::arg("endpoints"),
      "Raw Brandes betweenness from the given sources (data are lengths when weighted).");

  m.def(
      "path_sums",
      [](Index n, const IndexArray& indptr, const IndexArray& indices, const ScalarArray& data,
         bool weighted) {
        const CsrView graph = csr_view(n, n, indptr, indices, data, "adjacency");
        PathSums result;
        {
          const py::gil_scoped_release release;
          result = path_sums(graph, parse_lengths(weighted));
        }
        return py::make_tuple(to_numpy(std::move(result.reached)),
                              to_numpy(std::move(result.distance_sum)),
                              to_numpy(std::move(result.inverse_distance_sum)));
      },
      py::arg("n"), py::arg("indptr").noconvert(), py::arg("indices").noconvert(),
      py::arg("data").noconvert(), py::arg("weighted"),
      "Per node: (nodes reached, sum of distances, sum of inverse distances).");

  m.def(
      "eigenvector_centrality",
      [](Index n, const IndexArray& indptr, const IndexArray& indices, const ScalarArray& data,
         Scalar tol, Index max_iter) {
        const CsrView graph = csr_view(n, n, indptr, indices, data, "adjacency");
        EigenvectorResult result;
        {
          const py::gil_scoped_release release;
          result = eigenvector_centrality(graph, SpectralOptions{tol, max_iter});
        }
        return py::make_tuple(to_numpy(std::move(result.centrality)), result.eigenvalue,
                              result.iterations);
      },
      py::arg("n"), py::arg("indptr").noconvert(), py::arg("indices").noconvert(),
      py::arg("data").noconvert(), py::arg("tol"), py::arg("max_iter"),
      "(leading eigenvector with unit norm, its eigenvalue, matrix-vector products used).");

  m.def(
      "pagerank",
      [](Index n, const IndexArray& indptr, const IndexArray& indices, const ScalarArray& data,
         Scalar alpha, const ScalarArray& personalization, const ScalarArray& dangling, Scalar tol,
         Index max_iter) {
        const CsrView graph = csr_view(n, n, indptr, indices, data, "adjacency");
        const Scalar* p = per_node(personalization, n, "personalization");
        const Scalar* u = per_node(dangling, n, "dangling");
        Buffer<Scalar> result;
        {
          const py::gil_scoped_release release;
          result = pagerank(graph, alpha, p, u, SpectralOptions{tol, max_iter});
        }
        return to_numpy(std::move(result));
      },
      py::arg("n"), py::arg("indptr").noconvert(), py::arg("indices").noconvert(),
      py::arg("data").noconvert(), py::arg("alpha"), py::arg("personalization").noconvert(),
      py::arg("dangling").noconvert(), py::arg("tol"), py::arg("max_iter"),
      "PageRank (personalization and dangling distributions each sum to 1).");

  m.def(
      "katz",
      [](Index n, const IndexArray& indptr, const IndexArray& indices, const ScalarArray& data,
         Scalar alpha, const ScalarArray& beta, Scalar tol, Index max_iter) {
        const CsrView graph = csr_view(n, n, indptr, indices, data, "adjacency");
        const Scalar* b = per_node(beta, n, "beta");
        Buffer<Scalar> result;
        {
          const py::gil_scoped_release release;
          result = katz(graph, alpha, b, SpectralOptions{tol, max_iter});
        }
        return to_numpy(std::move(result));
      },
      py::arg("n"), py::arg("indptr").noconvert(), py::arg("indices").noconvert(),
      py::arg("data").noconvert(), py::arg("alpha"), py::arg("beta").noconvert(), py::arg("tol"),
      py::arg("max_iter"), "Katz centrality x = alpha A x + beta, not normalised.");
}

}  // namespace cosignet::bindings
