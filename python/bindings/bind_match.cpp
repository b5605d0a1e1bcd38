#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <cstdint>
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

using ByteArray = py::array_t<std::uint8_t, py::array::c_style>;

// The pairs are sorted by score: a NaN would break the ordering std::sort relies on.
void require_finite(const ScalarArray& values, const char* name) {
  for (Index p = 0; p < values.size(); ++p) {
    require(std::isfinite(values.data()[p]), [&] {
      return std::string(name) + " " + std::to_string(values.data()[p]) + " of pair " +
             std::to_string(p) + " is not finite";
    });
  }
}

}  // namespace

void register_match(py::module_& m) {
  m.def("jaro_winkler", &jaro_winkler, py::arg("a"), py::arg("b"),
        "Jaro-Winkler similarity of two strings, by code point.");
  m.def("name_similarity", &name_similarity, py::arg("a"), py::arg("b"),
        "Score of two normalised names (see match.hpp, compare_names).");
  m.def(
      "compare_names",
      [](const std::vector<std::string>& a, const std::vector<std::string>& b) {
        require(a.size() == b.size(), "a and b must have equal lengths");
        Buffer<Scalar> scores(static_cast<Index>(a.size()));
        Buffer<std::int8_t> rules(static_cast<Index>(a.size()));
        {
          const py::gil_scoped_release release;
          for (std::size_t k = 0; k < a.size(); ++k) {
            const NameComparison c = compare_names(a[k], b[k]);
            scores[static_cast<Index>(k)] = c.score;
            rules[static_cast<Index>(k)] = static_cast<std::int8_t>(c.rule);
          }
        }
        return py::make_tuple(to_numpy(std::move(scores)), to_numpy(std::move(rules)));
      },
      py::arg("a"), py::arg("b"),
      "Score and rule (a NameRule code) of each pair a[k], b[k] of normalised names.");

  m.def(
      "match_names",
      [](const std::vector<std::string>& names, double min_score, Index max_block) {
        NameMatches matches;
        {
          const py::gil_scoped_release release;
          matches = match_names(names, min_score, max_block);
        }
        return py::make_tuple(
            to_numpy(std::move(matches.first)), to_numpy(std::move(matches.second)),
            to_numpy(std::move(matches.score)), to_numpy(std::move(matches.rule)));
      },
      py::arg("names"), py::arg("min_score"), py::arg("max_block"),
      "Pairs of names sharing a blocking key whose rule is not 'different' and score >= "
      "min_score: (first, second, score, rule).");

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
        require_finite(score, "score");
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

  m.def(
      "link_records",
      [](Index n, const IndexArray& first, const IndexArray& second, const ScalarArray& score,
         const ScalarArray& name_score, const ByteArray& trust, const IndexArray& groups_indptr,
         const IndexArray& groups_indices, Index n_groups, const IndexArray& categories,
         const IndexArray& id_indptr, const IndexArray& id_kind, const IndexArray& id_value,
         const IndexArray& must_first, const IndexArray& must_second,
         const IndexArray& cannot_first, const IndexArray& cannot_second,
         const std::vector<std::string>& names, double ambiguity_margin) {
        require(first.size() == second.size() && first.size() == score.size() &&
                    first.size() == name_score.size() && first.size() == trust.size(),
                "first, second, score, name_score and trust must have equal lengths");
        require(n >= 0, [&] { return "n must not be negative, got " + std::to_string(n); });
        require(categories.ndim() == 2 && categories.shape(0) == n,
                "categories must be a 2-D array with one row per record");
        require(id_indptr.size() == n + 1, "id_indptr must have n + 1 entries");
        require(id_kind.size() == id_value.size(), "id_kind and id_value must have equal lengths");
        require(id_indptr.data()[n] == id_kind.size(), "id_indptr must end at len(id_kind)");
        // Each record's identifiers are read as id_kind[id_indptr[i]:id_indptr[i + 1]].
        require(id_indptr.data()[0] == 0, "id_indptr must start at 0");
        for (Index i = 0; i < n; ++i) {
          require(id_indptr.data()[i] <= id_indptr.data()[i + 1], [&] {
            return "id_indptr must not decrease, got " + std::to_string(id_indptr.data()[i]) +
                   " then " + std::to_string(id_indptr.data()[i + 1]) + " at record " +
                   std::to_string(i);
          });
        }
        require_finite(score, "score");
        require_finite(name_score, "name_score");
        const ScalarArray ones(groups_indices.size());
        const CsrView groups = csr_view(n, n_groups, groups_indptr, groups_indices, ones, "groups");
        LinkConstraints constraints;
        constraints.must_first = to_vector(must_first, "must_first");
        constraints.must_second = to_vector(must_second, "must_second");
        constraints.cannot_first = to_vector(cannot_first, "cannot_first");
        constraints.cannot_second = to_vector(cannot_second, "cannot_second");
        LinkInput input;
        input.n = n;
        input.first = first.data();
        input.second = second.data();
        input.score = score.data();
        input.name_score = name_score.data();
        input.trust = trust.data();
        input.n_pairs = first.size();
        input.category = categories.data();
        input.n_categories = categories.shape(1);
        input.identifiers = {id_indptr.data(), id_kind.data(), id_value.data()};
        input.ambiguity_margin = ambiguity_margin;
        LinkResult result;
        {
          const py::gil_scoped_release release;
          result = link_records(input, groups, constraints, names);
        }
        return py::make_tuple(to_numpy(std::move(result.labels)),
                              to_numpy(std::move(result.status)),
                              to_numpy(std::move(result.other)));
      },
      py::arg("n"), py::arg("first").noconvert(), py::arg("second").noconvert(),
      py::arg("score").noconvert(), py::arg("name_score").noconvert(), py::arg("trust").noconvert(),
      py::arg("groups_indptr").noconvert(), py::arg("groups_indices").noconvert(),
      py::arg("n_groups"), py::arg("categories").noconvert(), py::arg("id_indptr").noconvert(),
      py::arg("id_kind").noconvert(), py::arg("id_value").noconvert(),
      py::arg("must_first").noconvert(), py::arg("must_second").noconvert(),
      py::arg("cannot_first").noconvert(), py::arg("cannot_second").noconvert(), py::arg("names"),
      py::arg("ambiguity_margin"),
      "Clusters of n records under constraints, identifiers and an ambiguity check: (labels, "
      "status per pair (a LinkStatus code), the record behind an ambiguous or incoherent "
      "refusal or -1).");
}

}  // namespace cosignet::bindings
