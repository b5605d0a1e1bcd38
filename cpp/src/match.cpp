#include "cosignet/match.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <numeric>
#include <string>
#include <tuple>
#include <utility>

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

// ------------------------------------------------------------------ syllables

/// Pinyin syllables without tones: a token that splits into them may be a Chinese name.
constexpr std::string_view kPinyin[] = {
    "a",     "ai",   "an",    "ang",   "ao",     "ba",    "bai",   "ban",   "bang",   "bao",
    "bei",   "ben",  "beng",  "bi",    "bian",   "biao",  "bie",   "bin",   "bing",   "bo",
    "bu",    "ca",   "cai",   "can",   "cang",   "cao",   "ce",    "cen",   "ceng",   "cha",
    "chai",  "chan", "chang", "chao",  "che",    "chen",  "cheng", "chi",   "chong",  "chou",
    "chu",   "chua", "chuai", "chuan", "chuang", "chui",  "chun",  "chuo",  "ci",     "cong",
    "cou",   "cu",   "cuan",  "cui",   "cun",    "cuo",   "da",    "dai",   "dan",    "dang",
    "dao",   "de",   "dei",   "den",   "deng",   "di",    "dia",   "dian",  "diao",   "die",
    "ding",  "diu",  "dong",  "dou",   "du",     "duan",  "dui",   "dun",   "duo",    "e",
    "ei",    "en",   "eng",   "er",    "fa",     "fan",   "fang",  "fei",   "fen",    "feng",
    "fo",    "fou",  "fu",    "ga",    "gai",    "gan",   "gang",  "gao",   "ge",     "gei",
    "gen",   "geng", "gong",  "gou",   "gu",     "gua",   "guai",  "guan",  "guang",  "gui",
    "gun",   "guo",  "ha",    "hai",   "han",    "hang",  "hao",   "he",    "hei",    "hen",
    "heng",  "hong", "hou",   "hu",    "hua",    "huai",  "huan",  "huang", "hui",    "hun",
    "huo",   "ji",   "jia",   "jian",  "jiang",  "jiao",  "jie",   "jin",   "jing",   "jiong",
    "jiu",   "ju",   "juan",  "jue",   "jun",    "ka",    "kai",   "kan",   "kang",   "kao",
    "ke",    "kei",  "ken",   "keng",  "kong",   "kou",   "ku",    "kua",   "kuai",   "kuan",
    "kuang", "kui",  "kun",   "kuo",   "la",     "lai",   "lan",   "lang",  "lao",    "le",
    "lei",   "leng", "li",    "lia",   "lian",   "liang", "liao",  "lie",   "lin",    "ling",
    "liu",   "lo",   "long",  "lou",   "lu",     "luan",  "lue",   "lun",   "luo",    "lv",
    "ma",    "mai",  "man",   "mang",  "mao",    "me",    "mei",   "men",   "meng",   "mi",
    "mian",  "miao", "mie",   "min",   "ming",   "miu",   "mo",    "mou",   "mu",     "na",
    "nai",   "nan",  "nang",  "nao",   "ne",     "nei",   "nen",   "neng",  "ni",     "nian",
    "niang", "niao", "nie",   "nin",   "ning",   "niu",   "nong",  "nou",   "nu",     "nuan",
    "nue",   "nuo",  "nv",    "o",     "ou",     "pa",    "pai",   "pan",   "pang",   "pao",
    "pei",   "pen",  "peng",  "pi",    "pian",   "piao",  "pie",   "pin",   "ping",   "po",
    "pou",   "pu",   "qi",    "qia",   "qian",   "qiang", "qiao",  "qie",   "qin",    "qing",
    "qiong", "qiu",  "qu",    "quan",  "que",    "qun",   "ran",   "rang",  "rao",    "re",
    "ren",   "reng", "ri",    "rong",  "rou",    "ru",    "rua",   "ruan",  "rui",    "run",
    "ruo",   "sa",   "sai",   "san",   "sang",   "sao",   "se",    "sen",   "seng",   "sha",
    "shai",  "shan", "shang", "shao",  "she",    "shei",  "shen",  "sheng", "shi",    "shou",
    "shu",   "shua", "shuai", "shuan", "shuang", "shui",  "shun",  "shuo",  "si",     "song",
    "sou",   "su",   "suan",  "sui",   "sun",    "suo",   "ta",    "tai",   "tan",    "tang",
    "tao",   "te",   "teng",  "ti",    "tian",   "tiao",  "tie",   "ting",  "tong",   "tou",
    "tu",    "tuan", "tui",   "tun",   "tuo",    "wa",    "wai",   "wan",   "wang",   "wei",
    "wen",   "weng", "wo",    "wu",    "xi",     "xia",   "xian",  "xiang", "xiao",   "xie",
    "xin",   "xing", "xiong", "xiu",   "xu",     "xuan",  "xue",   "xun",   "ya",     "yan",
    "yang",  "yao",  "ye",    "yi",    "yin",    "ying",  "yo",    "yong",  "you",    "yu",
    "yuan",  "yue",  "yun",   "za",    "zai",    "zan",   "zang",  "zao",   "ze",     "zei",
    "zen",   "zeng", "zha",   "zhai",  "zhan",   "zhang", "zhao",  "zhe",   "zhei",   "zhen",
    "zheng", "zhi",  "zhong", "zhou",  "zhu",    "zhua",  "zhuai", "zhuan", "zhuang", "zhui",
    "zhun",  "zhuo", "zi",    "zong",  "zou",    "zu",    "zuan",  "zui",   "zun",    "zuo"};

