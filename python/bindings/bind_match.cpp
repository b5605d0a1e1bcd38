#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <string>
#include <vector>

#include "cosignet/match.hpp"
#include "numpy_bridge.hpp"

namespace py = pybind11;

namespace cosignet::bindings {
namespace {

std::vector<Index> to_vector(const IndexArray& array, const char* name) {
  require(array.ndim() == 1, std::string(name) + " must be one-dimensional");
  return {array.data(), array.data() + array.size()};
}

}  // namespace

void register_match(py::module_& m) {
  m.def("jaro_winkler", &jaro_winkler, py::arg("a"), py::arg("b"),
        "Jaro-Winkler similarity of two strings, by code point.");
  m.def("name_similarity", &name_similarity, py::arg("a"), py::arg("b"),
        "Similarity of two normalised names (see match.hpp).");

  m.def(
      "match_names",
      [](const std::vector<std::string>& names, double min_score, Index max_block) {
        NameMatches matches;
        {
          const py::gil_scoped_release release;
          matches = match_names(names, min_score, max_block);
        }
        return py::make_tuple(to_numpy(std::move(matches.first)),
                              to_numpy(std::move(matches.second)),
                              to_numpy(std::move(matches.score)));
      },
      py::arg("names"), py::arg("min_score"), py::arg("max_block"),
      "Pairs of names sharing a blocking key with similarity >= min_score: (first, second, "
      "score).");

  m.def(
      "constrained_clusters",
      [](Index n, const IndexArray& first, const IndexArray& second, const ScalarArray& score,
         const IndexArray& groups_indptr, const IndexArray& groups_indices, Index n_groups,
         const IndexArray& category, const IndexArray& must_first, const IndexArray& must_second,
         const IndexArray& cannot_first, const IndexArray& cannot_second,
         const std::vector<std::string>& names) {
        require(first.size() == second.size() && first.size() == score.size(),
                "first, second and score must have equal lengths");
        require(category.size() == n, "category must have one entry per record");
        // The pairs are sorted by score: a NaN would break the ordering std::sort relies on.
        for (Index p = 0; p < score.size(); ++p) {
          require(std::isfinite(score.data()[p]), [&] {
            return "score " + std::to_string(score.data()[p]) + " of pair " + std::to_string(p) +
                   " is not finite";
          });
        }
        const ScalarArray ones(groups_indices.size());
        const CsrView groups = csr_view(n, n_groups, groups_indptr, groups_indices, ones, "groups");
        LinkConstraints constraints;
        constraints.must_first = to_vector(must_first, "must_first");
        constraints.must_second = to_vector(must_second, "must_second");
        constraints.cannot_first = to_vector(cannot_first, "cannot_first");
        constraints.cannot_second = to_vector(cannot_second, "cannot_second");
        Buffer<Index> labels;
        {
          const py::gil_scoped_release release;
          labels = constrained_clusters(n, first.data(), second.data(), score.data(), first.size(),
                                        groups, category.data(), constraints, names);
        }
        return to_numpy(std::move(labels));
      },
      py::arg("n"), py::arg("first").noconvert(), py::arg("second").noconvert(),
      py::arg("score").noconvert(), py::arg("groups_indptr").noconvert(),
      py::arg("groups_indices").noconvert(), py::arg("n_groups"), py::arg("category").noconvert(),
      py::arg("must_first").noconvert(), py::arg("must_second").noconvert(),
      py::arg("cannot_first").noconvert(), py::arg("cannot_second").noconvert(), py::arg("names"),
      "Cluster labels of n records merged by decreasing score under hard constraints.");
}

}  // namespace cosignet::bindings
