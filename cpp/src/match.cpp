#include "cosignet/match.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <numeric>

#include "cosignet/errors.hpp"
#include "cosignet/parallel.hpp"

namespace cosignet {
namespace {

using CodePoints = std::u32string;

/// Decodes UTF-8; a malformed byte becomes one code point of its own (no exception).
CodePoints decode(std::string_view text) {
  CodePoints out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    int length = byte < 0x80           ? 1
                 : (byte >> 5) == 0x6  ? 2
                 : (byte >> 4) == 0xE  ? 3
                 : (byte >> 3) == 0x1E ? 4
                                       : 0;
    if (length == 0 || i + static_cast<std::size_t>(length) > text.size()) {
      out.push_back(byte);
      ++i;
      continue;
    }
    char32_t code = length == 1 ? byte : byte & (0x7F >> length);
    bool valid = true;
    for (int k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]);
      valid = valid && (next >> 6) == 0x2;
      code = (code << 6) | (next & 0x3F);
    }
    if (!valid) {
      out.push_back(byte);
      ++i;
      continue;
    }
    out.push_back(code);
    i += static_cast<std::size_t>(length);
  }
  return out;
}

double jaro_winkler_points(const CodePoints& a, const CodePoints& b) {
  if (a == b) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  const std::size_t window = std::max(a.size(), b.size()) / 2 - (std::max(a.size(), b.size()) >= 2);
  std::vector<char> a_matched(a.size(), 0);
  std::vector<char> b_matched(b.size(), 0);
  std::size_t matches = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::size_t from = i > window ? i - window : 0;
    const std::size_t to = std::min(b.size(), i + window + 1);
    for (std::size_t j = from; j < to; ++j) {
      if (!b_matched[j] && a[i] == b[j]) {
        a_matched[i] = b_matched[j] = 1;
        ++matches;
        break;
      }
    }
  }
  if (matches == 0) return 0.0;
  std::size_t transpositions = 0;
  for (std::size_t i = 0, j = 0; i < a.size(); ++i) {
    if (!a_matched[i]) continue;
    while (!b_matched[j]) ++j;
    transpositions += a[i] != b[j];
    ++j;
  }
  const double m = static_cast<double>(matches);
  const double jaro = (m / static_cast<double>(a.size()) + m / static_cast<double>(b.size()) +
                       (m - static_cast<double>(transpositions) / 2.0) / m) /
                      3.0;
  std::size_t prefix = 0;
  while (prefix < 4 && prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  return jaro + static_cast<double>(prefix) * 0.1 * (1.0 - jaro);
}

std::vector<CodePoints> tokens_of(std::string_view name) {
  std::vector<CodePoints> tokens;
  std::size_t start = 0;
  while (start < name.size()) {
    const std::size_t end = std::min(name.find(' ', start), name.size());
    if (end > start) tokens.push_back(decode(name.substr(start, end - start)));
    start = end + 1;
  }
  return tokens;
}

/// The consonants of a token, in order: what survives transliteration.
CodePoints consonants(const CodePoints& token) {
  CodePoints out;
  for (const char32_t c : token) {
    if (c != U'a' && c != U'e' && c != U'i' && c != U'o' && c != U'u' && c != U'y') {
      out.push_back(c);
    }
  }
  return out;
}

/// Token similarity: Jaro-Winkler, or 0.9 for an initial that fits.
double token_similarity(const CodePoints& x, const CodePoints& y, bool& used_initial) {
  if (x.size() == 1 || y.size() == 1) {
    if (x.size() == y.size()) return x == y ? 1.0 : 0.0;
    const bool fits = x.front() == y.front();
    used_initial = used_initial || fits;
    return fits ? 0.9 : 0.0;
  }
  const double similarity = jaro_winkler_points(x, y);
  // Jaro-Winkler flatters short and unequal tokens ("kevin" ~ "kei" 0.89, "cheung" ~ "chun"
  // 0.91): they must be close unless only vowels differ, as in a transliteration
  // ("oeztuerk" = "ozturk").
  const std::size_t gap = x.size() > y.size() ? x.size() - y.size() : y.size() - x.size();
  const bool short_token = std::min(x.size(), y.size()) <= 5;
  if (similarity < 1.0 && (gap >= 2 || (short_token && similarity < 0.9)) &&
      consonants(x) != consonants(y)) {
    return std::min(similarity, 0.84);
  }
  return similarity;
}

