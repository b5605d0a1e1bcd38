#include <pybind11/pybind11.h>

#include <algorithm>
#include <string>

#include "cosignet/projection.hpp"
#include "numpy_bridge.hpp"

namespace py = pybind11;

namespace cosignet::bindings {
namespace {

Weighting parse_weighting(const std::string& name) {
  if (name == "count") return Weighting::Count;
  if (name == "newman") return Weighting::Newman;
  if (name == "jaccard") return Weighting::Jaccard;
  if (name == "overlap") return Weighting::Overlap;
  if (name == "ratio") return Weighting::Ratio;
  throw InvalidInput("unknown weighting '" + name + "'");
}

// The incidence (n x m) and its transpose (m x n), the pair every projection kernel reads.
struct IncidencePair {
  CsrView incidence;
  CsrView transposed;
};

IncidencePair incidence_pair(Index rows, Index cols, const IndexArray& indptr,
                             const IndexArray& indices, const ScalarArray& data,
                             const IndexArray& t_indptr, const IndexArray& t_indices,
                             const ScalarArray& t_data) {
  return {csr_view(rows, cols, indptr, indices, data, "incidence"),
          csr_view(cols, rows, t_indptr, t_indices, t_data, "transposed incidence")};
}

py::tuple to_python(CsrBuffers&& result) {
  return to_numpy(std::move(result));
}
py::array_t<Index> to_python(Buffer<Index>&& result) {
  return to_numpy(std::move(result));
}
Index to_python(Index result) {
  return result;
}

/// Binds a kernel(incidence, transposed, options) under @p name, with the GIL released.
template <typename Kernel>
void def_projection_kernel(py::module_& m, const char* name, Kernel kernel, const char* doc) {
  m.def(
      name,
      [kernel](Index rows, Index cols, const IndexArray& indptr, const IndexArray& indices,
               const ScalarArray& data, const IndexArray& t_indptr, const IndexArray& t_indices,
               const ScalarArray& t_data, const std::string& weighting, Scalar min_weight) {
        const IncidencePair pair =
            incidence_pair(rows, cols, indptr, indices, data, t_indptr, t_indices, t_data);
        const ProjectionOptions options{parse_weighting(weighting), min_weight};
        auto result = [&] {
          const py::gil_scoped_release release;
          return kernel(pair.incidence, pair.transposed, options);
        }();
        return to_python(std::move(result));
      },
      py::arg("rows"), py::arg("cols"), py::arg("indptr").noconvert(),
      py::arg("indices").noconvert(), py::arg("data").noconvert(), py::arg("t_indptr").noconvert(),
      py::arg("t_indices").noconvert(), py::arg("t_data").noconvert(), py::arg("weighting"),
      py::arg("min_weight"), doc);
}

}  // namespace

void register_projection(py::module_& m) {
  def_projection_kernel(
      m, "project_upper",
      [](const CsrView& incidence, const CsrView& transposed, const ProjectionOptions& options) {
        return project_upper(incidence, transposed, options);
      },
      "Strict upper triangle of the projection onto the rows, as (indptr, indices, data).");
  def_projection_kernel(m, "projection_size", &projection_size,
                        "Number of ties the projection onto the rows has, without building them.");
  def_projection_kernel(
      m, "projection_indptr",
      [](const CsrView& incidence, const CsrView& transposed, const ProjectionOptions& options) {
        return projection_indptr(incidence, transposed, options);
      },
      "Row offsets of the strict upper triangle of the projection (its first pass).");

  m.def(
      "project_upper_fill",
      [](Index rows, Index cols, const IndexArray& indptr, const IndexArray& indices,
         const ScalarArray& data, const IndexArray& t_indptr, const IndexArray& t_indices,
         const ScalarArray& t_data, const std::string& weighting, Scalar min_weight,
         const IndexArray& offsets) {
        const IncidencePair pair =
            incidence_pair(rows, cols, indptr, indices, data, t_indptr, t_indices, t_data);
        const ProjectionOptions options{parse_weighting(weighting), min_weight};
        require(offsets.ndim() == 1 && offsets.size() == rows + 1,
                "offsets must have rows + 1 entries");
        Buffer<Index> own(rows + 1);
        std::copy(offsets.data(), offsets.data() + rows + 1, own.begin());
        // Rows are written at their offsets: offsets that fall back could overrun the output.
        require(own[0] == 0, "offsets[0] must be 0");
        for (Index u = 0; u < rows; ++u) {
          require(own[u] <= own[u + 1],
                  [&] { return "offsets decrease at row " + std::to_string(u); });
        }
        CsrBuffers result;
        {
          const py::gil_scoped_release release;
          result = project_upper(pair.incidence, pair.transposed, options, std::move(own));
        }
        return to_numpy(std::move(result));
      },
      py::arg("rows"), py::arg("cols"), py::arg("indptr").noconvert(),
      py::arg("indices").noconvert(), py::arg("data").noconvert(), py::arg("t_indptr").noconvert(),
      py::arg("t_indices").noconvert(), py::arg("t_data").noconvert(), py::arg("weighting"),
      py::arg("min_weight"), py::arg("offsets").noconvert(),
      "Second pass: the projection whose row offsets projection_indptr() returned.");

  m.def(
      "pair_contributions",
      [](Index rows, Index cols, const IndexArray& indptr, const IndexArray& indices,
         const ScalarArray& data) {
        return pair_contributions(csr_view(rows, cols, indptr, indices, data, "matrix"));
      },
      py::arg("rows"), py::arg("cols"), py::arg("indptr").noconvert(),
      py::arg("indices").noconvert(), py::arg("data").noconvert(),
      "sum over rows of C(row size, 2): the pairs a projection onto the columns visits.");

  m.def(
      "symmetrize_upper",
      [](Index n, const IndexArray& indptr, const IndexArray& indices, const ScalarArray& data) {
        const CsrView upper = csr_view(n, n, indptr, indices, data, "upper");
        CsrBuffers result;
        {
          const py::gil_scoped_release release;
          result = symmetrize_upper(upper);
        }
        return to_numpy(std::move(result));
      },
      py::arg("n"), py::arg("indptr").noconvert(), py::arg("indices").noconvert(),
      py::arg("data").noconvert(),
      "U + U^T of a strict upper triangle, as (indptr, indices, data).");
}

}  // namespace cosignet::bindings
