#include "cosignet/projection.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "cosignet/errors.hpp"
#include "cosignet/parallel.hpp"

namespace cosignet {
namespace {

/// Per-thread scratch space for one output row (Gustavson's sparse accumulator).
struct RowAccumulator {
  std::vector<Scalar> value;  // accumulated weight per column
  std::vector<Index> stamp;   // row that last touched a column: no clearing between rows
  std::vector<Index> touched;
  std::vector<std::uint64_t> bits;  // for emitting dense rows in order without sorting

  explicit RowAccumulator(Index n)
      : value(static_cast<std::size_t>(n)),
        stamp(static_cast<std::size_t>(n), -1),
        bits(static_cast<std::size_t>((n + 63) / 64), 0) {}
};

/// The ties of one chunk of consecutive rows.
struct ChunkTies {
  Buffer<Index> indices;
  Buffer<Scalar> data;
  Index count = 0;
};

class Projector {
 public:
  Projector(const CsrView& incidence, const CsrView& transposed, const ProjectionOptions& options)
      : inc_(incidence), tr_(transposed), options_(options) {
    require(incidence.rows() == transposed.cols() && incidence.cols() == transposed.rows() &&
                incidence.nonZeros() == transposed.nonZeros(),
            "projection: the two incidence views are not transposes of each other");
    require(std::isfinite(options.min_weight) && options.min_weight >= 0,
            "min_weight must be a finite number >= 0");
    binary_ = options.weighting == Weighting::Jaccard || options.weighting == Weighting::Overlap ||
              options.weighting == Weighting::Ratio;
  }

  Index rows() const { return inc_.rows(); }

  /// Splits the rows into chunks of about equal work (sum of letter sizes per row).
  std::vector<Index> chunk_bounds() const {
    const Index n = rows();
    std::vector<Index> cumulative(static_cast<std::size_t>(n) + 1, 0);
    const Index* ptr = inc_.outerIndexPtr();
    const Index* idx = inc_.innerIndexPtr();
    const Index* tptr = tr_.outerIndexPtr();
    for (Index u = 0; u < n; ++u) {
      Index work = 1;
      for (Index p = ptr[u]; p < ptr[u + 1]; ++p) work += tptr[idx[p] + 1] - tptr[idx[p]];
      cumulative[u + 1] = cumulative[u] + work;
    }
    const Index n_chunks =
        std::max<Index>(1, std::min<Index>(n, 64 * static_cast<Index>(get_num_threads())));
    std::vector<Index> bounds{0};
    for (Index c = 1; c < n_chunks; ++c) {
      const Index target = cumulative[n] / n_chunks * c;
      const Index row =
          std::lower_bound(cumulative.begin(), cumulative.end(), target) - cumulative.begin();
      if (row > bounds.back() && row < n) bounds.push_back(row);
    }
    bounds.push_back(n);
    return bounds;
  }

  /// Accumulates row u's ties to v > u into @p acc (acc.touched lists them, unsorted).
  void accumulate(Index u, RowAccumulator& acc, Index& lo, Index& hi) const {
    const Index* ptr = inc_.outerIndexPtr();
    const Index* idx = inc_.innerIndexPtr();
    const Scalar* val = inc_.valuePtr();
    const Index* tptr = tr_.outerIndexPtr();
    const Index* tidx = tr_.innerIndexPtr();
    const Scalar* tval = tr_.valuePtr();
    acc.touched.clear();
    lo = rows();
    hi = -1;
    for (Index p = ptr[u]; p < ptr[u + 1]; ++p) {
      const Index k = idx[p];
      const Index size = tptr[k + 1] - tptr[k];
      if (size < 2) continue;
      Scalar factor = binary_ ? 1.0 : val[p];
      if (options_.weighting == Weighting::Newman) factor /= static_cast<Scalar>(size - 1);
      // Only partners after u: each pair is visited once, from its smaller end.
      const Index* first = std::upper_bound(tidx + tptr[k], tidx + tptr[k + 1], u);
      for (const Index* q = first; q != tidx + tptr[k + 1]; ++q) {
        const Index v = *q;
        const Scalar add = binary_ ? 1.0 : factor * tval[q - tidx];
        if (acc.stamp[v] != u) {
          acc.stamp[v] = u;
          acc.value[v] = add;
          acc.touched.push_back(v);
          lo = std::min(lo, v);
          hi = std::max(hi, v);
        } else {
          acc.value[v] += add;
        }
      }
    }
  }

