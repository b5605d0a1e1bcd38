/// @file backbone.hpp
/// @brief Statistical backbones of bipartite projections: which co-signature counts exceed (or
/// fall short of) what a null model of the two-mode network expects.
///
/// The kernel streams pairs: it accumulates each projected row as the projection does, tests
/// every tie of that row against the null model and keeps only the pairs whose p-value falls
/// below a threshold. No n x n matrix is ever formed, so memory is the kept pairs plus one
/// accumulator per thread.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>

#include "cosignet/bicm.hpp"
#include "cosignet/buffer.hpp"
#include "cosignet/distributions.hpp"
#include "cosignet/types.hpp"

namespace cosignet {

/// The null models of the co-signature count W_uv of two nodes u, v of the projected side (n
/// nodes, each tied to letters of the other side, m letters, F ties in all).
enum class BackboneModel {
  /// Every n x m incidence with F ties is equally likely (Neal, Domagalski and Sagan 2021).
  FixedFill,
  /// The degrees of the projected side are fixed, the other side's free: W_uv is
  /// hypergeometric(m, d_u, d_v) (Tumminello et al. 2011; Neal 2013).
  FixedRow,
  /// The degrees of the other side are fixed: letter k holds both u and v with probability
  /// c_k (c_k - 1) / (n (n - 1)), so W_uv is Poisson binomial, the same for every pair.
  FixedColumn,
  /// The stochastic degree sequence model (Neal 2014) on the bipartite configuration model
  /// (Saracco et al. 2015): W_uv is Poisson binomial with probabilities p_uk p_vk.
  Sdsm,
};

/// How the Poisson binomial tails of the SDSM are computed.
enum class TailMethod {
  RefinedNormal,  ///< Hong's (2013) refined normal approximation (fast)
  Exact,          ///< DFT of the characteristic function (Hong 2013)
};

struct BackboneOptions {
  BackboneModel model = BackboneModel::Sdsm;
  TailMethod method = TailMethod::RefinedNormal;
  /// Also test whether pairs co-sign less than expected (lower tail), every pair of nodes
  /// included, also those that never co-sign.
  bool signed_backbone = false;
  /// Keep a pair when its p-value is below this (the p-value of the tail that is tested).
  Scalar keep_below = 0.05;
  /// Throw TooLarge rather than keep more pairs than this.
  Index max_pairs = std::numeric_limits<Index>::max();
  BicmOptions bicm;
};

/// The kept pairs, sorted by (source, target) with source < target.
struct BackbonePairs {
  Buffer<Index> source;
  Buffer<Index> target;
  Buffer<Scalar> observed;     ///< W_uv, the number of letters u and v both signed
  Buffer<Scalar> expected;     ///< E[W_uv] under the null model
  Buffer<Scalar> pvalue;       ///< P(W >= W_uv) for positive pairs, P(W <= W_uv) for negative ones
  Buffer<Scalar> sign;         ///< +1 (more than expected) or -1 (less than expected)
  Index co_signing_pairs = 0;  ///< pairs with W_uv > 0 (those tested by an unsigned backbone)
  int bicm_iterations = 0;     ///< Newton steps of the SDSM's BiCM fit (0 for other models)
  Scalar bicm_max_degree_error = 0.0;

  Index size() const { return source.size(); }
};

/// Tests the pairs of nodes of the projection onto the rows of @p incidence (n x m, binary,
/// sorted indices; @p transposed is its m x n transpose) and returns those whose p-value is
/// below options.keep_below. Runs in parallel, honours check_interrupt(), and gives the same
/// result for every thread count.
///
/// @throws TooLarge when more than options.max_pairs pairs would be kept.
/// @throws ConvergenceFailure when the SDSM's BiCM has no solution (see solve_bicm()).
BackbonePairs backbone_pairs(const CsrView& incidence, const CsrView& transposed,
                             const BackboneOptions& options);

/// The distribution of W_uv under the fixed-fill model for an n x m incidence with @p fill ties,
/// the same for every pair: P(W = k) is proportional to
/// sum_r C(m, k) C(m - k, r) 2^r C((n - 2) m, F - 2k - r), r being the letters only one of the
/// two signed.
WindowedPmf fixed_fill_distribution(Index n, Index m, Index fill);

/// The distribution of W_uv under the fixed-column model: the Poisson binomial of the
/// probabilities c_k (c_k - 1) / (n (n - 1)) over the other side's degrees @p col_degrees.
WindowedPmf fixed_column_distribution(Index n, const std::vector<Index>& col_degrees);

}  // namespace cosignet
