#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "cosignet/errors.hpp"
#include "cosignet/incidence.hpp"
#include "test_util.hpp"

namespace cosignet {
namespace {

using test::Csr;
using test::expect_csr_eq;
using test::to_csr;

constexpr Scalar kNaN = std::numeric_limits<Scalar>::quiet_NaN();
constexpr Scalar kInf = std::numeric_limits<Scalar>::infinity();

IncidenceBuild build(const std::vector<Index>& rows, const std::vector<Index>& cols,
                     const std::vector<Scalar>* weights, Index n_rows, Index n_cols) {
  return build_incidence(rows.data(), cols.data(), weights == nullptr ? nullptr : weights->data(),
                         static_cast<Index>(rows.size()), n_rows, n_cols);
}

/// The message of the InvalidInput that @p f throws ("" and a test failure if none).
template <typename F>
std::string invalid_input_message(F&& f) {
  try {
    f();
  } catch (const InvalidInput& e) {
    return e.what();
  } catch (...) {
    ADD_FAILURE() << "threw something other than InvalidInput";
    return "";
  }
  ADD_FAILURE() << "did not throw";
  return "";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// ---------------------------------------------------------------------------------------------
// build_incidence

TEST(BuildIncidence, SortsRowsAndColumns) {
  const std::vector<Index> rows{2, 0, 1, 0, 2, 2};
  const std::vector<Index> cols{1, 3, 0, 0, 3, 0};
  const IncidenceBuild b = build(rows, cols, nullptr, 4, 4);
  EXPECT_EQ(b.duplicates, 0);
  Csr expected;
  expected.rows = 4;
  expected.cols = 4;
  expected.indptr = {0, 2, 3, 6, 6};  // row 3 is empty
  expected.indices = {0, 3, 0, 0, 1, 3};
  expected.data = {1, 1, 1, 1, 1, 1};
  expect_csr_eq(to_csr(b.matrix), expected);
  EXPECT_EQ(b.matrix.nnz(), 6);
  EXPECT_NO_THROW(validate_csr(b.matrix.view(), "built", true));
}

TEST(BuildIncidence, WeightsFollowTheirEntries) {
  const std::vector<Index> rows{1, 0, 1, 0};
  const std::vector<Index> cols{2, 1, 0, 0};
  const std::vector<Scalar> weights{0.5, 2.0, 3.0, 4.0};
  const IncidenceBuild b = build(rows, cols, &weights, 2, 3);
  EXPECT_EQ(b.duplicates, 0);
  Csr expected;
  expected.rows = 2;
  expected.cols = 3;
  expected.indptr = {0, 2, 4};
  expected.indices = {0, 1, 0, 2};
  expected.data = {4.0, 2.0, 3.0, 0.5};
  expect_csr_eq(to_csr(b.matrix), expected);
}

TEST(BuildIncidence, MergesDuplicatesWithoutWeights) {
  // (0,1) three times, (1,0) twice, (1,2) once.
  const std::vector<Index> rows{0, 1, 0, 1, 0, 1};
  const std::vector<Index> cols{1, 0, 1, 2, 1, 0};
  const IncidenceBuild b = build(rows, cols, nullptr, 2, 3);
  EXPECT_EQ(b.duplicates, 3);
  Csr expected;
  expected.rows = 2;
  expected.cols = 3;
  expected.indptr = {0, 1, 3};
  expected.indices = {1, 0, 2};
  expected.data = {1.0, 1.0, 1.0};  // a repeated pair still weighs 1
  expect_csr_eq(to_csr(b.matrix), expected);
}

TEST(BuildIncidence, SumsWeightsOfDuplicates) {
  const std::vector<Index> rows{0, 1, 0, 1, 0, 1};
  const std::vector<Index> cols{1, 0, 1, 2, 1, 0};
  const std::vector<Scalar> weights{0.5, 2.0, 0.25, 7.0, 1.0, 3.0};
  const IncidenceBuild b = build(rows, cols, &weights, 2, 3);
  EXPECT_EQ(b.duplicates, 3);
  Csr expected;
  expected.rows = 2;
  expected.cols = 3;
  expected.indptr = {0, 1, 3};
  expected.indices = {1, 0, 2};
  expected.data = {1.75, 5.0, 7.0};
  expect_csr_eq(to_csr(b.matrix), expected);
}

TEST(BuildIncidence, DuplicateCountIsRepeatsNotPairs) {
  // One pair ten times: nine duplicates, one entry.
  const std::vector<Index> rows(10, 3);
  const std::vector<Index> cols(10, 4);
  const IncidenceBuild b = build(rows, cols, nullptr, 5, 6);
  EXPECT_EQ(b.duplicates, 9);
  EXPECT_EQ(b.matrix.nnz(), 1);
  const Csr m = to_csr(b.matrix);
  EXPECT_EQ(m.indptr, (std::vector<Index>{0, 0, 0, 0, 1, 1}));
  EXPECT_EQ(m.indices, (std::vector<Index>{4}));
  EXPECT_EQ(m.data, (std::vector<Scalar>{1.0}));
}

TEST(BuildIncidence, SameColumnInDifferentRowsIsNoDuplicate) {
  const std::vector<Index> rows{0, 1, 2};
  const std::vector<Index> cols{5, 5, 5};
  const IncidenceBuild b = build(rows, cols, nullptr, 3, 6);
  EXPECT_EQ(b.duplicates, 0);
  EXPECT_EQ(to_csr(b.matrix).indices, (std::vector<Index>{5, 5, 5}));
}

TEST(BuildIncidence, Empty) {
  {
    const IncidenceBuild b = build({}, {}, nullptr, 0, 0);
    EXPECT_EQ(b.duplicates, 0);
    Csr expected;  // 0 x 0, indptr {0}
    expect_csr_eq(to_csr(b.matrix), expected);
    EXPECT_NO_THROW(validate_csr(b.matrix.view(), "empty", true));
  }
  {
    const IncidenceBuild b = build({}, {}, nullptr, 3, 2);
    Csr expected;
    expected.rows = 3;
    expected.cols = 2;
    expected.indptr = {0, 0, 0, 0};
    expect_csr_eq(to_csr(b.matrix), expected);
    EXPECT_NO_THROW(validate_csr(b.matrix.view(), "empty", true));
  }
  {
    const std::vector<Scalar> weights;
    const IncidenceBuild b = build({}, {}, &weights, 0, 4);
    EXPECT_EQ(b.matrix.rows, 0);
    EXPECT_EQ(b.matrix.cols, 4);
    EXPECT_EQ(b.matrix.nnz(), 0);
  }
}

TEST(BuildIncidence, OutOfRangeCodesThrow) {
  const auto fails = [](std::vector<Index> rows, std::vector<Index> cols) {
    return invalid_input_message([&] { build(rows, cols, nullptr, 3, 4); });
  };
  EXPECT_TRUE(contains(fails({0, -1}, {0, 0}), "row code -1 at position 1"));
  EXPECT_TRUE(contains(fails({3}, {0}), "row code 3 at position 0 is outside [0, 3)"));
  EXPECT_TRUE(contains(fails({0, 1}, {0, -2}), "column code -2 at position 1"));
  EXPECT_TRUE(contains(fails({2}, {4}), "column code 4 at position 0 is outside [0, 4)"));
  // Any code is out of range for an empty side.
  EXPECT_THROW(build({0}, {0}, nullptr, 0, 1), InvalidInput);
  EXPECT_THROW(build({0}, {0}, nullptr, 1, 0), InvalidInput);
}

TEST(BuildIncidence, BadWeightsThrow) {
  const std::vector<Index> rows{0, 1};
  const std::vector<Index> cols{0, 1};
  for (const Scalar bad : {kNaN, -1.0, 0.0, -0.0, kInf, -kInf}) {
    const std::vector<Scalar> weights{1.0, bad};
    const std::string message = invalid_input_message([&] { build(rows, cols, &weights, 2, 2); });
    EXPECT_TRUE(contains(message, "at position 1 is not a positive finite number")) << message;
  }
  const std::vector<Scalar> tiny{std::numeric_limits<Scalar>::denorm_min(), 1e300};
  const IncidenceBuild b = build(rows, cols, &tiny, 2, 2);  // positive and finite: accepted
  EXPECT_EQ(to_csr(b.matrix).data, tiny);
}

TEST(BuildIncidence, NegativeShapeThrows) {
  EXPECT_THROW(build({}, {}, nullptr, -1, 2), InvalidInput);
  EXPECT_THROW(build({}, {}, nullptr, 2, -1), InvalidInput);
}

TEST(BuildIncidence, MatchesAReferenceOnRandomInput) {
  std::mt19937_64 rng(20240601);
  const Index n_rows = 300;
  const Index n_cols = 120;
  const Index n = 5000;
  std::uniform_int_distribution<Index> row_of(0, n_rows - 1);
  std::uniform_int_distribution<Index> col_of(0, n_cols - 1);
  std::uniform_int_distribution<int> weight_of(1, 8);
  std::vector<Index> rows(static_cast<std::size_t>(n));
  std::vector<Index> cols(static_cast<std::size_t>(n));
  std::vector<Scalar> weights(static_cast<std::size_t>(n));
  std::map<std::pair<Index, Index>, std::pair<Scalar, Index>> reference;  // -> (sum, count)
  for (std::size_t i = 0; i < rows.size(); ++i) {
    rows[i] = row_of(rng);
    cols[i] = col_of(rng);
    weights[i] = weight_of(rng) * 0.25;  // exact in binary: sums are exact in any order
    auto& entry = reference[{rows[i], cols[i]}];
    entry.first += weights[i];
    entry.second += 1;
  }
  Csr expected;
  expected.rows = n_rows;
  expected.cols = n_cols;
  expected.indptr.assign(static_cast<std::size_t>(n_rows) + 1, 0);
  std::vector<Scalar> sums;
  for (const auto& [key, value] : reference) {
    ++expected.indptr[static_cast<std::size_t>(key.first) + 1];
    expected.indices.push_back(key.second);
    sums.push_back(value.first);
  }
  for (std::size_t r = 0; r < static_cast<std::size_t>(n_rows); ++r) {
    expected.indptr[r + 1] += expected.indptr[r];
  }
  const Index n_unique = static_cast<Index>(reference.size());

  const IncidenceBuild weighted = build(rows, cols, &weights, n_rows, n_cols);
  EXPECT_EQ(weighted.duplicates, n - n_unique);
  expected.data = sums;
  expect_csr_eq(to_csr(weighted.matrix), expected);
  EXPECT_NO_THROW(validate_csr(weighted.matrix.view(), "weighted", true));

  const IncidenceBuild binary = build(rows, cols, nullptr, n_rows, n_cols);
  EXPECT_EQ(binary.duplicates, n - n_unique);
  expected.data.assign(sums.size(), 1.0);
  expect_csr_eq(to_csr(binary.matrix), expected);
}

// ---------------------------------------------------------------------------------------------
// validate_csr

/// 2 x 4: [[1, 0, 2, 0], [0, 0, 0, 3]].
Csr valid_matrix() {
  Csr m;
  m.rows = 2;
  m.cols = 4;
  m.indptr = {0, 2, 3};
  m.indices = {0, 2, 3};
  m.data = {1.0, 2.0, 3.0};
  return m;
}

std::string validate_message(const Csr& m, bool positive) {
  return invalid_input_message([&] { validate_csr(m.view(), "incidence", positive); });
}

TEST(ValidateCsr, AcceptsWellFormedMatrices) {
  EXPECT_NO_THROW(validate_csr(valid_matrix().view(), "m", true));
  EXPECT_NO_THROW(validate_csr(valid_matrix().view(), "m", false));
  Csr empty;  // 0 x 0
  EXPECT_NO_THROW(validate_csr(empty.view(), "empty", true));
  Csr no_entries;
  no_entries.rows = 3;
  no_entries.cols = 5;
  no_entries.indptr = {0, 0, 0, 0};
  EXPECT_NO_THROW(validate_csr(no_entries.view(), "no_entries", true));
  Csr negative = valid_matrix();
  negative.data = {-1.0, 0.0, -2.5};  // finite values are fine when positive = false
  EXPECT_NO_THROW(validate_csr(negative.view(), "negative", false));
}

TEST(ValidateCsr, UnsortedColumns) {
  Csr m = valid_matrix();
  m.indices = {2, 0, 3};
  const std::string message = validate_message(m, false);
  EXPECT_TRUE(contains(message, "incidence: columns of row 0 are not sorted and unique"))
      << message;
  EXPECT_TRUE(contains(message, "(at column 0)")) << message;
}

TEST(ValidateCsr, DuplicateColumns) {
  Csr m = valid_matrix();
  m.indices = {2, 2, 3};
  const std::string message = validate_message(m, false);
  EXPECT_TRUE(contains(message, "columns of row 0 are not sorted and unique (at column 2)"))
      << message;
}

TEST(ValidateCsr, OutOfRangeColumns) {
  Csr m = valid_matrix();
  m.indices = {0, 2, 4};
  EXPECT_TRUE(contains(validate_message(m, false), "column 4 in row 1 is outside [0, 4)"));
  m.indices = {-1, 2, 3};
  EXPECT_TRUE(contains(validate_message(m, false), "column -1 in row 0 is outside [0, 4)"));
}

TEST(ValidateCsr, NonFiniteValues) {
  for (const Scalar bad : {kNaN, kInf, -kInf}) {
    for (const bool positive : {false, true}) {
      Csr m = valid_matrix();
      m.data[1] = bad;
      const std::string message = validate_message(m, positive);
      EXPECT_TRUE(contains(message, "at (0, 2) is not finite")) << message;
    }
  }
}

TEST(ValidateCsr, NonPositiveValuesWhenPositive) {
  for (const Scalar bad : {0.0, -0.0, -1.0, -1e-300}) {
    Csr m = valid_matrix();
    m.data[2] = bad;
    const std::string message = validate_message(m, true);
    EXPECT_TRUE(contains(message, "at (1, 3) is not positive")) << message;
    EXPECT_NO_THROW(validate_csr(m.view(), "incidence", false));
  }
}

TEST(ValidateCsr, BadIndptr) {
  Csr m = valid_matrix();
  // indptr[0] != 0: the view starts at entry 1 and indptr[2] = 3 stays in bounds.
  m.indptr = {1, 2, 3};
  EXPECT_TRUE(contains(validate_message(m, false), "indptr[0] must be 0, got 1"));
  m.indptr = {0, 3, 2};  // decreasing
  EXPECT_TRUE(contains(validate_message(m, false), "indptr decreases at row 1"));
  m.indptr = {0, 2, 1};
  EXPECT_TRUE(contains(validate_message(m, false), "indptr decreases at row 1"));
}

TEST(ValidateCsr, AnyValuesChecksTheStructureOnly) {
  Csr m = valid_matrix();
  m.data = {kNaN, -1.0, 0.0};
  EXPECT_NO_THROW(validate_csr(m.view(), "m", CsrValues::Any));
  m.indices = {0, 2, 4};
  const std::string message =
      invalid_input_message([&] { validate_csr(m.view(), "m", CsrValues::Any); });
  EXPECT_EQ(message, "m: column 4 in row 1 is outside [0, 4)");
  m.indices = {0, 2, 3};
  m.indptr = {0, 3, 2};
  EXPECT_EQ(invalid_input_message([&] { validate_csr(m.view(), "m", CsrValues::Any); }),
            "m: indptr decreases at row 1");
}

TEST(ValidateCsr, MessageNamesTheArgument) {
  Csr m = valid_matrix();
  m.data[0] = kNaN;
  const std::string message =
      invalid_input_message([&] { validate_csr(m.view(), "my_matrix", false); });
  EXPECT_EQ(message.rfind("my_matrix: value nan at (0, 0) is not finite", 0), 0u) << message;
}

// ---------------------------------------------------------------------------------------------
// transpose

TEST(Transpose, SmallHandExample) {
  // [[1, 0, 2],
  //  [0, 3, 0]]
  Csr m;
  m.rows = 2;
  m.cols = 3;
  m.indptr = {0, 2, 3};
  m.indices = {0, 2, 1};
  m.data = {1.0, 2.0, 3.0};
  Csr expected;  // [[1, 0], [0, 3], [2, 0]]
  expected.rows = 3;
  expected.cols = 2;
  expected.indptr = {0, 1, 2, 3};
  expected.indices = {0, 1, 0};
  expected.data = {1.0, 3.0, 2.0};
  expect_csr_eq(to_csr(transpose(m.view())), expected);
}

TEST(Transpose, EmptyRowsAndColumns) {
  // 3 x 4 with an empty row 1 and empty columns 0 and 2.
  Csr m;
  m.rows = 3;
  m.cols = 4;
  m.indptr = {0, 2, 2, 4};
  m.indices = {1, 3, 1, 3};
  m.data = {1.0, 2.0, 3.0, 4.0};
  Csr expected;
  expected.rows = 4;
  expected.cols = 3;
  expected.indptr = {0, 0, 2, 2, 4};
  expected.indices = {0, 2, 0, 2};
  expected.data = {1.0, 3.0, 2.0, 4.0};
  expect_csr_eq(to_csr(transpose(m.view())), expected);
}

TEST(Transpose, EmptyMatrices) {
  Csr zero;  // 0 x 0
  expect_csr_eq(to_csr(transpose(zero.view())), zero);
  Csr wide;  // 0 x 3 -> 3 x 0
  wide.cols = 3;
  Csr tall;
  tall.rows = 3;
  tall.indptr = {0, 0, 0, 0};
  expect_csr_eq(to_csr(transpose(wide.view())), tall);
  expect_csr_eq(to_csr(transpose(tall.view())), wide);
}

TEST(Transpose, TwiceIsTheOriginal) {
  std::mt19937_64 rng(7);
  const Index n_rows = 250;
  const Index n_cols = 90;
  std::bernoulli_distribution present(0.07);
  std::uniform_real_distribution<Scalar> value(0.1, 10.0);
  Csr m;
  m.rows = n_rows;
  m.cols = n_cols;
  for (Index r = 0; r < n_rows; ++r) {
    for (Index c = 0; c < n_cols; ++c) {
      if (present(rng)) {
        m.indices.push_back(c);
        m.data.push_back(value(rng));
      }
    }
    m.indptr.push_back(static_cast<Index>(m.indices.size()));
  }
  const CsrBuffers t = transpose(m.view());
  EXPECT_EQ(t.rows, n_cols);
  EXPECT_EQ(t.cols, n_rows);
  EXPECT_EQ(t.nnz(), static_cast<Index>(m.indices.size()));
  EXPECT_NO_THROW(validate_csr(t.view(), "t", true));  // sorted, unique, in range
  // Every entry lands at its mirrored position.
  const CsrView tv = t.view();
  for (Index r = 0; r < n_rows; ++r) {
    for (Index p = m.indptr[static_cast<std::size_t>(r)];
         p < m.indptr[static_cast<std::size_t>(r) + 1]; ++p) {
      ASSERT_EQ(tv.coeff(m.indices[static_cast<std::size_t>(p)], r),
                m.data[static_cast<std::size_t>(p)]);
    }
  }
  const CsrBuffers tt = transpose(t.view());
  expect_csr_eq(to_csr(tt), m);
}

}  // namespace
}  // namespace cosignet