/// Common Chinese surnames in pinyin: with pinyin tokens, they make a name syllabic.
constexpr std::string_view kChineseSurnames[] = {
    "bai",  "cai",   "cao",   "chang", "chen",  "cheng", "cui",   "dai",   "deng",  "ding", "dong",
    "du",   "duan",  "fan",   "fang",  "feng",  "fu",    "gao",   "gong",  "gu",    "guan", "guo",
    "han",  "hao",   "he",    "hou",   "hu",    "hua",   "huang", "jia",   "jiang", "jin",  "kang",
    "kong", "lai",   "lei",   "li",    "liang", "liao",  "lin",   "liu",   "long",  "lu",   "luo",
    "ma",   "mao",   "meng",  "niu",   "ou",    "pan",   "peng",  "qian",  "qiao",  "qin",  "qiu",
    "ren",  "shao",  "shen",  "shi",   "song",  "su",    "sun",   "tan",   "tang",  "tian", "wan",
    "wang", "wei",   "wen",   "wu",    "xia",   "xiao",  "xie",   "xiong", "xu",    "xue",  "yan",
    "yang", "yao",   "ye",    "yi",    "yin",   "yu",    "yuan",  "yue",   "zeng",  "zhan", "zhang",
    "zhao", "zheng", "zhong", "zhou",  "zhu",   "zou"};

bool in_sorted_table(std::string_view text, const std::vector<std::string_view>& table) {
  return std::binary_search(table.begin(), table.end(), text);
}

template <std::size_t N>
std::vector<std::string_view> sorted(const std::string_view (&words)[N]) {
  std::vector<std::string_view> table(std::begin(words), std::end(words));
  std::sort(table.begin(), table.end());
  return table;
}

const std::vector<std::string_view>& pinyin_table() {
  static const std::vector<std::string_view> table = sorted(kPinyin);
  return table;
}

const std::vector<std::string_view>& surname_table() {
  static const std::vector<std::string_view> table = sorted(kChineseSurnames);
  return table;
}

/// Whether an ASCII token splits into pinyin syllables ("ziyang" = "zi" + "yang").
bool splits_into_pinyin(const std::string& token) {
  const auto& table = pinyin_table();
  std::vector<char> reachable(token.size() + 1, 0);
  reachable[0] = 1;
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (!reachable[i]) continue;
    for (std::size_t length = 1; length <= 6 && i + length <= token.size(); ++length) {
      if (in_sorted_table(std::string_view(token).substr(i, length), table)) {
        reachable[i + length] = 1;
      }
    }
  }
  return reachable[token.size()] != 0;
}

bool is_vowel(char32_t c) {
  return c == U'a' || c == U'e' || c == U'i' || c == U'o' || c == U'u' || c == U'y';
}

/// Whether an ASCII token is one syllable as East Asian romanisations write it: an initial
/// ("ch", "kw", "ts" ...), one to three vowels, a final ("ng", "n", "m", "p", "t", "k", "h",
/// "w"): "kwun", "chung", "ka", "lok", "ying", "law"; and "ng", "m", "tsz", "sz".
bool is_syllable(const std::string& token) {
  if (token.empty() || token.size() > 6) return false;
  if (token == "ng" || token == "m" || token == "tsz" || token == "sz") return true;
  static constexpr std::string_view kInitials[] = {
      "ch", "kw", "gw", "ng", "ts", "tz", "sh", "zh", "hs", "b", "c", "d", "f", "g", "h",
      "j",  "k",  "l",  "m",  "n",  "p",  "q",  "r",  "s",  "t", "w", "x", "y", "z", ""};
  static constexpr std::string_view kFinals[] = {"", "ng", "n", "m", "p", "t", "k", "h", "w"};
  const std::string_view text(token);
  for (const std::string_view initial : kInitials) {
    if (text.substr(0, initial.size()) != initial) continue;
    std::size_t vowels = initial.size();
    while (vowels < text.size() && is_vowel(static_cast<char32_t>(text[vowels]))) ++vowels;
    const std::size_t count = vowels - initial.size();
    if (count == 0 || count > 3) continue;
    const std::string_view rest = text.substr(vowels);
    for (const std::string_view final_part : kFinals) {
      if (rest == final_part) return true;
    }
  }
  return false;
}

// ------------------------------------------------------------------ tokens

