#include "cosignet/projection.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <type_traits>
#include <vector>

#include "cosignet/errors.hpp"
#include "cosignet/parallel.hpp"

namespace cosignet {
namespace {

/// Per-thread scratch space for one output row (Gustavson's sparse accumulator).
struct RowAccumulator {
  /// Accumulated weight per column; 0 means untouched, since every contribution is positive.
  /// Emitting a row resets the entries it touched, so nothing is cleared between rows.
  std::vector<Scalar> value;
  /// Columns touched by the current row, as runs of increasing columns (one run per letter).
  std::vector<Index> touched;
  std::vector<Index> run_starts;
  std::vector<Index> scratch;       // the other half of the run merges
  std::vector<std::uint64_t> bits;  // for ordering dense rows with a bitmap scan
  Index lo = 0;                     // smallest and largest touched column
  Index hi = -1;

  explicit RowAccumulator(Index n)
      : value(static_cast<std::size_t>(n), 0.0), bits(static_cast<std::size_t>((n + 63) / 64), 0) {}

  /// Puts `touched` in increasing order: it is a concatenation of sorted runs, so merging them
  /// costs t log2(runs); a bitmap scan over [lo, hi] is cheaper when the row is dense.
  void order() {
    const std::size_t runs = run_starts.size();
    if (runs <= 1) return;
    const double t = static_cast<double>(touched.size());
    const double merge_cost = t * std::ceil(std::log2(static_cast<double>(runs)));
    const double scan_cost = 0.5 * static_cast<double>((hi >> 6) - (lo >> 6) + 1) + 1.5 * t;
    if (scan_cost < merge_cost) {
      order_by_bitmap();
    } else {
      merge_runs();
    }
  }

 private:
  void order_by_bitmap() {
    for (const Index v : touched) bits[v >> 6] |= std::uint64_t{1} << (v & 63);
    touched.clear();
    for (Index word = lo >> 6; word <= hi >> 6; ++word) {
      std::uint64_t pending = bits[word];
      bits[word] = 0;
      while (pending != 0) {
        touched.push_back(word * 64 + __builtin_ctzll(pending));
        pending &= pending - 1;
      }
    }
  }

  /// Bottom-up merge of neighbouring runs, alternating between `touched` and `scratch`.
  void merge_runs() {
    run_starts.push_back(static_cast<Index>(touched.size()));  // end of the last run
    scratch.resize(touched.size());
    while (run_starts.size() > 2) {
      const std::size_t runs = run_starts.size() - 1;
      std::size_t kept = 0;
      for (std::size_t i = 0; i < runs; i += 2) {
        const auto begin = static_cast<std::ptrdiff_t>(run_starts[i]);
        const auto middle = static_cast<std::ptrdiff_t>(run_starts[i + 1]);
        const auto end = static_cast<std::ptrdiff_t>(i + 2 <= runs ? run_starts[i + 2] : middle);
        std::merge(touched.begin() + begin, touched.begin() + middle, touched.begin() + middle,
                   touched.begin() + end, scratch.begin() + begin);
        run_starts[kept++] = run_starts[i];
      }
      run_starts[kept++] = run_starts[runs];
      run_starts.resize(kept);
      touched.swap(scratch);
    }
  }
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

  /// Takes the rows in the order of @p order (a permutation of the rows; nullptr: natural).
  void set_order(const Index* order) { order_ = order; }
  Index row_at(Index position) const { return order_ != nullptr ? order_[position] : position; }

