/// @file match.hpp
/// @brief Fuzzy matching of names and clustering of matches under hard constraints.
///
/// Names arrive normalised (see cosignet/identity.py): lower case, ASCII where a letter has
/// an ASCII form, tokens separated by single spaces. Strings are compared by Unicode code
/// point, so what normalisation leaves (Chinese characters, for example) still compares.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cosignet/buffer.hpp"
#include "cosignet/types.hpp"

namespace cosignet {

/// Jaro-Winkler similarity in [0, 1] of two UTF-8 strings, by code point (prefix scale 0.1,
/// prefix up to 4). Invalid UTF-8 bytes count as one code point each.
double jaro_winkler(std::string_view a, std::string_view b);

/// Similarity in [0, 1] of two normalised names.
///
/// Tokens of the shorter name are aligned with the most similar unused tokens of the longer
/// (Jaro-Winkler; a one-letter token matches a token with that initial at 0.9), so the order
/// of given and family names does not matter. Then:
/// - the same letters with spaces removed ("kwun chung" = "kwunchung") score 0.99;
/// - an aligned token below 0.85 makes the names different: the score is that token's;
/// - otherwise the score is the mean over aligned tokens, times 0.95 when the shorter name
///   is a subset of two or more tokens ("nathan law" in "nathan law kwun chung") and 0.75
///   when it is a single token, and at most 0.8 when either name has an initial, so such
///   matches need supporting evidence to pass a threshold of 0.9.
double name_similarity(std::string_view a, std::string_view b);

/// Candidate matches found by match_names().
struct NameMatches {
  Buffer<Index> first;   ///< index of the first name (first < second)
  Buffer<Index> second;  ///< index of the second name
  Buffer<Scalar> score;  ///< name_similarity of the pair
};

/// All pairs of @p names with name_similarity >= @p min_score that share a blocking key.
///
/// Blocking keys are the name without spaces, its sorted consonant skeleton (blind to vowels,
/// so to transliteration), each token of three letters or more, and each token paired with every
/// other token, with its three-letter prefix and suffix and with its initial, so a pair is
/// compared when one token agrees or two tokens agree in one of those ways; keys held by
/// more than @p max_block names are too common to block on and are skipped. Work is about the
/// number of compared pairs, far below n^2 on real data. Runs in parallel; the output is sorted by
/// (first, second) for every thread count.
NameMatches match_names(const std::vector<std::string>& names, double min_score, Index max_block);

/// Pairs of records to merge or keep apart whatever their scores.
struct LinkConstraints {
  std::vector<Index> must_first, must_second;      ///< merged first, always
  std::vector<Index> cannot_first, cannot_second;  ///< never in one cluster
};

/// Clusters @p n records by merging scored pairs in decreasing order of score (ties broken
/// by the pair), refusing any merge that would put into one cluster:
/// - two records that share a group (a row of @p groups, records x groups: two signatures of
///   one letter are never the same actor);
/// - a pair in constraints.cannot_*;
/// - two different known categories (@p category >= 0, such as the country);
/// - when @p names (one normalised name per record) are given, two names that are clearly
///   different people (name_similarity below 0.7, checked across up to 16 members of each
///   cluster): a hub such as a lone surname cannot chain two different full names.
/// Must-link pairs are merged first, regardless of the other constraints, except that two
/// records sharing a group are never merged. Because every merge checks
/// whole clusters, A~B and B~C never merge A and C when A and C conflict.
///
/// @return the cluster of each record, numbered 0.. in order of first record.
Buffer<Index> constrained_clusters(Index n, const Index* first, const Index* second,
                                   const Scalar* score, Index n_pairs, const CsrView& groups,
                                   const Index* category, const LinkConstraints& constraints,
                                   const std::vector<std::string>& names = {});

}  // namespace cosignet
