#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <string>
#include <utility>
#include <vector>

#include "cosignet/backbone.hpp"
#include "cosignet/bicm.hpp"
#include "numpy_bridge.hpp"

namespace py = pybind11;

namespace cosignet::bindings {
namespace {

BackboneModel parse_model(const std::string& name) {
  if (name == "fixed_fill") return BackboneModel::FixedFill;
  if (name == "fixed_row") return BackboneModel::FixedRow;
  if (name == "fixed_col") return BackboneModel::FixedColumn;
  if (name == "sdsm") return BackboneModel::Sdsm;
  throw InvalidInput("unknown null model '" + name + "'");
}

TailMethod parse_method(const std::string& name) {
  if (name == "rna") return TailMethod::RefinedNormal;
  if (name == "exact") return TailMethod::Exact;
  throw InvalidInput("unknown tail method '" + name + "'");
}

std::vector<Index> to_vector(const IndexArray& a, const char* name) {
  require(a.ndim() == 1, std::string(name) + " must be one-dimensional");
  return {a.data(), a.data() + a.size()};
}

template <typename T>
py::array_t<T> vector_to_numpy(const std::vector<T>& v) {
  py::array_t<T> out(static_cast<py::ssize_t>(v.size()));
  std::copy(v.begin(), v.end(), out.mutable_data());
  return out;
}

}  // namespace

void register_backbone(py::module_& m) {
  m.def(
      "backbone_pairs",
      [](Index rows, Index cols, const IndexArray& indptr, const IndexArray& indices,
         const ScalarArray& data, const IndexArray& t_indptr, const IndexArray& t_indices,
         const ScalarArray& t_data, const std::string& model, const std::string& method,
         bool signed_backbone, Scalar keep_below, Index max_pairs, Scalar tolerance,
         int max_iterations) {
        const CsrView incidence = csr_view(rows, cols, indptr, indices, data, "incidence");
        const CsrView transposed =
            csr_view(cols, rows, t_indptr, t_indices, t_data, "transposed incidence");
        BackboneOptions options;
        options.model = parse_model(model);
        options.method = parse_method(method);
        options.signed_backbone = signed_backbone;
        options.keep_below = keep_below;
        options.max_pairs = max_pairs;
        options.bicm.tolerance = tolerance;
        options.bicm.max_iterations = max_iterations;
        BackbonePairs result;
        {
          const py::gil_scoped_release release;
          result = backbone_pairs(incidence, transposed, options);
        }
        py::dict out;
        out["source"] = to_numpy(std::move(result.source));
        out["target"] = to_numpy(std::move(result.target));
        out["observed"] = to_numpy(std::move(result.observed));
        out["expected"] = to_numpy(std::move(result.expected));
        out["pvalue"] = to_numpy(std::move(result.pvalue));
        out["sign"] = to_numpy(std::move(result.sign));
        out["co_signing_pairs"] = result.co_signing_pairs;
        out["bicm_iterations"] = result.bicm_iterations;
        out["bicm_max_degree_error"] = result.bicm_max_degree_error;
        return out;
      },
      py::arg("rows"), py::arg("cols"), py::arg("indptr").noconvert(),
      py::arg("indices").noconvert(), py::arg("data").noconvert(), py::arg("t_indptr").noconvert(),
      py::arg("t_indices").noconvert(), py::arg("t_data").noconvert(), py::arg("model"),
      py::arg("method"), py::arg("signed_backbone"), py::arg("keep_below"), py::arg("max_pairs"),
      py::arg("tolerance"), py::arg("max_iterations"),
      "Pairs of rows whose co-occurrence p-value under a null model is below keep_below.");

  m.def(
      "solve_bicm",
      [](const IndexArray& row_degrees, const IndexArray& col_degrees, Scalar tolerance,
         int max_iterations) {
        const std::vector<Index> rows = to_vector(row_degrees, "row_degrees");
        const std::vector<Index> cols = to_vector(col_degrees, "col_degrees");
        BicmSolution fit;
        {
          const py::gil_scoped_release release;
          fit = solve_bicm(rows, cols, BicmOptions{tolerance, max_iterations});
        }
        const auto kr = static_cast<py::ssize_t>(fit.rows.size());
        const auto kc = static_cast<py::ssize_t>(fit.cols.size());
        py::array_t<Scalar> table({kr, kc});
        auto view = table.mutable_unchecked<2>();
        for (py::ssize_t a = 0; a < kr; ++a) {
          for (py::ssize_t c = 0; c < kc; ++c) view(a, c) = fit.probability(a, c);
        }
        py::dict out;
        out["row_class"] = vector_to_numpy(fit.rows.class_of);
        out["col_class"] = vector_to_numpy(fit.cols.class_of);
        out["row_class_count"] = vector_to_numpy(fit.rows.count);
        out["col_class_count"] = vector_to_numpy(fit.cols.count);
        out["row_theta"] = vector_to_numpy(fit.row_theta);
        out["col_theta"] = vector_to_numpy(fit.col_theta);
        out["probability"] = table;
        out["iterations"] = fit.iterations;
        out["max_degree_error"] = fit.max_degree_error;
        return out;
      },
      py::arg("row_degrees").noconvert(), py::arg("col_degrees").noconvert(), py::arg("tolerance"),
      py::arg("max_iterations"),
      "BiCM fit per degree class: classes, log-fitnesses and the class x class probabilities.");
}

}  // namespace cosignet::bindings