/// Reads the digraphs that transliterations and OCR swap (ph/f, ck/k, ks/x, kh/h, rn/m, and
/// the umlauts written oe/ue) as one letter, then collapses doubled letters: equal results
/// are spelling variants.
CodePoints canonical(const CodePoints& token) {
  CodePoints replaced;
  replaced.reserve(token.size());
  for (std::size_t i = 0; i < token.size(); ++i) {
    const char32_t c = token[i];
    const char32_t next = i + 1 < token.size() ? token[i + 1] : 0;
    char32_t single = 0;
    if (c == U'p' && next == U'h') single = U'f';
    if (c == U'c' && next == U'k') single = U'k';
    if (c == U'k' && next == U's') single = U'x';
    if (c == U'k' && next == U'h') single = U'h';
    if (c == U'r' && next == U'n') single = U'm';
    if ((c == U'o' || c == U'u') && next == U'e') single = c;  // "oeztuerk" = "ozturk"
    // "jaeger" = "jager", but "michael" is not "michal".
    const char32_t after = i + 2 < token.size() ? token[i + 2] : 0;
    if (c == U'a' && next == U'e' && after != U'l') single = c;
    if (single != 0) {
      replaced.push_back(single);
      ++i;
    } else {
      replaced.push_back(c);
    }
  }
  CodePoints out;
  out.reserve(replaced.size());
  for (const char32_t c : replaced) {
    if (out.empty() || out.back() != c) out.push_back(c);
  }
  return out;
}

struct Token {
  CodePoints text;
  CodePoints canon;
  bool syllable = false;  // one East Asian syllable
  bool pinyin = false;    // splits into pinyin syllables
  bool surname = false;   // a common Chinese surname
  std::size_t size() const { return text.size(); }
  bool initial() const { return text.size() == 1; }
};

Token make_token(CodePoints text) {
  Token token;
  token.canon = canonical(text);
  std::string ascii;
  bool is_ascii = true;
  for (const char32_t c : text) {
    is_ascii = is_ascii && c < 0x80;
    if (is_ascii) ascii.push_back(static_cast<char>(c));
  }
  if (is_ascii) {
    token.syllable = is_syllable(ascii);
    token.pinyin = splits_into_pinyin(ascii);
    token.surname = in_sorted_table(ascii, surname_table());
  }
  token.text = std::move(text);
  return token;
}

/// A name split into tokens once, so comparing it many times decodes nothing.
struct TokenisedName {
  std::vector<Token> tokens;
  CodePoints joined;     // the tokens without spaces
  bool chinese = false;  // every token pinyin, one a common Chinese surname: syllables are atomic
  std::string text;

  explicit TokenisedName(std::string_view name) : text(name) {
    bool all_pinyin = true;
    bool any_surname = false;
    for (auto& t : tokens_of(name)) {
      joined += t;
      tokens.push_back(make_token(std::move(t)));
      const Token& token = tokens.back();
      if (!token.initial()) all_pinyin = all_pinyin && token.pinyin;
      any_surname = any_surname || token.surname;
    }
    chinese = !tokens.empty() && all_pinyin && any_surname;
  }
};

bool translit_pair(char32_t x, char32_t y) {
  auto is = [&](char32_t a, char32_t b) { return (x == a && y == b) || (x == b && y == a); };
  return is(U'c', U'k') || is(U'k', U'q') || is(U'i', U'y');
}

/// Positions where two equally long strings differ: the first two, and how many (at most 3).
struct Differences {
  std::size_t count = 0;
  std::size_t at[2] = {0, 0};
};

Differences differences(const CodePoints& x, const CodePoints& y) {
  Differences out;
  for (std::size_t i = 0; i < x.size() && out.count < 3; ++i) {
    if (x[i] != y[i]) {
      if (out.count < 2) out.at[out.count] = i;
      ++out.count;
    }
  }
  return out;
}

/// Whether two equally long strings differ by one adjacent transposition.
bool transposed(const CodePoints& x, const CodePoints& y) {
  if (x.size() != y.size()) return false;
  const Differences diff = differences(x, y);
  return diff.count == 2 && diff.at[1] == diff.at[0] + 1 && x[diff.at[0]] == y[diff.at[1]] &&
         x[diff.at[1]] == y[diff.at[0]];
}

/// Whether one string is the other with one letter dropped, not the last: an "h" (4+ letters
/// left: "mehmet" / "memet") or any letter (7+ left: "sakaliene" / "akaliene").
bool dropped_letter(const CodePoints& x, const CodePoints& y) {
  const CodePoints& longer = x.size() > y.size() ? x : y;
  const CodePoints& shorter = x.size() > y.size() ? y : x;
  if (longer.size() != shorter.size() + 1) return false;
  std::size_t at = 0;
  while (at < shorter.size() && longer[at] == shorter[at]) ++at;
  if (longer.compare(at + 1, CodePoints::npos, shorter, at, CodePoints::npos) != 0) return false;
  // A dropped last letter changes the name ("petrov" / "petrova", "andrea" / "andreas").
  if (at + 1 == longer.size()) return false;
  if (longer[at] == U'h' && at > 0 && shorter.size() >= 4) return true;
  return shorter.size() >= 7;
}

/// Whether two different tokens are one name spelled differently (see compare_names).
/// Each test runs on the tokens as printed and as read alike (canonical).
bool spelling_variant(const Token& x, const Token& y) {
  const std::size_t shortest = std::min(x.size(), y.size());
  if (x.canon == y.canon) return shortest >= 4;
  for (const auto& [a, b] : {std::pair{&x.text, &y.text}, std::pair{&x.canon, &y.canon}}) {
    if (shortest >= 5 && transposed(*a, *b)) return true;  // "kowalczykowski" / "...cyzk..."
    if (dropped_letter(*a, *b)) return true;
    if (a->size() == b->size() && shortest >= 4) {
      const Differences diff = differences(*a, *b);
      if (diff.count == 1 && translit_pair((*a)[diff.at[0]], (*b)[diff.at[0]])) return true;
    }
  }
  return false;
}