  /// Final weight of the tie (u, v) from its accumulated value.
  Scalar finish(Index u, Index v, Scalar accumulated) const {
    switch (options_.weighting) {
      case Weighting::Count:
      case Weighting::Newman:
        return accumulated;
      case Weighting::Jaccard:
        return accumulated /
               (static_cast<Scalar>(row_size(inc_, u) + row_size(inc_, v)) - accumulated);
      case Weighting::Overlap:
        return accumulated / static_cast<Scalar>(std::min(row_size(inc_, u), row_size(inc_, v)));
      case Weighting::Ratio:
        return accumulated / static_cast<Scalar>(inc_.cols());
    }
    return accumulated;
  }

  /// Puts acc.touched in increasing order: a bitmap scan for dense rows, a sort otherwise.
  static void order_touched(RowAccumulator& acc, Index lo, Index hi) {
    const auto t = static_cast<double>(acc.touched.size());
    const double sort_cost = t * std::log2(t + 2.0);
    const double scan_cost = static_cast<double>(hi - lo) / 64.0 + 2.0 * t;
    if (sort_cost <= scan_cost) {
      std::sort(acc.touched.begin(), acc.touched.end());
      return;
    }
    for (const Index v : acc.touched) acc.bits[v >> 6] |= std::uint64_t{1} << (v & 63);
    acc.touched.clear();
    for (Index word = lo >> 6; word <= hi >> 6; ++word) {
      std::uint64_t bits = acc.bits[word];
      acc.bits[word] = 0;
      while (bits != 0) {
        acc.touched.push_back(word * 64 + __builtin_ctzll(bits));
        bits &= bits - 1;
      }
    }
  }

  /// Runs the chunks in parallel; `emit(chunk, u, acc, lo, hi)` handles each finished row.
  template <typename Emit>
  void run(const std::vector<Index>& bounds, Emit&& emit) const {
    const Index n_chunks = static_cast<Index>(bounds.size()) - 1;
    // One count for both: the thread count may change meanwhile (set_num_threads elsewhere).
    const int n_workers = parallel_workers(n_chunks);
    std::vector<std::unique_ptr<RowAccumulator>> workspaces(static_cast<std::size_t>(n_workers));
    parallel_for(n_chunks, n_workers, [&](Index chunk, int worker) {
      auto& acc = workspaces[static_cast<std::size_t>(worker)];
      if (!acc) acc = std::make_unique<RowAccumulator>(rows());
      for (Index u = bounds[chunk]; u < bounds[chunk + 1]; ++u) {
        Index lo = 0;
        Index hi = 0;
        accumulate(u, *acc, lo, hi);
        emit(chunk, u, *acc, lo, hi);
      }
    });
  }

  bool keep(Scalar weight) const { return weight >= options_.min_weight; }

