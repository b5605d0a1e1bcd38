// Unit tests of match.hpp: similarity values, blocking, and constrained clustering.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "cosignet/errors.hpp"
#include "cosignet/match.hpp"
#include "cosignet/parallel.hpp"
#include "test_util.hpp"

namespace cosignet {
namespace {

TEST(JaroWinkler, ReferenceValues) {
  // Winkler's examples, as every implementation tests them.
  EXPECT_NEAR(jaro_winkler("MARTHA", "MARHTA"), 0.961111111111111, 1e-12);
  EXPECT_NEAR(jaro_winkler("DWAYNE", "DUANE"), 0.84, 1e-12);
  EXPECT_NEAR(jaro_winkler("DIXON", "DICKSONX"), 0.813333333333333, 1e-12);
  EXPECT_EQ(jaro_winkler("", ""), 1.0);
  EXPECT_EQ(jaro_winkler("abc", ""), 0.0);
}

TEST(JaroWinkler, ComparesCodePointsNotBytes) {
  // "ė" is two bytes; one differing letter in nine must cost as much as any other letter.
  EXPECT_NEAR(jaro_winkler("sakaliene", "sakalienė"), jaro_winkler("sakaliene", "sakalienx"),
              1e-12);
  EXPECT_EQ(jaro_winkler("\xff\xfe", "\xff\xfe"), 1.0);  // malformed UTF-8 does not throw
}

TEST(NameSimilarity, TheRulesOfMatchHpp) {
  EXPECT_EQ(name_similarity("zhou fengsuo", "fengsuo zhou"), 1.0);
  EXPECT_EQ(name_similarity("nathan law kwunchung", "nathan law kwun chung"), 0.99);
  EXPECT_NEAR(name_similarity("nathan law", "nathan law kwun chung"), 0.95, 1e-12);
  EXPECT_NEAR(name_similarity("alton", "david alton"), 0.75, 1e-12);
  EXPECT_EQ(name_similarity("j r smith", "john robert smith"), 0.8);
  EXPECT_EQ(name_similarity("j smith", "j smith"), 1.0);  // one name, initials or not
  EXPECT_LT(name_similarity("karen andrews", "kevin andrews"), 0.85);
  EXPECT_LT(name_similarity("kevin leung", "chris leung kei pui"), 0.85);  // "kevin" != "kei"
  EXPECT_EQ(name_similarity("dovile akaliene", "dovile sakaliene"), 0.95);
  EXPECT_EQ(name_similarity("caglar oeztuerk", "caglar ozturk"), 0.95);  // transliteration
  EXPECT_EQ(name_similarity("", ""), 1.0);
}

TEST(CompareNames, NamesTheKindOfDifference) {
  const std::vector<std::tuple<std::string, std::string, NameRule>> cases{
      {"mohamed al rashid", "mohammed al rashid", NameRule::kSpelling},
      {"anna kowalczykowski", "anna kowalcyzkowski", NameRule::kSpelling},
      {"gulnisa mehmet", "gulnisa memet", NameRule::kSpelling},
      {"isla barker", "isla parker", NameRule::kNearMiss},     // another consonant
      {"haruto saito", "haruto sato", NameRule::kNearMiss},    // a short token
      {"elena petrova", "elena petrov", NameRule::kNearMiss},  // the last letter
      {"zhou ziyang", "zhu ziyang", NameRule::kNearMiss},      // Chinese syllables
      {"wang jianguo", "wang jiangguo", NameRule::kNearMiss},  // however long
      {"jonas berglund", "jonas bergmund", NameRule::kLetterChanged},
      {"sarah j whitfield", "sarah whitfield", NameRule::kMiddleInitial},
      {"glacier kwong", "glacier kwong chung ching", NameRule::kGivenName},
      {"t mokoena", "thandiwe mokoena", NameRule::kInitials},
      {"paulo santos", "paulo santos ferreira", NameRule::kExtraName},
      {"alton", "david alton", NameRule::kSurnameOnly},
      {"kenneth tsang", "tsang wing ho", NameRule::kComplementary},
      {"joe chan ka ho", "joe chan siu ming", NameRule::kDifferent},
  };
  for (const auto& [a, b, rule] : cases) {
    const NameComparison ab = compare_names(a, b);
    const NameComparison ba = compare_names(b, a);
    EXPECT_EQ(ab.rule, rule) << a << " / " << b;
    EXPECT_EQ(ab.rule, ba.rule) << a << " / " << b;
    EXPECT_EQ(ab.score, ba.score) << a << " / " << b;
  }
  // Scores below 0.7 (near misses, different names) are different people for link_records.
  EXPECT_LT(compare_names("zhou ziyang", "zhu ziyang").score, 0.7);
  EXPECT_GE(compare_names("zhou ziyang", "zhu ziyang").score, 0.6);
}

TEST(MatchNames, FindsBlockedPairsInOrder) {
  const std::vector<std::string> names{"john smith",       "jon smith",       "mary jones",
                                       "smith john",       "juergen mueller", "jurgen muller",
                                       "free speech asia", "freespeechasia"};
  const NameMatches m = match_names(names, 0.9, 100);
  std::vector<std::tuple<Index, Index>> pairs;
  for (Index k = 0; k < m.first.size(); ++k) pairs.emplace_back(m.first[k], m.second[k]);
  // "jon" is not "john" (a short token): a near miss, below 0.9.
  const std::vector<std::tuple<Index, Index>> expected{{0, 3}, {4, 5}, {6, 7}};
  EXPECT_EQ(pairs, expected);
  for (Index k = 0; k < m.score.size(); ++k) EXPECT_GE(m.score[k], 0.9);
  EXPECT_EQ(m.rule[1], static_cast<std::int8_t>(NameRule::kSpelling));
}

TEST(MatchNames, SameOutputForEveryThreadCount) {
  std::vector<std::string> names;
  for (int i = 0; i < 3000; ++i) {
    names.push_back("name" + std::to_string(i % 97) + " family" + std::to_string(i % 89));
  }
  set_num_threads(1);
  const NameMatches one = match_names(names, 0.8, 500);
  set_num_threads(2);
  const NameMatches two = match_names(names, 0.8, 500);
  set_num_threads(0);
  ASSERT_EQ(one.first.size(), two.first.size());
  for (Index k = 0; k < one.first.size(); ++k) {
    EXPECT_EQ(one.first[k], two.first[k]);
    EXPECT_EQ(one.second[k], two.second[k]);
    EXPECT_EQ(one.score[k], two.score[k]);
  }
  EXPECT_THROW(match_names(names, 0.8, 1), InvalidInput);
}

struct ClusterCase {
  test::Csr groups;
  std::vector<Index> category;
  LinkConstraints constraints;
};

std::vector<Index> cluster(const ClusterCase& c, const std::vector<Index>& first,
                           const std::vector<Index>& second, const std::vector<Scalar>& score,
                           const std::vector<std::string>& names = {}) {
  const Buffer<Index> labels = constrained_clusters(
      c.groups.rows, first.data(), second.data(), score.data(), static_cast<Index>(first.size()),
      c.groups.view(), c.category.data(), c.constraints, names);
  return {labels.begin(), labels.end()};
}

ClusterCase three_records(std::vector<Index> letters) {
  ClusterCase c;
  c.groups.rows = 3;
  c.groups.cols = 10;
  c.groups.indptr = {0, 1, 2, 3};
  c.groups.indices = std::move(letters);
  c.groups.data = {1, 1, 1};
  c.category = {-1, -1, -1};
  return c;
}

TEST(ConstrainedClusters, MergesByScore) {
  const ClusterCase c = three_records({1, 2, 3});
  EXPECT_EQ(cluster(c, {0, 1}, {1, 2}, {0.95, 0.94}), (std::vector<Index>{0, 0, 0}));
}

TEST(ConstrainedClusters, AChainNeverJoinsTwoRecordsOfOneGroup) {
  const ClusterCase c = three_records({7, 8, 7});
  EXPECT_EQ(cluster(c, {0, 1}, {1, 2}, {0.95, 0.94}), (std::vector<Index>{0, 0, 1}));
}

TEST(ConstrainedClusters, KnownCategoriesConflict) {
  ClusterCase c = three_records({1, 2, 3});
  c.category = {4, -1, 5};
  EXPECT_EQ(cluster(c, {0, 1}, {1, 2}, {0.95, 0.94}), (std::vector<Index>{0, 0, 1}));
}

TEST(ConstrainedClusters, AliasesWinExceptOverOneLetter) {
  ClusterCase c = three_records({1, 2, 2});
  c.category = {4, 5, -1};
  c.constraints.must_first = {0, 1};
  c.constraints.must_second = {1, 2};  // 0-1 forced over the countries; 1-2 share letter 2
  c.constraints.cannot_first = {0};
  c.constraints.cannot_second = {2};
  EXPECT_EQ(cluster(c, {0}, {2}, {0.99}), (std::vector<Index>{0, 0, 1}));
}

TEST(ConstrainedClusters, HubsCannotChainDifferentNames) {
  const ClusterCase c = three_records({1, 2, 3});
  const std::vector<std::string> names{"charlotte young", "young", "james young"};
  EXPECT_EQ(cluster(c, {0, 1}, {1, 2}, {0.95, 0.94}, names), (std::vector<Index>{0, 0, 1}));
  EXPECT_EQ(cluster(c, {0, 1}, {1, 2}, {0.95, 0.94}), (std::vector<Index>{0, 0, 0}));
}

/// link_records() on records that share no group, with the given pairs and settings.
struct Linked {
  std::vector<Index> labels;
  std::vector<int> status;
  std::vector<Index> other;
};

Linked link(Index n, const std::vector<Index>& first, const std::vector<Index>& second,
            const std::vector<Scalar>& score, const std::vector<std::uint8_t>& trust = {},
            const std::vector<Index>& category = {},
            const std::vector<std::vector<std::pair<Index, Index>>>& ids = {},
            const std::vector<std::string>& names = {}, double margin = 0.04) {
  test::Csr groups;
  groups.rows = n;
  groups.cols = n;
  for (Index r = 0; r < n; ++r) {
    groups.indices.push_back(r);
    groups.data.push_back(1);
    groups.indptr.push_back(r + 1);
  }
  std::vector<Index> id_indptr{0};
  std::vector<Index> id_kind;
  std::vector<Index> id_value;
  for (Index r = 0; r < n; ++r) {
    if (r < static_cast<Index>(ids.size())) {
      for (const auto& [kind, value] : ids[static_cast<std::size_t>(r)]) {
        id_kind.push_back(kind);
        id_value.push_back(value);
      }
    }
    id_indptr.push_back(static_cast<Index>(id_kind.size()));
  }
  LinkInput input;
  input.n = n;
  input.first = first.data();
  input.second = second.data();
  input.score = score.data();
  input.trust = trust.empty() ? nullptr : trust.data();
  input.n_pairs = static_cast<Index>(first.size());
  input.category = category.empty() ? nullptr : category.data();
  input.n_categories = category.empty() ? 0 : 1;
  input.identifiers = {id_indptr.data(), id_kind.data(), id_value.data()};
  input.ambiguity_margin = margin;
  const LinkResult result = link_records(input, groups.view(), LinkConstraints{}, names);
  Linked out{
      {result.labels.begin(), result.labels.end()}, {}, {result.other.begin(), result.other.end()}};
  for (const auto s : result.status) out.status.push_back(s);
  return out;
}

constexpr int kMerged = static_cast<int>(LinkStatus::kMerged);
constexpr int kIdentifiers = static_cast<int>(LinkStatus::kIdentifiers);
constexpr int kAmbiguous = static_cast<int>(LinkStatus::kAmbiguous);
constexpr int kCategory = static_cast<int>(LinkStatus::kCategory);
constexpr int kIncoherent = static_cast<int>(LinkStatus::kIncoherent);

TEST(LinkRecords, DifferentIdentifiersOfOneKindConflict) {
  // 0 and 1: one platform (kind 1), values 7 and 8; 2: no identifier; 3: a bare handle 8.
  const std::vector<std::vector<std::pair<Index, Index>>> ids{{{1, 7}}, {{1, 8}}, {}, {{0, 8}}};
  const Linked l = link(4, {0, 1, 1}, {1, 2, 3}, {1.0, 0.99, 0.98}, {}, {}, ids);
  EXPECT_EQ(l.status, (std::vector<int>{kIdentifiers, kMerged, kMerged}));
  EXPECT_EQ(l.labels, (std::vector<Index>{0, 1, 1, 1}));
  // A bare handle meets every platform: 8 on platform 2 is the same as the bare 8.
  const std::vector<std::vector<std::pair<Index, Index>>> other{{{0, 8}}, {{2, 8}}, {{2, 9}}};
  const Linked m = link(3, {0, 0}, {1, 2}, {1.0, 1.0}, {}, {}, other);
  EXPECT_EQ(m.status, (std::vector<int>{kMerged, kIdentifiers}));
}

TEST(LinkRecords, AnIdentifierOverridesCountryNamesAndAmbiguity) {
  const std::vector<std::string> names{"t mokoena", "thandiwe mokoena"};
  const Linked refused = link(2, {0}, {1}, {0.8}, {}, {3, 4}, {}, names);
  EXPECT_EQ(refused.status, (std::vector<int>{kCategory}));
  const Linked merged = link(2, {0}, {1}, {0.8}, {7}, {3, 4}, {}, names);
  EXPECT_EQ(merged.status, (std::vector<int>{kMerged}));
}

TEST(LinkRecords, AThirdNamesakeThatFitsTwoPeopleIsAmbiguous) {
  // 0 and 1 differ in category; 2 fits both equally, so it joins neither.
  const Linked l = link(3, {0, 0, 1}, {1, 2, 2}, {1.0, 1.0, 1.0}, {}, {5, 6, -1});
  EXPECT_EQ(l.status, (std::vector<int>{kCategory + 0, kAmbiguous, kAmbiguous}));
  EXPECT_EQ(l.other[1], 1);
  EXPECT_EQ(l.labels, (std::vector<Index>{0, 1, 2}));
  // Evidence for one of them settles it; so does switching the check off.
  EXPECT_EQ(link(3, {0, 0, 1}, {1, 2, 2}, {1.0, 1.0, 0.9}, {}, {5, 6, -1}).labels,
            (std::vector<Index>{0, 1, 0}));
  EXPECT_EQ(link(3, {0, 0, 1}, {1, 2, 2}, {1.0, 1.0, 1.0}, {}, {5, 6, -1}, {}, {}, -1).labels,
            (std::vector<Index>{0, 1, 0}));
}

TEST(LinkRecords, ACoveredNameStopsCounting) {
  // "elizabeth liz hartley" covers both of its names, which are different people alone.
  const std::vector<std::string> names{"elizabeth liz hartley", "liz hartley", "elizabeth hartley"};
  constexpr std::uint8_t kNickname = 1 | 2 | 8;  // names, ambiguity, first covers second
  const Linked plain = link(3, {0, 0}, {1, 2}, {0.95, 0.95}, {3, 3}, {}, {}, names);
  EXPECT_EQ(plain.status, (std::vector<int>{kMerged, kMerged}));
  // Without trust the hub is ambiguous; without the ambiguity check, the names conflict.
  EXPECT_EQ(link(3, {1, 0}, {0, 2}, {0.95, 0.95}, {}, {}, {}, names).status[0], kAmbiguous);
  const Linked checked = link(3, {1, 0}, {0, 2}, {0.95, 0.95}, {}, {}, {}, names, -1);
  EXPECT_EQ(checked.status[0], kIncoherent);  // (0, 2) merged first: ties go by first
  EXPECT_EQ(checked.other[0], 2);
  const Linked covered = link(3, {0, 0}, {1, 2}, {0.95, 0.95}, {kNickname, 0}, {}, {}, names);
  EXPECT_EQ(covered.status, (std::vector<int>{kMerged, kMerged}));
}

TEST(ConstrainedClusters, RejectsRecordsOutOfRange) {
  const ClusterCase c = three_records({1, 2, 3});
  EXPECT_THROW(cluster(c, {0}, {3}, {0.9}), InvalidInput);
}

}  // namespace
}  // namespace cosignet