/// Whether one letter changed inside two long tokens ("jonathon" / "jonathan").
bool letter_changed(const Token& x, const Token& y) {
  if (x.text.size() != y.text.size() || x.text.size() < 6) return false;
  const Differences diff = differences(x.text, y.text);
  return diff.count == 1 && diff.at[0] != 0 && diff.at[0] + 1 != x.text.size();
}

/// Whether @p whole is @p head followed by @p tail, without building the concatenation.
bool spells(const CodePoints& whole, const CodePoints& head, const CodePoints& tail) {
  return whole.size() == head.size() + tail.size() && whole.compare(0, head.size(), head) == 0 &&
         whole.compare(head.size(), tail.size(), tail) == 0;
}

NameComparison compare_tokenised(const TokenisedName& a, const TokenisedName& b) {
  if (a.text == b.text) return {1.0, NameRule::kSame};
  if (a.tokens.empty() || b.tokens.empty()) return {0.0, NameRule::kDifferent};
  if (a.joined == b.joined) return {0.99, NameRule::kSameLetters};  // "kwunchung" / "kwun chung"
  // Fewer tokens first; equal counts in a fixed order, so the result is symmetric.
  const bool a_first =
      a.tokens.size() != b.tokens.size() ? a.tokens.size() < b.tokens.size() : a.text <= b.text;
  const TokenisedName& x = a_first ? a : b;
  const TokenisedName& y = a_first ? b : a;
  const auto& xs = x.tokens;
  const auto& ys = y.tokens;
  std::vector<char> used_x(xs.size(), 0);
  std::vector<char> used_y(ys.size(), 0);
  std::size_t full_pairs = 0;
  std::size_t initial_pairs = 0;
  bool spacing = false;
  bool spelling = false;
  bool changed = false;

  auto pair_tokens = [&](auto&& fits, bool full) {
    for (std::size_t i = 0; i < xs.size(); ++i) {
      if (used_x[i]) continue;
      for (std::size_t j = 0; j < ys.size(); ++j) {
        if (used_y[j] || !fits(xs[i], ys[j])) continue;
        used_x[i] = used_y[j] = 1;
        if (full) ++full_pairs;
        break;
      }
    }
  };
  // Equal tokens (an initial equal to an initial pairs but proves little).
  for (std::size_t i = 0; i < xs.size(); ++i) {
    for (std::size_t j = 0; j < ys.size(); ++j) {
      if (used_y[j] || xs[i].text != ys[j].text) continue;
      used_x[i] = used_y[j] = 1;
      full_pairs += xs[i].initial() ? 0 : 1;
      break;
    }
  }
  // A token spelled by two adjacent tokens of the other name ("kwunchung" / "kwun chung").
  auto join = [&](const std::vector<Token>& one, std::vector<char>& used_one,
                  const std::vector<Token>& two, std::vector<char>& used_two) {
    for (std::size_t i = 0; i < one.size(); ++i) {
      if (used_one[i]) continue;
      for (std::size_t j = 0; j + 1 < two.size(); ++j) {
        if (used_two[j] || used_two[j + 1]) continue;
        const bool joined = spells(one[i].text, two[j].text, two[j + 1].text) ||
                            spells(one[i].text, two[j + 1].text, two[j].text);
        // The same after spelling is read alike ("oestergaard" / "oster gaard").
        const std::size_t parts = two[j].size() + two[j + 1].size();
        const bool spelled = !joined && !x.chinese && !y.chinese && one[i].size() >= 7 &&
                             parts + 2 >= one[i].size() && parts <= one[i].size() + 2 &&
                             one[i].canon == canonical(two[j].text + two[j + 1].text);
        if (joined || spelled) {
          used_one[i] = used_two[j] = used_two[j + 1] = 1;
          ++full_pairs;
          spacing = true;
          spelling = spelling || spelled;
          break;
        }
      }
    }
  };
  join(xs, used_x, ys, used_y);
  join(ys, used_y, xs, used_x);
  // Chinese syllables are atomic: a different letter is a different name.
  if (!x.chinese && !y.chinese) {
    pair_tokens(
        [&](const Token& s, const Token& t) {
          const bool fits = !s.initial() && !t.initial() && spelling_variant(s, t);
          spelling = spelling || fits;
          return fits;
        },
        true);
    pair_tokens(
        [&](const Token& s, const Token& t) {
          const bool fits = !s.initial() && !t.initial() && letter_changed(s, t);
          changed = changed || fits;
          return fits;
        },
        true);
  }
  pair_tokens(
      [&](const Token& s, const Token& t) {
        const bool fits = s.initial() != t.initial() && s.text.front() == t.text.front();
        initial_pairs += fits ? 1 : 0;
        return fits;
      },
      false);

  std::vector<std::size_t> left_x;
  std::vector<std::size_t> left_y;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    if (!used_x[i]) left_x.push_back(i);
  }
  for (std::size_t j = 0; j < ys.size(); ++j) {
    if (!used_y[j]) left_y.push_back(j);
  }
  auto two_syllables = [](const std::vector<Token>& tokens, const std::vector<std::size_t>& left) {
    return left.size() == 2 && left[1] == left[0] + 1 && tokens[left[0]].syllable &&
           tokens[left[1]].syllable;
  };
  auto one_full = [](const std::vector<Token>& tokens, const std::vector<std::size_t>& left) {
    return left.size() == 1 && !tokens[left[0]].initial() && !tokens[left[0]].syllable;
  };

  if (!left_x.empty() && !left_y.empty()) {
    if (full_pairs >= 1 && ((one_full(xs, left_x) && two_syllables(ys, left_y)) ||
                            (one_full(ys, left_y) && two_syllables(xs, left_x)))) {
      return {0.75, NameRule::kComplementary};
    }
    if (left_x.size() == 1 && left_y.size() == 1 && full_pairs >= 1 && !xs[left_x[0]].initial() &&
        !ys[left_y[0]].initial()) {
      const double jw = jaro_winkler_points(xs[left_x[0]].text, ys[left_y[0]].text);
      if (jw >= 0.8) return {0.6 + 0.09 * jw, NameRule::kNearMiss};
    }
    const double paired = static_cast<double>(xs.size() - left_x.size());
    return {0.6 * paired / static_cast<double>(xs.size()), NameRule::kDifferent};
  }

  NameComparison result{1.0, NameRule::kSameLetters};
  auto lower = [&](double score, NameRule rule) {
    if (score < result.score) result = {score, rule};
  };
  if (spacing) lower(0.99, NameRule::kSameLetters);
  if (spelling) lower(0.95, NameRule::kSpelling);
  if (initial_pairs > 0) {
    if (full_pairs >= 2) {
      lower(0.95, NameRule::kMiddleInitial);
    } else {
      lower(0.8, NameRule::kInitials);
    }
  }
  if (changed) lower(0.8, NameRule::kLetterChanged);
  if (!left_x.empty() || !left_y.empty()) {
    const bool x_left = !left_x.empty();
    const auto& extra_tokens = x_left ? xs : ys;
    const auto& extra = x_left ? left_x : left_y;
    const auto& kept = x_left ? ys : xs;
    const std::size_t kept_full = static_cast<std::size_t>(
        std::count_if(kept.begin(), kept.end(), [](const Token& t) { return !t.initial(); }));
    const bool all_initials = std::all_of(extra.begin(), extra.end(),
                                          [&](std::size_t i) { return extra_tokens[i].initial(); });
    if (kept.size() == 1) {
      lower(0.75, NameRule::kSurnameOnly);
    } else if (all_initials) {
      lower(kept_full >= 2 ? 0.95 : 0.8,
            kept_full >= 2 ? NameRule::kMiddleInitial : NameRule::kInitials);
    } else if (two_syllables(extra_tokens, extra)) {
      lower(0.95, NameRule::kGivenName);
    } else {
      lower(0.84, NameRule::kExtraName);
    }
  }
  return result;
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