 private:
  CsrView inc_;
  CsrView tr_;
  ProjectionOptions options_;
  bool binary_ = false;
};

}  // namespace

CsrBuffers project_upper(const CsrView& incidence, const CsrView& transposed,
                         const ProjectionOptions& options) {
  const Projector projector(incidence, transposed, options);
  const Index n = projector.rows();
  const std::vector<Index> bounds = projector.chunk_bounds();
  const Index n_chunks = static_cast<Index>(bounds.size()) - 1;

  CsrBuffers out;
  out.rows = n;
  out.cols = n;
  out.indptr.resize(n + 1);
  out.indptr[0] = 0;
  std::vector<ChunkTies> chunks(static_cast<std::size_t>(n_chunks));
  projector.run(bounds, [&](Index chunk, Index u, RowAccumulator& acc, Index lo, Index hi) {
    ChunkTies& ties = chunks[static_cast<std::size_t>(chunk)];
    const Index before = ties.indices.size();
    if (!acc.touched.empty()) {
      Projector::order_touched(acc, lo, hi);
      for (const Index v : acc.touched) {
        const Scalar weight = projector.finish(u, v, acc.value[v]);
        if (!projector.keep(weight)) continue;
        ties.indices.push_back(v);
        ties.data.push_back(weight);
      }
    }
    out.indptr[u + 1] = ties.indices.size() - before;  // row length; summed below
  });
  for (Index u = 0; u < n; ++u) out.indptr[u + 1] += out.indptr[u];
  const Index nnz = out.indptr[n];

  // Stitch the chunks in row order. The first chunk's blocks grow in place (realloc remaps
  // large blocks), every other chunk is freed as soon as it is copied: peak memory stays
  // close to the size of the output.
  out.indices = std::move(chunks[0].indices);
  out.data = std::move(chunks[0].data);
  Index offset = out.indices.size();
  out.indices.resize(nnz);
  out.data.resize(nnz);
  for (std::size_t c = 1; c < chunks.size(); ++c) {
    ChunkTies& ties = chunks[c];
    const Index count = ties.indices.size();
    if (count > 0) {
      std::memcpy(out.indices.data() + offset, ties.indices.data(),
                  sizeof(Index) * static_cast<std::size_t>(count));
      std::memcpy(out.data.data() + offset, ties.data.data(),
                  sizeof(Scalar) * static_cast<std::size_t>(count));
    }
    offset += count;
    ties = ChunkTies();
  }
  return out;
}

Index projection_size(const CsrView& incidence, const CsrView& transposed,
                      const ProjectionOptions& options) {
  const Projector projector(incidence, transposed, options);
  const std::vector<Index> bounds = projector.chunk_bounds();
  std::vector<Index> per_chunk(bounds.size() - 1, 0);
  const bool every_tie = options.min_weight <= 0;
  projector.run(bounds, [&](Index chunk, Index u, RowAccumulator& acc, Index, Index) {
    Index kept = 0;
    if (every_tie) {
      kept = static_cast<Index>(acc.touched.size());
    } else {
      for (const Index v : acc.touched)
        kept += projector.keep(projector.finish(u, v, acc.value[v]));
    }
    per_chunk[static_cast<std::size_t>(chunk)] += kept;
  });
  Index total = 0;
  for (const Index count : per_chunk) total += count;
  return total;
}

Index pair_contributions(const CsrView& transposed) {
  Index total = 0;
  for (Index k = 0; k < transposed.rows(); ++k) {
    const Index size = row_size(transposed, k);
    total += size * (size - 1) / 2;
  }
  return total;
}

CsrBuffers symmetrize_upper(const CsrView& upper) {
  const Index n = upper.rows();
  require(upper.cols() == n, "symmetrize_upper: the matrix is not square");
  const Index* ptr = upper.outerIndexPtr();
  const Index* idx = upper.innerIndexPtr();
  const Scalar* val = upper.valuePtr();
  CsrBuffers out;
  out.rows = n;
  out.cols = n;
  out.indptr.resize(n + 1);
  std::fill(out.indptr.begin(), out.indptr.end(), 0);
  for (Index u = 0; u < n; ++u) {
    out.indptr[u + 1] += ptr[u + 1] - ptr[u];
    for (Index p = ptr[u]; p < ptr[u + 1]; ++p) {
      require(idx[p] > u, "symmetrize_upper: entry below or on the diagonal");
      ++out.indptr[idx[p] + 1];
    }
  }
  for (Index u = 0; u < n; ++u) out.indptr[u + 1] += out.indptr[u];
  out.indices.resize(out.indptr[n]);
  out.data.resize(out.indptr[n]);
  Buffer<Index> cursor(n);
  std::copy(out.indptr.begin(), out.indptr.begin() + n, cursor.begin());
  // Row u holds its lower entries (v < u, appended in increasing v) before its upper ones.
  for (Index u = 0; u < n; ++u) {
    for (Index p = ptr[u]; p < ptr[u + 1]; ++p) {
      const Index q = cursor[idx[p]]++;
      out.indices[q] = u;
      out.data[q] = val[p];
    }
    const Index count = ptr[u + 1] - ptr[u];
    if (count > 0) {
      std::memcpy(out.indices.data() + cursor[u], idx + ptr[u],
                  sizeof(Index) * static_cast<std::size_t>(count));
      std::memcpy(out.data.data() + cursor[u], val + ptr[u],
                  sizeof(Scalar) * static_cast<std::size_t>(count));
    }
    cursor[u] += count;
  }
  return out;
}

}  // namespace cosignet
