// Unit tests of match.hpp: similarity values, blocking, and constrained clustering.
#include <gtest/gtest.h>

#include <string>
#include <tuple>
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
  EXPECT_EQ(name_similarity("j smith", "j smith"), 0.8);  // an initial is never enough
  EXPECT_LT(name_similarity("karen andrews", "kevin andrews"), 0.85);
  EXPECT_LT(name_similarity("kevin leung", "chris leung kei pui"), 0.85);  // "kevin" != "kei"
  EXPECT_GT(name_similarity("dovile akaliene", "dovile sakaliene"), 0.95);
  EXPECT_GT(name_similarity("caglar oeztuerk", "caglar ozturk"), 0.9);  // transliteration
  EXPECT_EQ(name_similarity("", ""), 1.0);
}

TEST(MatchNames, FindsBlockedPairsInOrder) {
  const std::vector<std::string> names{"john smith",       "jon smith",       "mary jones",
                                       "smith john",       "juergen mueller", "jurgen muller",
                                       "free speech asia", "freespeechasia"};
  const NameMatches m = match_names(names, 0.9, 100);
  std::vector<std::tuple<Index, Index>> pairs;
  for (Index k = 0; k < m.first.size(); ++k) pairs.emplace_back(m.first[k], m.second[k]);
  const std::vector<std::tuple<Index, Index>> expected{{0, 1}, {0, 3}, {1, 3}, {4, 5}, {6, 7}};
  EXPECT_EQ(pairs, expected);
  for (Index k = 0; k < m.score.size(); ++k) EXPECT_GE(m.score[k], 0.9);
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

TEST(ConstrainedClusters, RejectsRecordsOutOfRange) {
  const ClusterCase c = three_records({1, 2, 3});
  EXPECT_THROW(cluster(c, {0}, {3}, {0.9}), InvalidInput);
}

}  // namespace
}  // namespace cosignet
