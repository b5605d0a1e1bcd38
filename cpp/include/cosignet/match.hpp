/// @file match.hpp
/// @brief Rule-based comparison of names and clustering of matches under hard constraints.
///
/// Names arrive normalised (see cosignet/identity.py): lower case, ASCII where a letter has
/// an ASCII form, tokens separated by single spaces. Strings are compared by Unicode code
/// point, so what normalisation leaves (Chinese characters, for example) still compares.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cosignet/buffer.hpp"
#include "cosignet/types.hpp"

namespace cosignet {

/// Jaro-Winkler similarity in [0, 1] of two UTF-8 strings, by code point (prefix scale 0.1,
/// prefix up to 4). Invalid UTF-8 bytes count as one code point each.
double jaro_winkler(std::string_view a, std::string_view b);

/// How two names differ: the kind of difference decides, not how many letters they share.
enum class NameRule : std::int8_t {
  kDifferent = 0,       ///< a token on each side that no rule pairs ("karen" / "kevin")
  kSame = 1,            ///< identical normalised names
  kSameLetters = 2,     ///< the same letters in other tokens or another order ("kwun chung")
  kSpelling = 3,        ///< a swapped, doubled, dropped or transliterated letter in a long token
  kMiddleInitial = 4,   ///< a middle initial added or written out ("sarah j whitfield")
  kGivenName = 5,       ///< a romanised two-syllable given name added ("nathan law kwun chung")
  kInitials = 6,        ///< a given name as its initial ("j smith" / "john smith")
  kLetterChanged = 7,   ///< one letter changed inside a long token ("jonathon" / "jonathan")
  kExtraName = 8,       ///< a whole name added ("ana garcia" / "ana lucia garcia")
  kSurnameOnly = 9,     ///< one side is a single token of the other ("alton" / "david alton")
  kComplementary = 10,  ///< each adds a given name ("kenneth tsang" / "tsang wing ho")
  kNearMiss = 11,       ///< one token differs and looks alike ("zhou ziyang" / "zhu ziyang")
};

/// The comparison of two names: a rule and its score.
struct NameComparison {
  double score = 0.0;
  NameRule rule = NameRule::kDifferent;
};

/// Compares two normalised names token by token.
///
/// Tokens are paired, whatever their order: equal tokens first, then a token with two
/// adjacent tokens that spell it ("kwunchung" / "kwun chung"), then spelling variants, then
/// one changed letter, then initials ("j" with "john"). What stays unpaired decides the rule:
///
/// | rule | when | score |
/// | --- | --- | --- |
/// | kSame / kSameLetters | nothing left, no variant | 1.0 (0.99 if spacing differs) |
/// | kSpelling | a variant pair (see below) | 0.95 |
/// | kMiddleInitial | single letters left on one side, or an initial paired, while two full tokens
/// pair | 0.95 | | kGivenName | two adjacent one-syllable tokens (East Asian romanisation) left on
/// one side, the other has two tokens or more | 0.95 | | kInitials | an initial paired and fewer
/// than two full tokens | 0.8 | | kLetterChanged | one letter changed, not the first nor the last,
/// in tokens of 6+ letters | 0.8 | | kExtraName | other whole tokens left on one side | 0.84 | |
/// kSurnameOnly | the shorter name is one token | 0.75 | | kComplementary | one side keeps one full
/// token, the other two adjacent syllables | 0.75 | | kNearMiss | one token left on each side,
/// close (Jaro-Winkler >= 0.8) | 0.6 + 0.09 JW | | kDifferent | anything else | 0.6 x the share of
/// paired tokens |
///
/// Two tokens are a spelling variant when, after ph, ck, ks, kh, rn and the umlauts oe, ue, ae
/// (not in "ael": Michael is not Michal) are read as f, k, x, h, m, o, u, a and doubled letters
/// are collapsed, they are equal (tokens of 4+ letters: "abas" / "abbas"); or differ by one
/// adjacent transposition (5+); or by one dropped letter, never the last ("petrov" /
/// "petrova"): an "h" (4+: "memet" / "mehmet"), any other (7+: "akaliene" / "sakaliene"); or
/// by c/k, k/q or i/y (4+: "dolkun" / "dolqun"). A changed consonant is never a variant
/// ("barker" / "parker", "nowak" / "novak").
///
/// With several differences the lowest score decides. A name whose tokens all spell pinyin
/// syllables and include a common Chinese surname is syllabic: its tokens pair only when
/// equal (Zhou and Zhu, Li and Liu, Minghui and Minhui are different names). The result does
/// not depend on the order of the arguments.
NameComparison compare_names(std::string_view a, std::string_view b);

/// compare_names(a, b).score.
double name_similarity(std::string_view a, std::string_view b);

/// Candidate matches found by match_names().
struct NameMatches {
  Buffer<Index> first;       ///< index of the first name (first < second)
  Buffer<Index> second;      ///< index of the second name
  Buffer<Scalar> score;      ///< compare_names score of the pair
  Buffer<std::int8_t> rule;  ///< compare_names rule of the pair (a NameRule)
};

/// All pairs of @p names that share a blocking key, whose compare_names rule is not
/// kDifferent and whose score is >= @p min_score.
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

/// Why link_records() merged or refused a pair (one value per pair).
enum class LinkStatus : std::int8_t {
  kMerged = 0,       ///< this pair joined two clusters
  kTogether = 1,     ///< already in one cluster when its turn came
  kSameGroup = 2,    ///< the clusters share a group (two signatures of one letter)
  kForbidden = 3,    ///< a cannot-link pair (an alias "different") is across the clusters
  kIdentifiers = 4,  ///< the clusters hold different identifiers of one kind
  kIncoherent = 5,   ///< two names across the clusters are different people
  kAmbiguous = 6,    ///< another candidate of equal standing excludes this one
  kCategory = 10,    ///< kCategory + c: the clusters differ in category column c
};

/// What a pair is trusted with beyond its score: bits of LinkInput::trust.
enum class LinkTrust : std::uint8_t {
  kNames = 1,          ///< names are not checked (a nickname links "Liz" and "Elizabeth")
  kAmbiguity = 2,      ///< no ambiguity check
  kIdentifier = 4,     ///< a shared identifier: merged before the rest, categories not checked
  kFirstCovers = 8,    ///< first's name covers second's, which then stops counting in name checks
  kSecondCovers = 16,  ///< the other way round
};

/// Identifiers of records: a record's (kind, value) pairs are
/// `kind[indptr[r] .. indptr[r + 1])`, `value[...]`. Kinds 0 to 63 are social handles:
/// kind 0 a handle without a platform ("@name"), 1 to 63 one platform each; kinds from 64
/// are anything else (an e-mail, the pages of one web host).
struct Identifiers {
  const Index* indptr = nullptr;  ///< n + 1 offsets, or nullptr: no identifiers
  const Index* kind = nullptr;
  const Index* value = nullptr;
};

/// Everything link_records() takes. Pointers are borrowed for the duration of the call.
struct LinkInput {
  Index n = 0;                   ///< number of records
  const Index* first = nullptr;  ///< candidate pairs (first[p], second[p])
  const Index* second = nullptr;
  const Scalar* score = nullptr;  ///< merged in decreasing order of score
  /// Per pair, or nullptr (then score): how alike the names alone are. A rival in the
  /// ambiguity check must be about as good in both scores.
  const Scalar* name_score = nullptr;
  /// Per pair, or nullptr (0: every check): LinkTrust bits.
  const std::uint8_t* trust = nullptr;
  Index n_pairs = 0;
  const Index* category = nullptr;  ///< n x n_categories, row-major; -1 = unknown
  Index n_categories = 0;
  Identifiers identifiers;
  /// A pair is ambiguous when an endpoint has another pair scoring at least its score minus
  /// this margin to a cluster that conflicts with the other endpoint; negative: never.
  double ambiguity_margin = -1.0;
};

/// Clusters found by link_records(), and what happened to each pair.
struct LinkResult {
  Buffer<Index> labels;        ///< the cluster of each record, 0.. in order of first record
  Buffer<std::int8_t> status;  ///< a LinkStatus per pair
  Buffer<Index> other;         ///< per pair: the record behind kAmbiguous or kIncoherent, else -1
};

/// Clusters @p input.n records by merging pairs: must-link pairs first, then pairs with a
/// shared identifier (LinkTrust::kIdentifier), then the others in decreasing order of score
/// (ties broken by the pair). A merge is refused when it would put into one cluster:
/// - two records that share a group (a row of @p groups, records x groups: two signatures of
///   one letter are never the same actor), even for must-link pairs;
/// - a pair in constraints.cannot_*;
/// - two different identifiers of one kind, or a platform-less handle that none of the other
///   cluster's handles equals (see Identifiers);
/// - (not for kIdentifier) two different known categories in any column (country, a peer's
///   territorial designation);
/// - (not for kNames, when @p names, one normalised name per record, are given) two names
///   that are different people (compare_names score below 0.7, checked across up to 16
///   members of each cluster whose names count: a covered name stops counting): a hub such as
///   a lone surname cannot chain two full names;
/// - (not for kAmbiguity, with a margin >= 0) an ambiguous pair: an endpoint has another
///   candidate of about the same score and name score (checked for up to 32 pairs per
///   endpoint; an exact name is no rival of a spelling variant with more evidence) in a third
///   cluster that could join it but conflicts with the other endpoint (here names conflict only
///   when no rule relates them: a near miss between the two is one person printed three
///   ways), so the evidence cannot tell which of the two it is ("David Kim" beside two David
///   Kims with different handles).
///   Ambiguous pairs are tried once more after the others.
/// Because every merge checks whole clusters, A~B and B~C never merge A and C when A and C
/// conflict. Checks for interrupts (Ctrl-C) as it goes.
LinkResult link_records(const LinkInput& input, const CsrView& groups,
                        const LinkConstraints& constraints,
                        const std::vector<std::string>& names = {});

/// link_records() with one category column and no identifiers, strong pairs or ambiguity
/// check; returns the labels.
Buffer<Index> constrained_clusters(Index n, const Index* first, const Index* second,
                                   const Scalar* score, Index n_pairs, const CsrView& groups,
                                   const Index* category, const LinkConstraints& constraints,
                                   const std::vector<std::string>& names = {});

}  // namespace cosignet