/// 64-bit FNV-1a, for blocking keys.
std::uint64_t hash_key(std::string_view text, std::uint64_t seed) {
  std::uint64_t h = 1469598103934665603ULL ^ (seed * 1099511628211ULL);
  for (const char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

/// Blocking keys of one name (see match_names).
std::vector<std::uint64_t> blocking_keys(std::string_view name) {
  std::vector<std::string_view> tokens;
  std::size_t start = 0;
  while (start < name.size()) {
    const std::size_t end = std::min(name.find(' ', start), name.size());
    if (end > start) tokens.push_back(name.substr(start, end - start));
    start = end + 1;
  }
  std::vector<std::uint64_t> keys;
  // The whole name without spaces ("free speech asia" = "freespeechasia"), and its sorted
  // consonant skeletons, blind to vowels and so to transliteration ("jurgen muller" =
  // "juergen mueller") and to given/family order.
  std::string joined;
  std::vector<std::string> skeletons;
  for (const std::string_view token : tokens) {
    joined += token;
    std::string skeleton;
    for (const char c : token) {
      if (std::string_view("aeiouy").find(c) == std::string_view::npos) skeleton += c;
    }
    skeletons.push_back(skeleton);
  }
  keys.push_back(hash_key(joined, 5));
  std::sort(skeletons.begin(), skeletons.end());
  std::string skeleton_key;
  for (const auto& skeleton : skeletons) skeleton_key += skeleton + " ";
  keys.push_back(hash_key(skeleton_key, 6));
  // Each token alone, so that a one-token name ("alton") meets its longer forms; such keys
  // are common in large corpora and then exceed max_block, leaving the pair keys below.
  for (const std::string_view token : tokens) {
    if (token.size() >= 3 || tokens.size() == 1) keys.push_back(hash_key(token, 1));
  }
  const std::size_t limit = std::min<std::size_t>(tokens.size(), 6);
  for (std::size_t i = 0; i < limit; ++i) {
    if (tokens[i].size() < 2) continue;
    const std::uint64_t base = hash_key(tokens[i], 2);
    for (std::size_t j = 0; j < limit; ++j) {
      if (j == i) continue;
      const std::string_view other = tokens[j];
      keys.push_back(hash_key(other, base ^ 0x11));               // both tokens whole
      keys.push_back(hash_key(other.substr(0, 3), base ^ 0x22));  // token + prefix
      keys.push_back(hash_key(other.substr(0, 1), base ^ 0x33));  // token + initial
      if (other.size() >= 3) {
        keys.push_back(hash_key(other.substr(other.size() - 3), base ^ 0x44));  // + suffix
      }
    }
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

/// A name split into decoded tokens once, so comparing it many times decodes nothing.
struct TokenisedName {
  std::vector<CodePoints> tokens;
  CodePoints joined;  // the tokens without spaces
  bool has_initial = false;
  std::string text;

  explicit TokenisedName(std::string_view name) : tokens(tokens_of(name)), text(name) {
    for (const auto& t : tokens) {
      joined += t;
      has_initial = has_initial || t.size() == 1;
    }
  }
};

double tokenised_similarity(const TokenisedName& a, const TokenisedName& b) {
  if (a.tokens.empty() || b.tokens.empty()) return a.text == b.text ? 1.0 : 0.0;
  // An initial ("J. Smith", or "R. Hale" inside "R. T. Hale") identifies nobody alone, not
  // even when both names print the same initial.
  const bool initials = a.has_initial || b.has_initial;
  if (a.text == b.text) return initials ? 0.8 : 1.0;
  if (a.joined == b.joined) return initials ? 0.8 : 0.99;
  // Equal lengths: a fixed order of the two names, so the greedy alignment gives the same
  // score whichever comes first.
  const bool a_shorter =
      a.tokens.size() != b.tokens.size() ? a.tokens.size() < b.tokens.size() : a.text <= b.text;
  const std::vector<CodePoints>& shorter = a_shorter ? a.tokens : b.tokens;
  const std::vector<CodePoints>& longer = a_shorter ? b.tokens : a.tokens;
  // Longest tokens first: they carry the most evidence and should pick their partner first.
  std::vector<std::size_t> order(shorter.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    return shorter[x].size() > shorter[y].size();
  });
  std::vector<char> used(longer.size(), 0);
  bool used_initial = false;
  double total = 0.0;
  double lowest = 1.0;
  for (const std::size_t i : order) {
    double best = -1.0;
    std::size_t best_index = 0;
    bool best_initial = false;
    for (std::size_t j = 0; j < longer.size(); ++j) {
      if (used[j]) continue;
      bool initial = false;
      const double s = token_similarity(shorter[i], longer[j], initial);
      if (s > best) {
        best = s;
        best_index = j;
        best_initial = initial;
      }
    }
    used[best_index] = 1;
    used_initial = used_initial || best_initial;
    total += best;
    lowest = std::min(lowest, best);
  }
  if (lowest < 0.85) return lowest;
  double score = total / static_cast<double>(shorter.size());
  // A lone surname would link every namesake: it needs strong evidence (a shared peerage
  // and country, as in "Lord Alton" and "Lord (David) Alton").
  if (shorter.size() < longer.size()) score *= shorter.size() == 1 ? 0.75 : 0.95;
  if (used_initial || initials) score = std::min(score, 0.8);
  return score;
}

/// Union-find over clusters that keeps, per root, what a merge must check.
class ConstrainedUnion {
 public:
  ConstrainedUnion(Index n, const CsrView& groups, const Index* category,
                   const LinkConstraints& constraints, const std::vector<TokenisedName>* names)
      : names_(names),
        members_(static_cast<std::size_t>(n)),
        parent_(static_cast<std::size_t>(n)),
        groups_(static_cast<std::size_t>(n)),
        cannot_(static_cast<std::size_t>(n)),
        category_(static_cast<std::size_t>(n), -1) {
    std::iota(parent_.begin(), parent_.end(), Index{0});
    for (Index r = 0; r < n; ++r) members_[static_cast<std::size_t>(r)].push_back(r);
    for (Index r = 0; r < n; ++r) {
      const Index* begin = groups.innerIndexPtr() + groups.outerIndexPtr()[r];
      const Index* end = groups.innerIndexPtr() + groups.outerIndexPtr()[r + 1];
      groups_[static_cast<std::size_t>(r)].assign(begin, end);  // sorted: CSR rows are
      if (category != nullptr) category_[static_cast<std::size_t>(r)] = category[r];
    }
    for (std::size_t k = 0; k < constraints.cannot_first.size(); ++k) {
      const Index a = constraints.cannot_first[k];
      const Index b = constraints.cannot_second[k];
      cannot_[static_cast<std::size_t>(a)].push_back(b);
      cannot_[static_cast<std::size_t>(b)].push_back(a);
    }
  }

  Index find(Index x) {
    while (parent_[static_cast<std::size_t>(x)] != x) {
      Index& up = parent_[static_cast<std::size_t>(x)];
      up = parent_[static_cast<std::size_t>(up)];  // path halving
      x = up;
    }
    return x;
  }

  /// Whether the clusters of roots a and b have a group (a letter) in common.
  bool share_group(Index a, Index b) const {
    const auto& ga = groups_[static_cast<std::size_t>(a)];
    const auto& gb = groups_[static_cast<std::size_t>(b)];
    const auto& small = ga.size() < gb.size() ? ga : gb;
    const auto& large = ga.size() < gb.size() ? gb : ga;
    for (const Index g : small) {
      if (std::binary_search(large.begin(), large.end(), g)) return true;
    }
    return false;
  }

  bool conflict(Index a, Index b) {
    const auto& ca = category_[static_cast<std::size_t>(a)];
    const auto& cb = category_[static_cast<std::size_t>(b)];
    if (ca >= 0 && cb >= 0 && ca != cb) return true;
    if (share_group(a, b)) return true;
    const Index small_root =
        cannot_[static_cast<std::size_t>(a)].size() < cannot_[static_cast<std::size_t>(b)].size()
            ? a
            : b;
    const Index other_root = small_root == a ? b : a;
    for (const Index partner : cannot_[static_cast<std::size_t>(small_root)]) {
      if (find(partner) == other_root) return true;
    }
    return names_ != nullptr && incoherent(a, b);
  }

  /// Complete linkage, capped: a pair of names across the two clusters that are clearly
  /// different people (similarity below kFloor) forbids the merge, so a hub such as a lone
  /// surname cannot chain "Charlotte Young" to "James Young".
  bool incoherent(Index a, Index b) const {
    static constexpr double kFloor = 0.7;
    static constexpr std::size_t kSample = 16;
    const auto& ma = members_[static_cast<std::size_t>(a)];
    const auto& mb = members_[static_cast<std::size_t>(b)];
    for (std::size_t i = 0; i < std::min(ma.size(), kSample); ++i) {
      for (std::size_t j = 0; j < std::min(mb.size(), kSample); ++j) {
        const auto& x = (*names_)[static_cast<std::size_t>(ma[i])];
        const auto& y = (*names_)[static_cast<std::size_t>(mb[j])];
        if (tokenised_similarity(x, y) < kFloor) return true;
      }
    }
    return false;
  }

  /// Merges the clusters of x and y (roots expected); returns the new root.
  Index merge(Index a, Index b) {
    auto size = [&](Index r) { return groups_[static_cast<std::size_t>(r)].size(); };
    if (size(a) < size(b)) std::swap(a, b);
    parent_[static_cast<std::size_t>(b)] = a;
    auto& ga = groups_[static_cast<std::size_t>(a)];
    auto& gb = groups_[static_cast<std::size_t>(b)];
    std::vector<Index> merged;
    merged.reserve(ga.size() + gb.size());
    std::merge(ga.begin(), ga.end(), gb.begin(), gb.end(), std::back_inserter(merged));
    merged.erase(std::unique(merged.begin(), merged.end()), merged.end());
    ga.swap(merged);
    std::vector<Index>().swap(gb);
    auto& na = cannot_[static_cast<std::size_t>(a)];
    auto& nb = cannot_[static_cast<std::size_t>(b)];
    na.insert(na.end(), nb.begin(), nb.end());
    std::vector<Index>().swap(nb);
    auto& ca = category_[static_cast<std::size_t>(a)];
    if (ca < 0) ca = category_[static_cast<std::size_t>(b)];
    auto& members_a = members_[static_cast<std::size_t>(a)];
    auto& members_b = members_[static_cast<std::size_t>(b)];
    members_a.insert(members_a.end(), members_b.begin(), members_b.end());
    std::vector<Index>().swap(members_b);
    return a;
  }

 private:
  const std::vector<TokenisedName>* names_;
  std::vector<std::vector<Index>> members_;
  std::vector<Index> parent_;
  std::vector<std::vector<Index>> groups_;
  std::vector<std::vector<Index>> cannot_;
  std::vector<Index> category_;
};

}  // namespace

double jaro_winkler(std::string_view a, std::string_view b) {
  return jaro_winkler_points(decode(a), decode(b));
}

double name_similarity(std::string_view a, std::string_view b) {
  return tokenised_similarity(TokenisedName(a), TokenisedName(b));
}

NameMatches match_names(const std::vector<std::string>& names, double min_score, Index max_block) {
  require(max_block >= 2, "max_block must be at least 2");
  const auto n = static_cast<Index>(names.size());
  // Keys per name (CSR), then (key, name) pairs sorted into blocks.
  std::vector<std::vector<std::uint64_t>> keys(static_cast<std::size_t>(n));
  std::vector<std::unique_ptr<TokenisedName>> tokenised(static_cast<std::size_t>(n));
  parallel_for((n + 1023) / 1024, [&](Index chunk, int) {
    for (Index i = chunk * 1024; i < std::min(n, (chunk + 1) * 1024); ++i) {
      const auto at = static_cast<std::size_t>(i);
      keys[at] = blocking_keys(names[at]);
      tokenised[at] = std::make_unique<TokenisedName>(names[at]);
    }
  });
  std::vector<std::pair<std::uint64_t, Index>> entries;
  for (Index i = 0; i < n; ++i) {
    for (const std::uint64_t k : keys[static_cast<std::size_t>(i)]) entries.emplace_back(k, i);
  }
  std::sort(entries.begin(), entries.end());
  // Block of each key: [begin, end) in entries; too common keys are dropped.
  struct Block {
    std::uint64_t key;
    std::size_t begin, end;
  };
  std::vector<Block> blocks;
  for (std::size_t b = 0; b < entries.size();) {
    std::size_t e = b;
    while (e < entries.size() && entries[e].first == entries[b].first) ++e;
    if (e - b >= 2 && static_cast<Index>(e - b) <= max_block) {
      blocks.push_back({entries[b].first, b, e});
    }
    b = e;
  }
  auto find_block = [&](std::uint64_t key) -> const Block* {
    auto it = std::lower_bound(blocks.begin(), blocks.end(), key,
                               [](const Block& block, std::uint64_t k) { return block.key < k; });
    return it != blocks.end() && it->key == key ? &*it : nullptr;
  };

  // For each name, compare it once with every later name sharing a block.
  const Index chunk_size = 512;
  const Index n_chunks = (n + chunk_size - 1) / chunk_size;
  struct ChunkMatches {
    std::vector<Index> first, second;
    std::vector<Scalar> score;
  };
  std::vector<ChunkMatches> chunks(static_cast<std::size_t>(n_chunks));
  const int n_workers = parallel_workers(n_chunks);
  std::vector<std::vector<Index>> stamps(static_cast<std::size_t>(n_workers));
  parallel_for(n_chunks, n_workers, [&](Index chunk, int worker) {
    auto& stamp = stamps[static_cast<std::size_t>(worker)];
    if (stamp.empty()) stamp.assign(static_cast<std::size_t>(n), -1);
    ChunkMatches& out = chunks[static_cast<std::size_t>(chunk)];
    std::vector<Index> partners;
    for (Index i = chunk * chunk_size; i < std::min(n, (chunk + 1) * chunk_size); ++i) {
      partners.clear();
      for (const std::uint64_t key : keys[static_cast<std::size_t>(i)]) {
        const Block* block = find_block(key);
        if (block == nullptr) continue;
        for (std::size_t e = block->begin; e < block->end; ++e) {
          const Index j = entries[e].second;
          if (j <= i || stamp[static_cast<std::size_t>(j)] == i) continue;
          stamp[static_cast<std::size_t>(j)] = i;
          partners.push_back(j);
        }
      }
      std::sort(partners.begin(), partners.end());
      for (const Index j : partners) {
        const double s = tokenised_similarity(*tokenised[static_cast<std::size_t>(i)],
                                              *tokenised[static_cast<std::size_t>(j)]);
        if (s >= min_score) {
          out.first.push_back(i);
          out.second.push_back(j);
          out.score.push_back(s);
        }
      }
    }
  });
  NameMatches result;
  Index total = 0;
  for (const auto& c : chunks) total += static_cast<Index>(c.first.size());
  result.first.resize(total);
  result.second.resize(total);
  result.score.resize(total);
  Index at = 0;
  for (const auto& c : chunks) {
    std::copy(c.first.begin(), c.first.end(), result.first.begin() + at);
    std::copy(c.second.begin(), c.second.end(), result.second.begin() + at);
    std::copy(c.score.begin(), c.score.end(), result.score.begin() + at);
    at += static_cast<Index>(c.first.size());
  }
  return result;
}

Buffer<Index> constrained_clusters(Index n, const Index* first, const Index* second,
                                   const Scalar* score, Index n_pairs, const CsrView& groups,
                                   const Index* category, const LinkConstraints& constraints,
                                   const std::vector<std::string>& names) {
  require(names.empty() || static_cast<Index>(names.size()) == n,
          "names must be empty or hold one name per record");
  require(groups.rows() == n, "groups must have one row per record");
  require(constraints.must_first.size() == constraints.must_second.size() &&
              constraints.cannot_first.size() == constraints.cannot_second.size(),
          "constraint pairs must come in equal-length lists");
  auto check_record = [n](Index r) {
    require(r >= 0 && r < n, [&] {
      return "record " + std::to_string(r) + " is outside [0, " + std::to_string(n) + ")";
    });
  };
  for (Index p = 0; p < n_pairs; ++p) {
    check_record(first[p]);
    check_record(second[p]);
  }
  for (const Index r : constraints.must_first) check_record(r);
  for (const Index r : constraints.must_second) check_record(r);
  for (const Index r : constraints.cannot_first) check_record(r);
  for (const Index r : constraints.cannot_second) check_record(r);

  std::vector<TokenisedName> tokenised;
  tokenised.reserve(names.size());
  for (const auto& name : names) tokenised.emplace_back(name);
  ConstrainedUnion clusters(n, groups, category, constraints, names.empty() ? nullptr : &tokenised);
  for (std::size_t k = 0; k < constraints.must_first.size(); ++k) {
    const Index a = clusters.find(constraints.must_first[k]);
    const Index b = clusters.find(constraints.must_second[k]);
    // An alias overrides scores, countries and names, but two signatures of one letter
    // stay two actors even when an alias names both.
    if (a != b && !clusters.share_group(a, b)) clusters.merge(a, b);
  }
  std::vector<Index> order(static_cast<std::size_t>(n_pairs));
  std::iota(order.begin(), order.end(), Index{0});
  std::sort(order.begin(), order.end(), [&](Index x, Index y) {
    if (score[x] != score[y]) return score[x] > score[y];
    if (first[x] != first[y]) return first[x] < first[y];
    return second[x] < second[y];
  });
  for (const Index p : order) {
    const Index a = clusters.find(first[p]);
    const Index b = clusters.find(second[p]);
    if (a != b && !clusters.conflict(a, b)) clusters.merge(a, b);
  }
  Buffer<Index> labels(n);
  std::vector<Index> label_of_root(static_cast<std::size_t>(n), -1);
  Index next = 0;
  for (Index r = 0; r < n; ++r) {
    Index& label = label_of_root[static_cast<std::size_t>(clusters.find(r))];
    if (label < 0) label = next++;
    labels[r] = label;
  }
  return labels;
}

}  // namespace cosignet
