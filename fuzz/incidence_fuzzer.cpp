/// @file incidence_fuzzer.cpp
/// @brief libFuzzer harness for the incidence builder and the projection (incidence.hpp,
/// projection.hpp), checked against a dense recomputation.
///
/// The bytes are read as a small incidence: the number of letters and actors, then triples
/// (letter, actor, weight) whose codes may fall out of range and whose weights may be zero,
/// negative, infinite or NaN. Bad input must throw InvalidInput; good input must give a
/// well-formed CSR matrix whose entries are the summed weights, and a projection equal, tie by
/// tie, to the dense product, for every weighting and threshold.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "cosignet/errors.hpp"
#include "cosignet/incidence.hpp"
#include "cosignet/projection.hpp"

namespace {

using cosignet::Index;
using cosignet::Scalar;

constexpr Index kMaxSide = 24;

/// Reads bytes in order; past the end every read is 0.
class ByteReader {
 public:
  ByteReader(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  bool done() const { return at_ >= size_; }
  std::uint8_t next() { return at_ < size_ ? data_[at_++] : 0; }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t at_ = 0;
};

/// A weight from one byte: mostly small positive values, sometimes the values that must be
/// refused.
Scalar weight_from(std::uint8_t byte) {
  switch (byte) {
    case 0:
      return 0.0;
    case 1:
      return -1.0;
    case 2:
      return std::numeric_limits<Scalar>::infinity();
    case 3:
      return std::numeric_limits<Scalar>::quiet_NaN();
    default:
      return static_cast<Scalar>(byte % 8) + 0.5 * static_cast<Scalar>(byte / 128);
  }
}

void require(bool condition) {
  if (!condition) __builtin_trap();
}

bool close(Scalar a, Scalar b) {
  return std::abs(a - b) <= 1e-9 * std::max<Scalar>(1.0, std::abs(b));
}

/// The dense tie weight of actors u and v, as projection.hpp defines it; @p signers holds the
/// number of signers of each letter.
Scalar dense_tie(const std::vector<Scalar>& dense, const std::vector<Index>& signers,
                 Index n_letters, Index n_actors, Index u, Index v, cosignet::Weighting weighting) {
  Scalar count = 0, newman = 0, shared = 0, du = 0, dv = 0, either = 0;
  for (Index k = 0; k < n_letters; ++k) {
    const Scalar a = dense[k * n_actors + u];
    const Scalar b = dense[k * n_actors + v];
    count += a * b;
    if (a != 0 && b != 0) {
      newman += a * b / static_cast<Scalar>(signers[k] - 1);
      shared += 1;
    }
    du += a != 0;
    dv += b != 0;
    either += a != 0 || b != 0;
  }
  switch (weighting) {
    case cosignet::Weighting::Count:
      return count;
    case cosignet::Weighting::Newman:
      return newman;
    case cosignet::Weighting::Jaccard:
      return either > 0 ? shared / either : 0;
    case cosignet::Weighting::Overlap:
      return shared > 0 ? shared / std::min(du, dv) : 0;
    case cosignet::Weighting::Ratio:
      return shared / static_cast<Scalar>(n_letters);
  }
  return 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ByteReader bytes(data, size);
  const Index n_letters = bytes.next() % kMaxSide + 1;
  const Index n_actors = bytes.next() % kMaxSide + 1;
  const bool weighted = (bytes.next() & 1) != 0;
  std::vector<Index> rows, cols;
  std::vector<Scalar> weights;
  while (!bytes.done() && rows.size() < 256) {
    // Codes run a little past the valid range (and below it), so bad codes are exercised too.
    const std::uint8_t row = bytes.next();
    const std::uint8_t col = bytes.next();
    const std::uint8_t weight = bytes.next();
    rows.push_back(row == 255 ? -1 : static_cast<Index>(row % (n_letters + 2)));
    cols.push_back(static_cast<Index>(col % (n_actors + 2)));
    weights.push_back(weight_from(weight));
  }
  const Index n = static_cast<Index>(rows.size());
  const bool valid_codes =
      std::all_of(rows.begin(), rows.end(), [&](Index r) { return r >= 0 && r < n_letters; }) &&
      std::all_of(cols.begin(), cols.end(), [&](Index c) { return c >= 0 && c < n_actors; });
  const bool valid_weights = !weighted || std::all_of(weights.begin(), weights.end(), [](Scalar w) {
    return std::isfinite(w) && w > 0;
  });
  cosignet::IncidenceBuild built;
  try {
    built = cosignet::build_incidence(rows.data(), cols.data(), weighted ? weights.data() : nullptr,
                                      n, n_letters, n_actors);
  } catch (const cosignet::InvalidInput&) {
    require(!(valid_codes && valid_weights));  // refused only what is invalid
    return 0;
  }
  require(valid_codes && valid_weights);

  // The matrix: well formed, each entry the (summed) weight of its pairs.
  const cosignet::CsrView matrix = built.matrix.view();
  cosignet::validate_csr(matrix, "built", true);
  std::vector<Scalar> dense(static_cast<std::size_t>(n_letters * n_actors), 0.0);
  std::vector<bool> seen(dense.size(), false);
  Index duplicates = 0;
  for (Index i = 0; i < n; ++i) {
    const std::size_t at = static_cast<std::size_t>(rows[i] * n_actors + cols[i]);
    duplicates += seen[at];
    seen[at] = true;
    dense[at] = weighted ? dense[at] + weights[i] : 1.0;
  }
  require(built.duplicates == duplicates);
  require(matrix.nonZeros() == static_cast<Index>(std::count(seen.begin(), seen.end(), true)));
  for (Index r = 0; r < n_letters; ++r) {
    for (Index p = matrix.outerIndexPtr()[r]; p < matrix.outerIndexPtr()[r + 1]; ++p) {
      require(close(matrix.valuePtr()[p], dense[r * n_actors + matrix.innerIndexPtr()[p]]));
    }
  }

  // The projection onto actors, for every weighting and two thresholds, against the dense one.
  std::vector<Index> signers(static_cast<std::size_t>(n_letters), 0);
  for (Index k = 0; k < n_letters; ++k) signers[k] = cosignet::row_size(matrix, k);
  const cosignet::CsrBuffers transposed = cosignet::transpose(matrix);
  const cosignet::CsrBuffers back = cosignet::transpose(transposed.view());
  require(back.nnz() == built.matrix.nnz());
  for (const auto weighting :
       {cosignet::Weighting::Count, cosignet::Weighting::Newman, cosignet::Weighting::Jaccard,
        cosignet::Weighting::Overlap, cosignet::Weighting::Ratio}) {
    for (const Scalar min_weight : {0.0, 1.5}) {
      const cosignet::ProjectionOptions options{weighting, min_weight};
      const cosignet::CsrBuffers upper =
          cosignet::project_upper(transposed.view(), matrix, options);
      require(cosignet::projection_size(transposed.view(), matrix, options) == upper.nnz());
      cosignet::validate_csr(upper.view(), "projection", true);
      Index expected_ties = 0;
      for (Index u = 0; u < n_actors; ++u) {
        for (Index v = u + 1; v < n_actors; ++v) {
          const Scalar w = dense_tie(dense, signers, n_letters, n_actors, u, v, weighting);
          const Index* first = upper.indices.data() + upper.indptr.data()[u];
          const Index* last = upper.indices.data() + upper.indptr.data()[u + 1];
          const Index* found = std::lower_bound(first, last, v);
          const bool stored = found != last && *found == v;
          const bool tied = w > 0 && w >= min_weight;
          require(stored == tied);
          if (stored) require(close(upper.data.data()[found - upper.indices.data()], w));
          expected_ties += tied;
        }
      }
      require(expected_ties == upper.nnz());
    }
  }
  return 0;
}