bool has(std::uint8_t trust, LinkTrust flag) {
  return (trust & static_cast<std::uint8_t>(flag)) != 0;
}

/// Names scoring below this are different people: no cluster holds both.
constexpr double kNameFloor = 0.7;
/// For the ambiguity check, only names that no rule relates (kDifferent) are different people:
/// a near miss between two rivals is more likely one person printed three ways.
constexpr double kRivalNameFloor = 0.65;

/// Union-find over clusters that keeps, per root, what a merge must check.
class Linker {
 public:
  Linker(const LinkInput& input, const CsrView& groups, const LinkConstraints& constraints,
         const std::vector<TokenisedName>* names)
      : names_(names),
        n_categories_(input.n_categories),
        named_(static_cast<std::size_t>(input.n)),
        parent_(static_cast<std::size_t>(input.n)),
        groups_(static_cast<std::size_t>(input.n)),
        cannot_(static_cast<std::size_t>(input.n)),
        identifiers_(static_cast<std::size_t>(input.n)),
        category_(static_cast<std::size_t>(input.n * input.n_categories), -1) {
    const Index n = input.n;
    std::iota(parent_.begin(), parent_.end(), Index{0});
    for (Index r = 0; r < n; ++r) {
      const auto at = static_cast<std::size_t>(r);
      named_[at].push_back(r);
      const Index* begin = groups.innerIndexPtr() + groups.outerIndexPtr()[r];
      const Index* end = groups.innerIndexPtr() + groups.outerIndexPtr()[r + 1];
      groups_[at].assign(begin, end);  // sorted: CSR rows are
      if (input.identifiers.indptr != nullptr) {
        for (Index k = input.identifiers.indptr[r]; k < input.identifiers.indptr[r + 1]; ++k) {
          identifiers_[at].emplace_back(input.identifiers.kind[k], input.identifiers.value[k]);
        }
        std::sort(identifiers_[at].begin(), identifiers_[at].end());
        identifiers_[at].erase(std::unique(identifiers_[at].begin(), identifiers_[at].end()),
                               identifiers_[at].end());
      }
    }
    if (input.category != nullptr) {
      std::copy(input.category, input.category + n * input.n_categories, category_.begin());
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

  /// The reason roots a and b cannot merge, or -1. A shared identifier (kIdentifier)
  /// overrides categories and names; kNames overrides names. After kIncoherent, incoherent_pair()
  /// names the two members whose names differ.
  int conflict(Index a, Index b, std::uint8_t trust, double name_floor = kNameFloor) {
    if (share_group(a, b)) return static_cast<int>(LinkStatus::kSameGroup);
    const Index small_root =
        cannot_[static_cast<std::size_t>(a)].size() < cannot_[static_cast<std::size_t>(b)].size()
            ? a
            : b;
    const Index other_root = small_root == a ? b : a;
    for (const Index partner : cannot_[static_cast<std::size_t>(small_root)]) {
      if (find(partner) == other_root) return static_cast<int>(LinkStatus::kForbidden);
    }
    if (identifiers_conflict(identifiers_[static_cast<std::size_t>(a)],
                             identifiers_[static_cast<std::size_t>(b)])) {
      return static_cast<int>(LinkStatus::kIdentifiers);
    }
    if (has(trust, LinkTrust::kIdentifier)) return -1;
    for (Index c = 0; c < n_categories_; ++c) {
      const Index ca = category_[static_cast<std::size_t>(a * n_categories_ + c)];
      const Index cb = category_[static_cast<std::size_t>(b * n_categories_ + c)];
      if (ca >= 0 && cb >= 0 && ca != cb) {
        return static_cast<int>(LinkStatus::kCategory) + static_cast<int>(c);
      }
    }
    if (!has(trust, LinkTrust::kNames) && names_ != nullptr && incoherent(a, b, name_floor)) {
      return static_cast<int>(LinkStatus::kIncoherent);
    }
    return -1;
  }

  /// Merges the clusters of roots a and b; returns the new root. The name of record
  /// @p covered (or none, -1) no longer counts in the name checks.
  Index merge(Index a, Index b, Index covered = -1) {
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
    append(cannot_, a, b);
    append(named_, a, b);
    auto& named = named_[static_cast<std::size_t>(a)];
    if (covered >= 0 && named.size() > 1) {
      named.erase(std::remove(named.begin(), named.end(), covered), named.end());
    }
    auto& ia = identifiers_[static_cast<std::size_t>(a)];
    auto& ib = identifiers_[static_cast<std::size_t>(b)];
    if (!ib.empty()) {
      ia.insert(ia.end(), ib.begin(), ib.end());
      std::sort(ia.begin(), ia.end());
      ia.erase(std::unique(ia.begin(), ia.end()), ia.end());
      std::vector<std::pair<Index, Index>>().swap(ib);
    }
    for (Index c = 0; c < n_categories_; ++c) {
      Index& ca = category_[static_cast<std::size_t>(a * n_categories_ + c)];
      if (ca < 0) ca = category_[static_cast<std::size_t>(b * n_categories_ + c)];
    }
    return a;
  }

  std::pair<Index, Index> incoherent_pair() const { return incoherent_pair_; }

 private:
  using Ids = std::vector<std::pair<Index, Index>>;
  static constexpr Index kSocialKinds = 64;

  template <typename T>
  static void append(std::vector<std::vector<T>>& lists, Index a, Index b) {
    auto& la = lists[static_cast<std::size_t>(a)];
    auto& lb = lists[static_cast<std::size_t>(b)];
    la.insert(la.end(), lb.begin(), lb.end());
    std::vector<T>().swap(lb);
  }

  static bool disjoint(const std::vector<Index>& x, const std::vector<Index>& y) {
    for (const Index v : x) {
      if (std::find(y.begin(), y.end(), v) != y.end()) return false;
    }
    return true;
  }

  /// Two identifiers of one kind that differ, or a platform-less handle that equals none of
  /// the other side's handles (sorted (kind, value) lists).
  static bool identifiers_conflict(const Ids& x, const Ids& y) {
    if (x.empty() || y.empty()) return false;
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < x.size() && j < y.size()) {
      const Index kind = std::min(x[i].first, y[j].first);
      std::vector<Index> xv;
      std::vector<Index> yv;
      while (i < x.size() && x[i].first == kind) xv.push_back(x[i++].second);
      while (j < y.size() && y[j].first == kind) yv.push_back(y[j++].second);
      if (kind != 0 && !xv.empty() && !yv.empty() && disjoint(xv, yv)) return true;
    }
    auto bare_apart = [](const Ids& bare_side, const Ids& other) {
      std::vector<Index> bare;
      std::vector<Index> handles;
      for (const auto& [kind, value] : bare_side) {
        if (kind == 0) bare.push_back(value);
      }
      for (const auto& [kind, value] : other) {
        if (kind < kSocialKinds) handles.push_back(value);
      }
      return !bare.empty() && !handles.empty() && disjoint(bare, handles);
    };
    return bare_apart(x, y) || bare_apart(y, x);
  }

  /// Complete linkage, capped: a pair of names across the two clusters that are different
  /// people (score below @p floor) forbids the merge, so a hub such as a lone surname cannot
  /// chain "Charlotte Young" to "James Young".
  bool incoherent(Index a, Index b, double floor) {
    static constexpr std::size_t kSample = 16;
    const auto& ma = named_[static_cast<std::size_t>(a)];
    const auto& mb = named_[static_cast<std::size_t>(b)];
    for (std::size_t i = 0; i < std::min(ma.size(), kSample); ++i) {
      for (std::size_t j = 0; j < std::min(mb.size(), kSample); ++j) {
        const auto& x = (*names_)[static_cast<std::size_t>(ma[i])];
        const auto& y = (*names_)[static_cast<std::size_t>(mb[j])];
        if (x.text != y.text && compare_tokenised(x, y).score < floor) {
          incoherent_pair_ = {ma[i], mb[j]};
          return true;
        }
      }
    }
    return false;
  }

  const std::vector<TokenisedName>* names_;
  std::pair<Index, Index> incoherent_pair_{-1, -1};
  Index n_categories_;
  std::vector<std::vector<Index>> named_;  // members whose names count in incoherent()
  std::vector<Index> parent_;
  std::vector<std::vector<Index>> groups_;
  std::vector<std::vector<Index>> cannot_;
  std::vector<Ids> identifiers_;
  std::vector<Index> category_;
};

}  // namespace