  /// Splits the rows into chunks of about equal work (sum of letter sizes per row).
  std::vector<Index> chunk_bounds() const {
    const Index n = rows();
    std::vector<Index> cumulative(static_cast<std::size_t>(n) + 1, 0);
    const Index* ptr = inc_.outerIndexPtr();
    const Index* idx = inc_.innerIndexPtr();
    const Index* tptr = tr_.outerIndexPtr();
    for (Index position = 0; position < n; ++position) {
      const Index u = row_at(position);
      Index work = 1;
      for (Index p = ptr[u]; p < ptr[u + 1]; ++p) work += tptr[idx[p] + 1] - tptr[idx[p]];
      cumulative[position + 1] = cumulative[position] + work;
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

  /// Accumulates row u's ties to every v > u into @p acc.
  template <bool kBinary>
  void accumulate(Index u, RowAccumulator& acc) const {
    const Index* ptr = inc_.outerIndexPtr();
    const Index* idx = inc_.innerIndexPtr();
    const Scalar* val = inc_.valuePtr();
    const Index* tptr = tr_.outerIndexPtr();
    const Index* tidx = tr_.innerIndexPtr();
    const Scalar* tval = tr_.valuePtr();
    const bool newman = options_.weighting == Weighting::Newman;
    acc.touched.clear();
    acc.run_starts.clear();
    acc.lo = rows();
    acc.hi = -1;
    Scalar* value = acc.value.data();
    for (Index p = ptr[u]; p < ptr[u + 1]; ++p) {
      const Index k = idx[p];
      const Index size = tptr[k + 1] - tptr[k];
      if (size < 2) continue;
      // Only partners after u: each pair is visited once, from its smaller end.
      const Index* first = std::upper_bound(tidx + tptr[k], tidx + tptr[k + 1], u);
      const Index* last = tidx + tptr[k + 1];
      if (first == last) continue;
      const auto run_start = static_cast<Index>(acc.touched.size());
      if constexpr (kBinary) {
        for (const Index* q = first; q != last; ++q) {
          Scalar& slot = value[*q];
          if (slot == 0) acc.touched.push_back(*q);
          slot += 1.0;
        }
      } else {
        const Scalar factor = newman ? val[p] / static_cast<Scalar>(size - 1) : val[p];
        const Scalar* weights = tval + (first - tidx);
        for (const Index* q = first; q != last; ++q, ++weights) {
          Scalar& slot = value[*q];
          if (slot == 0) acc.touched.push_back(*q);
          // 0 marks an untouched column, so a product of tiny weights that underflows
          // (1e-200 * 1e-200) counts as the smallest positive number instead.
          slot += std::max(factor * *weights, std::numeric_limits<Scalar>::denorm_min());
        }
      }
      if (static_cast<Index>(acc.touched.size()) > run_start) {
        acc.run_starts.push_back(run_start);
        acc.lo = std::min(acc.lo, acc.touched[static_cast<std::size_t>(run_start)]);
        acc.hi = std::max(acc.hi, acc.touched.back());
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

  bool keep(Scalar weight) const { return weight >= options_.min_weight; }

  /// Runs the chunks in parallel; `emit(chunk, u, acc)` handles each accumulated row and must
  /// reset the values it touched.
  template <typename Emit>
  void run(const std::vector<Index>& bounds, Emit&& emit) const {
    // One count for both: the thread count may change meanwhile (set_num_threads elsewhere).
    run(bounds, parallel_workers(static_cast<Index>(bounds.size()) - 1), emit);
  }

  /// As above on at most @p n_workers threads; emit may also take the worker as 4th argument.
  template <typename Emit>
  void run(const std::vector<Index>& bounds, int n_workers, Emit&& emit) const {
    const Index n_chunks = static_cast<Index>(bounds.size()) - 1;
    n_workers = parallel_workers(std::min<Index>(n_chunks, n_workers));
    std::vector<std::unique_ptr<RowAccumulator>> workspaces(static_cast<std::size_t>(n_workers));
    parallel_for(n_chunks, n_workers, [&](Index chunk, int worker) {
      auto& acc = workspaces[static_cast<std::size_t>(worker)];
      if (!acc) acc = std::make_unique<RowAccumulator>(rows());
      for (Index position = bounds[chunk]; position < bounds[chunk + 1]; ++position) {
        const Index u = row_at(position);
        if (binary_) {
          accumulate<true>(u, *acc);
        } else {
          accumulate<false>(u, *acc);
        }
        if constexpr (std::is_invocable_v<Emit, Index, Index, RowAccumulator&, int>) {
          emit(chunk, u, *acc, worker);
        } else {
          emit(chunk, u, *acc);
        }
      }
    });
  }

 private:
  CsrView inc_;
  CsrView tr_;
  ProjectionOptions options_;
  bool binary_ = false;
  const Index* order_ = nullptr;
};

}  // namespace

namespace {

/// Number of ties of the accumulated row u that pass min_weight; resets the accumulator.
Index count_row(const Projector& projector, Index u, RowAccumulator& acc) {
  Index kept = 0;
  for (const Index v : acc.touched) {
    kept += projector.keep(projector.finish(u, v, acc.value[static_cast<std::size_t>(v)]));
    acc.value[static_cast<std::size_t>(v)] = 0.0;
  }
  return kept;
}

/// Keeps only the ties of the accumulated row u that pass min_weight, storing their final
/// weight in acc.value and resetting the others, so ordering sorts only what is kept.
void keep_passing(const Projector& projector, Index u, RowAccumulator& acc) {
  std::size_t write = 0;
  std::size_t run_write = 0;
  acc.lo = projector.rows();
  acc.hi = -1;
  const std::size_t runs = acc.run_starts.size();
  for (std::size_t r = 0; r < runs; ++r) {
    const auto begin = static_cast<std::size_t>(acc.run_starts[r]);
    const std::size_t end =
        r + 1 < runs ? static_cast<std::size_t>(acc.run_starts[r + 1]) : acc.touched.size();
    const std::size_t run_begin = write;
    for (std::size_t k = begin; k < end; ++k) {
      const Index v = acc.touched[k];
      Scalar& value = acc.value[static_cast<std::size_t>(v)];
      const Scalar weight = projector.finish(u, v, value);
      if (projector.keep(weight)) {
        value = weight;
        acc.touched[write++] = v;
        acc.lo = std::min(acc.lo, v);
        acc.hi = std::max(acc.hi, v);
      } else {
        value = 0.0;
      }
    }
    if (write > run_begin) acc.run_starts[run_write++] = static_cast<Index>(run_begin);
  }
  acc.touched.resize(write);
  acc.run_starts.resize(run_write);
}

/// Turns the accumulated row u into final weights: keeps only the ties that pass min_weight
/// when @p filter is set, else finishes every touched entry in place.
void finish_row(const Projector& projector, Index u, RowAccumulator& acc, bool filter) {
  if (filter) {
    keep_passing(projector, u, acc);
    return;
  }
  for (const Index v : acc.touched) {
    Scalar& value = acc.value[static_cast<std::size_t>(v)];
    value = projector.finish(u, v, value);
  }
}

}  // namespace

Buffer<Index> projection_indptr(const CsrView& incidence, const CsrView& transposed,
                                const ProjectionOptions& options) {
  const Projector projector(incidence, transposed, options);
  const Index n = projector.rows();
  Buffer<Index> indptr(n + 1);
  indptr[0] = 0;
  projector.run(projector.chunk_bounds(), [&](Index, Index u, RowAccumulator& acc) {
    indptr[u + 1] = count_row(projector, u, acc);
  });
  for (Index u = 0; u < n; ++u) indptr[u + 1] += indptr[u];
  return indptr;
}

CsrBuffers project_upper(const CsrView& incidence, const CsrView& transposed,
                         const ProjectionOptions& options, Buffer<Index> indptr) {
  const Projector projector(incidence, transposed, options);
  const Index n = projector.rows();
  require(indptr.size() == n + 1 && indptr[0] == 0,
          "indptr must come from projection_indptr() on the same incidence");
  // The counts fix every row's place, so rows are written in place: no growth, no
  // stitching, peak memory = the output.
  CsrBuffers out;
  out.rows = n;
  out.cols = n;
  out.indices.resize(indptr[n]);
  out.data.resize(indptr[n]);
  const bool filter = options.min_weight > 0;
  projector.run(projector.chunk_bounds(), [&](Index, Index u, RowAccumulator& acc) {
    finish_row(projector, u, acc, filter);
    require(static_cast<Index>(acc.touched.size()) == indptr[u + 1] - indptr[u],
            "indptr does not match this projection");
    acc.order();
    Index* columns = out.indices.data() + indptr[u];
    Scalar* weights = out.data.data() + indptr[u];
    for (const Index v : acc.touched) {
      *columns++ = v;
      *weights++ = acc.value[static_cast<std::size_t>(v)];
      acc.value[static_cast<std::size_t>(v)] = 0.0;
    }
  });
  out.indptr = std::move(indptr);
  return out;
}

CsrBuffers project_upper(const CsrView& incidence, const CsrView& transposed,
                         const ProjectionOptions& options) {
  return project_upper(incidence, transposed, options,
                       projection_indptr(incidence, transposed, options));
}

Index projection_size(const CsrView& incidence, const CsrView& transposed,
                      const ProjectionOptions& options) {
  const Projector projector(incidence, transposed, options);
  const std::vector<Index> bounds = projector.chunk_bounds();
  std::vector<Index> per_chunk(bounds.size() - 1, 0);
  projector.run(bounds, [&](Index chunk, Index u, RowAccumulator& acc) {
    per_chunk[static_cast<std::size_t>(chunk)] += count_row(projector, u, acc);
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

void visit_projection_rows(const CsrView& incidence, const CsrView& transposed,
                           const ProjectionOptions& options, const std::vector<Index>& order,
                           int n_workers, const std::function<void(const ProjectedRow&)>& visit) {
  Projector projector(incidence, transposed, options);
  const Index n = projector.rows();
  if (!order.empty()) {
    require(static_cast<Index>(order.size()) == n,
            "visit_projection_rows: order must list every row");
    projector.set_order(order.data());
  }
  const bool filter = options.min_weight > 0;
  std::vector<std::vector<Scalar>> weights(static_cast<std::size_t>(std::max(1, n_workers)));
  projector.run(projector.chunk_bounds(), std::max(1, n_workers),
                [&](Index, Index u, RowAccumulator& acc, int worker) {
                  finish_row(projector, u, acc, filter);
                  std::vector<Scalar>& row = weights[static_cast<std::size_t>(worker)];
                  row.clear();
                  for (const Index v : acc.touched) {
                    row.push_back(acc.value[static_cast<std::size_t>(v)]);
                    acc.value[static_cast<std::size_t>(v)] = 0.0;
                  }
                  visit(ProjectedRow{u, acc.touched.data(), row.data(),
                                     static_cast<Index>(row.size()), worker});
                });
}

CsrBuffers symmetrize_upper(const CsrView& upper) {
  const Index n = upper.rows();
  require(upper.cols() == n, "symmetrize_upper: the matrix is not square");
  const Index* ptr = upper.outerIndexPtr();
  const Index* idx = upper.innerIndexPtr();
  const Scalar* val = upper.valuePtr();
  // Row blocks of about equal size, one per worker. Worker t counts, then writes, the lower
  // entries its rows give to every row; block order makes each lower part come out sorted.
  const int workers = parallel_workers(std::max<Index>(1, upper.nonZeros() / 100000));
  std::vector<Index> bounds{0};
  for (int t = 1; t < workers; ++t) {
    const Index target = upper.nonZeros() / workers * t;
    bounds.push_back(std::upper_bound(ptr, ptr + n + 1, target) - ptr - 1);
    bounds.back() = std::max(bounds.back(), bounds[bounds.size() - 2]);
  }
  bounds.push_back(n);
  std::vector<Buffer<Index>> counts(static_cast<std::size_t>(workers));
  parallel_for(workers, workers, [&](Index t, int) {
    Buffer<Index>& count = counts[static_cast<std::size_t>(t)];
    count.resize(n);
    std::fill(count.begin(), count.end(), 0);
    for (Index u = bounds[t]; u < bounds[t + 1]; ++u) {
      for (Index p = ptr[u]; p < ptr[u + 1]; ++p) {
        require(idx[p] > u, "symmetrize_upper: entry below or on the diagonal");
        ++count[idx[p]];
      }
    }
  });
  CsrBuffers out;
  out.rows = n;
  out.cols = n;
  out.indptr.resize(n + 1);
  out.indptr[0] = 0;
  // Turn counts into each worker's write position in every row; upper parts go last.
  for (Index v = 0; v < n; ++v) {
    Index at = out.indptr[v];
    for (auto& count : counts) {
      const Index c = count[v];
      count[v] = at;
      at += c;
    }
    out.indptr[v + 1] = at + (ptr[v + 1] - ptr[v]);
  }
  out.indices.resize(out.indptr[n]);
  out.data.resize(out.indptr[n]);
  parallel_for(workers, workers, [&](Index t, int) {
    Buffer<Index>& cursor = counts[static_cast<std::size_t>(t)];
    for (Index u = bounds[t]; u < bounds[t + 1]; ++u) {
      const Index count = ptr[u + 1] - ptr[u];
      for (Index p = ptr[u]; p < ptr[u + 1]; ++p) {
        const Index q = cursor[idx[p]]++;
        out.indices[q] = u;
        out.data[q] = val[p];
      }
      if (count > 0) {
        const Index at = out.indptr[u + 1] - count;
        std::memcpy(out.indices.data() + at, idx + ptr[u],
                    sizeof(Index) * static_cast<std::size_t>(count));
        std::memcpy(out.data.data() + at, val + ptr[u],
                    sizeof(Scalar) * static_cast<std::size_t>(count));
      }
    }
  });
  return out;
}

}  // namespace cosignet