double jaro_winkler(std::string_view a, std::string_view b) {
  return jaro_winkler_points(decode(a), decode(b));
}

NameComparison compare_names(std::string_view a, std::string_view b) {
  return compare_tokenised(TokenisedName(a), TokenisedName(b));
}

double name_similarity(std::string_view a, std::string_view b) {
  return compare_names(a, b).score;
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
    std::vector<std::int8_t> rule;
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
        const NameComparison c = compare_tokenised(*tokenised[static_cast<std::size_t>(i)],
                                                   *tokenised[static_cast<std::size_t>(j)]);
        if (c.rule != NameRule::kDifferent && c.score >= min_score) {
          out.first.push_back(i);
          out.second.push_back(j);
          out.score.push_back(c.score);
          out.rule.push_back(static_cast<std::int8_t>(c.rule));
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
  result.rule.resize(total);
  Index at = 0;
  for (const auto& c : chunks) {
    std::copy(c.first.begin(), c.first.end(), result.first.begin() + at);
    std::copy(c.second.begin(), c.second.end(), result.second.begin() + at);
    std::copy(c.score.begin(), c.score.end(), result.score.begin() + at);
    std::copy(c.rule.begin(), c.rule.end(), result.rule.begin() + at);
    at += static_cast<Index>(c.first.size());
  }
  return result;
}

LinkResult link_records(const LinkInput& input, const CsrView& groups,
                        const LinkConstraints& constraints, const std::vector<std::string>& names) {
  const Index n = input.n;
  require(names.empty() || static_cast<Index>(names.size()) == n,
          "names must be empty or hold one name per record");
  require(groups.rows() == n, "groups must have one row per record");
  require(input.n_categories >= 0, "n_categories must be nonnegative");
  require(constraints.must_first.size() == constraints.must_second.size() &&
              constraints.cannot_first.size() == constraints.cannot_second.size(),
          "constraint pairs must come in equal-length lists");
  auto check_record = [n](Index r) {
    require(r >= 0 && r < n, [&] {
      return "record " + std::to_string(r) + " is outside [0, " + std::to_string(n) + ")";
    });
  };
  for (Index p = 0; p < input.n_pairs; ++p) {
    check_record(input.first[p]);
    check_record(input.second[p]);
  }
  for (const Index r : constraints.must_first) check_record(r);
  for (const Index r : constraints.must_second) check_record(r);
  for (const Index r : constraints.cannot_first) check_record(r);
  for (const Index r : constraints.cannot_second) check_record(r);
  if (input.identifiers.indptr != nullptr) {
    require(input.identifiers.indptr[0] == 0, "identifier offsets must start at 0");
    for (Index r = 0; r < n; ++r) {
      require(input.identifiers.indptr[r] <= input.identifiers.indptr[r + 1],
              "identifier offsets must not decrease");
    }
  }

  std::vector<TokenisedName> tokenised;
  tokenised.reserve(names.size());
  for (const auto& name : names) tokenised.emplace_back(name);
  Linker clusters(input, groups, constraints, names.empty() ? nullptr : &tokenised);
  for (std::size_t k = 0; k < constraints.must_first.size(); ++k) {
    const Index a = clusters.find(constraints.must_first[k]);
    const Index b = clusters.find(constraints.must_second[k]);
    // An alias overrides scores, countries and names, but two signatures of one letter
    // stay two actors even when an alias names both.
    if (a != b && !clusters.share_group(a, b)) clusters.merge(a, b);
  }

  const Index n_pairs = input.n_pairs;
  auto trust = [&](Index p) { return input.trust == nullptr ? std::uint8_t{0} : input.trust[p]; };
  auto strong = [&](Index p) { return has(trust(p), LinkTrust::kIdentifier); };
  std::vector<Index> order(static_cast<std::size_t>(n_pairs));
  std::iota(order.begin(), order.end(), Index{0});
  std::sort(order.begin(), order.end(), [&](Index x, Index y) {
    if (strong(x) != strong(y)) return strong(x);
    if (input.score[x] != input.score[y]) return input.score[x] > input.score[y];
    if (input.first[x] != input.first[y]) return input.first[x] < input.first[y];
    return input.second[x] < input.second[y];
  });
  // Each record's other candidates, best first, for the ambiguity check.
  std::vector<Index> adjacency_indptr(static_cast<std::size_t>(n) + 1, 0);
  std::vector<Index> adjacency;
  const bool check_ambiguity = input.ambiguity_margin >= 0.0;
  if (check_ambiguity) {
    for (const Index p : order) {
      if (strong(p)) continue;
      ++adjacency_indptr[static_cast<std::size_t>(input.first[p]) + 1];
      ++adjacency_indptr[static_cast<std::size_t>(input.second[p]) + 1];
    }
    std::partial_sum(adjacency_indptr.begin(), adjacency_indptr.end(), adjacency_indptr.begin());
    adjacency.resize(static_cast<std::size_t>(adjacency_indptr.back()));
    std::vector<Index> fill(adjacency_indptr.begin(), adjacency_indptr.end() - 1);
    for (const Index p : order) {
      if (strong(p)) continue;
      adjacency[static_cast<std::size_t>(fill[static_cast<std::size_t>(input.first[p])]++)] = p;
      adjacency[static_cast<std::size_t>(fill[static_cast<std::size_t>(input.second[p])]++)] = p;
    }
  }

  LinkResult result;
  result.status.resize(n_pairs);
  result.other.resize(n_pairs);
  std::fill(result.other.begin(), result.other.end(), Index{-1});

  // Whether another candidate of about the same score makes pair p a guess.
  auto ambiguous = [&](Index p, Index root_a, Index root_b, Index& other) {
    static constexpr int kLooked = 32;
    const Scalar floor = input.score[p] - input.ambiguity_margin;
    const Scalar* names_alike = input.name_score != nullptr ? input.name_score : input.score;
    const Scalar name_floor = names_alike[p] - input.ambiguity_margin;
    for (const auto& [x, own, far] : {std::tuple{input.first[p], root_a, root_b},
                                      std::tuple{input.second[p], root_b, root_a}}) {
      int looked = 0;
      const auto begin = adjacency_indptr[static_cast<std::size_t>(x)];
      const auto end = adjacency_indptr[static_cast<std::size_t>(x) + 1];
      for (Index k = begin; k < end; ++k) {
        const Index q = adjacency[static_cast<std::size_t>(k)];
        if (input.score[q] < floor - 1e-12) break;
        if (q == p || names_alike[q] < name_floor - 1e-12) continue;
        if (++looked > kLooked) break;
        const Index c = input.first[q] == x ? input.second[q] : input.first[q];
        const Index rival = clusters.find(c);
        if (rival == own || rival == far) continue;
        if (clusters.conflict(own, rival, 0, kRivalNameFloor) >= 0) continue;
        if (clusters.conflict(far, rival, 0, kRivalNameFloor) >= 0) {
          other = c;
          return true;
        }
      }
    }
    return false;
  };
  auto process = [&](Index p) {
    const Index a = clusters.find(input.first[p]);
    const Index b = clusters.find(input.second[p]);
    auto& status = result.status[p];
    if (a == b) {
      status = static_cast<std::int8_t>(LinkStatus::kTogether);
      return;
    }
    Index other = -1;
    const int reason = clusters.conflict(a, b, trust(p));
    if (reason >= 0) {
      status = static_cast<std::int8_t>(reason);
      if (reason == static_cast<int>(LinkStatus::kIncoherent)) {
        // Name the member that is not an endpoint of the pair.
        const auto [x, y] = clusters.incoherent_pair();
        const bool x_end = x == input.first[p] || x == input.second[p];
        other = x_end ? y : x;
      }
      result.other[p] = other;
      return;
    }
    if (check_ambiguity && !has(trust(p), LinkTrust::kAmbiguity) && ambiguous(p, a, b, other)) {
      status = static_cast<std::int8_t>(LinkStatus::kAmbiguous);
      result.other[p] = other;
      return;
    }
    // A name another form covers (a damaged copy, one half of a nickname) is no evidence of
    // a different person in later checks.
    Index covered = -1;
    if (has(trust(p), LinkTrust::kFirstCovers)) covered = input.second[p];
    if (has(trust(p), LinkTrust::kSecondCovers)) covered = input.first[p];
    clusters.merge(a, b, covered);
    status = static_cast<std::int8_t>(LinkStatus::kMerged);
    result.other[p] = -1;
  };
  Index done = 0;
  for (const Index p : order) {
    if (++done % 4096 == 0) check_interrupt();
    process(p);
  }
  // Merges made since may have settled what made a pair ambiguous.
  for (const Index p : order) {
    if (result.status[p] != static_cast<std::int8_t>(LinkStatus::kAmbiguous)) continue;
    if (++done % 4096 == 0) check_interrupt();
    process(p);
  }

  result.labels.resize(n);
  std::vector<Index> label_of_root(static_cast<std::size_t>(n), -1);
  Index next = 0;
  for (Index r = 0; r < n; ++r) {
    Index& label = label_of_root[static_cast<std::size_t>(clusters.find(r))];
    if (label < 0) label = next++;
    result.labels[r] = label;
  }
  return result;
}

Buffer<Index> constrained_clusters(Index n, const Index* first, const Index* second,
                                   const Scalar* score, Index n_pairs, const CsrView& groups,
                                   const Index* category, const LinkConstraints& constraints,
                                   const std::vector<std::string>& names) {
  LinkInput input;
  input.n = n;
  input.first = first;
  input.second = second;
  input.score = score;
  input.n_pairs = n_pairs;
  input.category = category;
  input.n_categories = category != nullptr ? 1 : 0;
  return std::move(link_records(input, groups, constraints, names).labels);
}

}  // namespace cosignet
