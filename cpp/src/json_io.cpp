#include "cosignet/json_io.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <initializer_list>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <utility>

#include "cosignet/errors.hpp"

#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
#include <process.h>
#include <sys/stat.h>
#include <windows.h>
#else
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace cosignet {
namespace {

using Json = nlohmann::ordered_json;

// ------------------------------------------------------------------ equality

bool same_signature(const SignatureRecord& a, const SignatureRecord& b) {
  return a.raw == b.raw && a.name == b.name && a.honorifics == b.honorifics &&
         a.position == b.position && a.organisation == b.organisation && a.country == b.country &&
         a.party == b.party && a.descriptor == b.descriptor && a.kind == b.kind &&
         a.group == b.group && a.line == b.line && a.handle == b.handle && a.url == b.url &&
         a.email == b.email && a.source == b.source && a.actor_id == b.actor_id;
}

// ------------------------------------------------------------------ small checks

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

/// True for a real calendar date written "YYYY-MM-DD" with a year from 0001 to 9999.
bool is_iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (const std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!is_digit(s[i])) return false;
  }
  const auto number = [&](std::size_t from, std::size_t count) {
    int value = 0;
    for (std::size_t i = from; i < from + count; ++i) value = value * 10 + (s[i] - '0');
    return value;
  };
  const int year = number(0, 4);
  const int month = number(5, 2);
  const int day = number(8, 2);
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int days = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= days;
}

/// @p text with every byte that is not part of well-formed UTF-8 replaced by U+FFFD, so
/// that messages quoting input stay valid UTF-8.
std::string sanitize_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    const auto bad = invalid_utf8_offset(text);
    if (!bad) {
      out.append(text);
      break;
    }
    out.append(text.substr(0, *bad));
    out.append("\xEF\xBF\xBD");
    text.remove_prefix(*bad + 1);
  }
  return out;
}

/// The reason part of an nlohmann parse error message, without its own position (which
/// counts bytes) and with any raw input it quotes made valid UTF-8.
std::string parse_error_reason(const std::string& what) {
  std::string reason = what;
  const auto column = reason.find(", column ");
  if (column != std::string::npos) {
    const auto colon = reason.find(": ", column);
    if (colon != std::string::npos) reason = reason.substr(colon + 2);
  } else if (const auto bracket = reason.find("] "); bracket != std::string::npos) {
    reason = reason.substr(bracket + 2);
  }
  return sanitize_utf8(reason);
}

/// A short quotation of a JSON value for messages.
std::string preview(const Json& value) {
  std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
  constexpr std::size_t kMax = 60;
  if (text.size() > kMax) {
    std::size_t cut = kMax;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0U) == 0x80U) --cut;
    text = text.substr(0, cut) + "...";
  }
  return text;
}

std::string describe(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::object:
      return "an object";
    case Json::value_t::array:
      return "an array";
    case Json::value_t::string:
      return "the string " + preview(value);
    case Json::value_t::boolean:
      return preview(value);
    default:
      return "the number " + preview(value);
  }
}

std::string join_keys(std::initializer_list<const char*> keys) {
  std::string out;
  for (const char* key : keys) {
    if (!out.empty()) out += ", ";
    out += key;
  }
  return out;
}

// ------------------------------------------------------------------ where in a document

/// A position in a document ("letters[2].signatories[0].name"), built on the stack as the
/// reader descends and turned into text only when a message needs it.
struct Where {
  const Where* parent = nullptr;
  const char* key = nullptr;  ///< an object key, or nullptr for an array element
  std::size_t index = 0;      ///< the array index when key is nullptr

  std::string str() const {
    std::string head = parent != nullptr ? parent->str() : std::string();
    if (key != nullptr) return head.empty() ? std::string(key) : head + "." + key;
    return head + "[" + std::to_string(index) + "]";
  }
};

Where field(const Where* parent, const char* key) {
  return Where{parent, key, 0};
}
Where element(const Where* parent, std::size_t index) {
  return Where{parent, nullptr, index};
}

// ------------------------------------------------------------------ checking records

/// The checks validate_corpus() makes before writing; throws InvalidInput.
class Checker {
 public:
  [[noreturn]] static void fail(const Where& where, const std::string& what) {
    throw InvalidInput(where.str() + ": " + what);
  }

  static void text(const std::string& value, const Where& where) {
    if (const auto bad = invalid_utf8_offset(value)) {
      fail(where, "invalid UTF-8 at byte " + std::to_string(*bad));
    }
  }
  static void text(const std::optional<std::string>& value, const Where& where) {
    if (value) text(*value, where);
  }

  static void signature(const SignatureRecord& s, const Where& at) {
    text(s.raw, field(&at, "raw"));
    text(s.name, field(&at, "name"));
    const Where honorifics = field(&at, "honorifics");
    for (std::size_t i = 0; i < s.honorifics.size(); ++i) {
      text(s.honorifics[i], element(&honorifics, i));
    }
    text(s.position, field(&at, "position"));
    text(s.organisation, field(&at, "organisation"));
    text(s.country, field(&at, "country"));
    text(s.party, field(&at, "party"));
    text(s.descriptor, field(&at, "descriptor"));
    text(s.group, field(&at, "group"));
    text(s.handle, field(&at, "handle"));
    text(s.url, field(&at, "url"));
    text(s.email, field(&at, "email"));
    text(s.source, field(&at, "source"));
    text(s.actor_id, field(&at, "actor_id"));
    if (s.kind != "person" && s.kind != "organisation") {
      fail(field(&at, "kind"),
           "expected \"person\" or \"organisation\", got \"" + sanitize_utf8(s.kind) + "\"");
    }
  }

  static void letter(const LetterRecord& l, const Where& at,
                     std::unordered_map<std::string_view, std::size_t>& seen) {
    text(l.id, field(&at, "id"));
    if (l.id.empty()) fail(field(&at, "id"), "the id must not be empty");
    const auto [it, inserted] = seen.emplace(l.id, at.index);
    if (!inserted) {
      fail(field(&at, "id"), "\"" + l.id + "\" is also the id of letters[" +
                                 std::to_string(it->second) + "]; ids must be unique");
    }
    text(l.title, field(&at, "title"));
    text(l.source, field(&at, "source"));
    text(l.signing_group, field(&at, "signing_group"));
    if (l.date) {
      text(*l.date, field(&at, "date"));
      if (!is_iso_date(*l.date)) {
        fail(field(&at, "date"), "expected a date \"YYYY-MM-DD\", got \"" + *l.date + "\"");
      }
    }
    const Where addressees = field(&at, "addressees");
    for (std::size_t i = 0; i < l.addressees.size(); ++i) {
      signature(l.addressees[i], element(&addressees, i));
    }
    const Where signatories = field(&at, "signatories");
    for (std::size_t i = 0; i < l.signatories.size(); ++i) {
      signature(l.signatories[i], element(&signatories, i));
    }
    const Where issues = field(&at, "issues");
    for (std::size_t i = 0; i < l.issues.size(); ++i) {
      const Where issue = element(&issues, i);
      text(l.issues[i].text, field(&issue, "text"));
      text(l.issues[i].reason, field(&issue, "reason"));
    }
  }
};

// ------------------------------------------------------------------ records -> JSON text

// The text is written directly rather than through a DOM: one signature or issue per line
// (compact, and diffs of a corpus file show which signatures changed), several times faster
// and without the memory of a tree. Reading it back goes through nlohmann::json.

void append_string(std::string& out, std::string_view s) {
  static const char* const kHex = "0123456789abcdef";
  out += '"';
  for (const char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20U) {
          out += "\\u00";
          out += kHex[(static_cast<unsigned char>(c) >> 4U) & 15U];
          out += kHex[static_cast<unsigned char>(c) & 15U];
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void append_optional(std::string& out, const std::optional<std::string>& value) {
  if (value) {
    append_string(out, *value);
  } else {
    out += "null";
  }
}

void append_key(std::string& out, const char* key) {
  out += '"';
  out += key;
  out += "\": ";
}

void append_signature(std::string& out, const SignatureRecord& s, std::int64_t version) {
  out += "{";
  append_key(out, "raw");
  append_string(out, s.raw);
  out += ", ";
  append_key(out, "name");
  append_string(out, s.name);
  out += ", ";
  append_key(out, "honorifics");
  out += '[';
  for (std::size_t i = 0; i < s.honorifics.size(); ++i) {
    if (i > 0) out += ", ";
    append_string(out, s.honorifics[i]);
  }
  out += "], ";
  const std::pair<const char*, const std::optional<std::string>*> texts[] = {
      {"position", &s.position},
      {"organisation", &s.organisation},
      {"country", &s.country},
      {"party", &s.party},
      {"descriptor", &s.descriptor}};
  for (const auto& [key, value] : texts) {
    append_key(out, key);
    append_optional(out, *value);
    out += ", ";
  }
  append_key(out, "kind");
  append_string(out, s.kind);
  out += ", ";
  append_key(out, "group");
  append_optional(out, s.group);
  out += ", ";
  append_key(out, "line");
  out += s.line ? std::to_string(*s.line) : std::string("null");
  if (version >= 3) {
    const std::pair<const char*, const std::optional<std::string>*> contacts[] = {
        {"handle", &s.handle}, {"url", &s.url}, {"email", &s.email}, {"source", &s.source}};
    for (const auto& [key, value] : contacts) {
      out += ", ";
      append_key(out, key);
      append_optional(out, *value);
    }
  }
  if (s.actor_id) {
    out += ", ";
    append_key(out, "actor_id");
    append_optional(out, s.actor_id);
  }
  out += '}';
}

/// The version a document is written as: the oldest that holds all it has. 3 when a
/// signature carries a handle, url, email or source; 2 when one carries an actor_id; else 1.
std::int64_t version_needed(const CorpusDocument& document) {
  std::int64_t version = 1;
  for (const LetterRecord& letter : document.letters) {
    for (const auto* list : {&letter.signatories, &letter.addressees}) {
      for (const SignatureRecord& s : *list) {
        if (s.handle || s.url || s.email || s.source) return 3;
        if (s.actor_id) version = 2;
      }
    }
  }
  return version;
}

void append_signatures(std::string& out, const char* key,
                       const std::vector<SignatureRecord>& signatures, std::int64_t version) {
  out += "      ";
  append_key(out, key);
  if (signatures.empty()) {
    out += "[],\n";
    return;
  }
  out += "[\n";
  for (std::size_t i = 0; i < signatures.size(); ++i) {
    out += "        ";
    append_signature(out, signatures[i], version);
    out += i + 1 < signatures.size() ? ",\n" : "\n";
  }
  out += "      ],\n";
}

void append_letter(std::string& out, const LetterRecord& l, std::int64_t version) {
  out += "    {\n";
  const std::pair<const char*, const std::optional<std::string>*> texts[] = {
      {"title", &l.title},
      {"date", &l.date},
      {"source", &l.source},
      {"signing_group", &l.signing_group}};
  out += "      ";
  append_key(out, "id");
  append_string(out, l.id);
  out += ",\n";
  for (const auto& [key, value] : texts) {
    out += "      ";
    append_key(out, key);
    append_optional(out, *value);
    out += ",\n";
  }
  append_signatures(out, "addressees", l.addressees, version);
  append_signatures(out, "signatories", l.signatories, version);
  out += "      ";
  append_key(out, "issues");
  if (l.issues.empty()) {
    out += "[]\n";
  } else {
    out += "[\n";
    for (std::size_t i = 0; i < l.issues.size(); ++i) {
      out += "        {";
      append_key(out, "line");
      out += std::to_string(l.issues[i].line);
      out += ", ";
      append_key(out, "text");
      append_string(out, l.issues[i].text);
      out += ", ";
      append_key(out, "reason");
      append_string(out, l.issues[i].reason);
      out += i + 1 < l.issues.size() ? "},\n" : "}\n";
    }
    out += "      ]\n";
  }
  out += "    }";
}

// ------------------------------------------------------------------ JSON -> records

constexpr std::initializer_list<const char*> kDocumentKeys = {"format", "version", "letters"};
constexpr std::initializer_list<const char*> kLetterKeys = {
    "id", "title", "date", "source", "signing_group", "addressees", "signatories", "issues"};
constexpr std::initializer_list<const char*> kSignatureKeys = {
    "raw",  "name",  "honorifics", "position", "organisation", "country", "party",  "descriptor",
    "kind", "group", "line",       "handle",   "url",          "email",   "source", "actor_id"};
constexpr std::initializer_list<const char*> kIssueKeys = {"line", "text", "reason"};

class DocumentReader {
 public:
  explicit DocumentReader(const std::string& name) : name_(name) {}

  [[noreturn]] void fail(const Where* where, const std::string& what) const {
    throw ParseFailure(name_ + ": " + (where != nullptr ? where->str() + ": " : "") + what);
  }

  CorpusDocument document(const Json& root) const {
    if (!root.is_object()) {
      fail(nullptr, "not a cosignet corpus: the top level is " + describe(root) +
                        ", expected an object with \"format\": \"" + std::string(kCorpusFormat) +
                        "\"");
    }
    const auto format = root.find("format");
    if (format == root.end()) {
      fail(nullptr,
           "not a cosignet corpus: the key \"format\" is missing (expected \"format\": \"" +
               std::string(kCorpusFormat) + "\")");
    }
    if (!format->is_string() || format->get_ref<const std::string&>() != kCorpusFormat) {
      fail(nullptr, "not a cosignet corpus: \"format\" is " + describe(*format) + ", expected \"" +
                        std::string(kCorpusFormat) + "\"");
    }
    const auto version = root.find("version");
    if (version == root.end()) fail(nullptr, "the key \"version\" is missing");
    const Where version_at = field(nullptr, "version");
    if (!version->is_number_integer()) {
      fail(&version_at, "expected an integer, got " + describe(*version));
    }
    if (!version->is_number_unsigned() || version->get<std::uint64_t>() < 1 ||
        version->get<std::uint64_t>() > static_cast<std::uint64_t>(kCorpusFormatVersion)) {
      fail(nullptr, "unsupported " + std::string(kCorpusFormat) + " version " + preview(*version) +
                        "; this version of cosignet reads versions 1 to 3 (supported versions: "
                        "1, 2, 3)");
    }
    check_keys(root, kDocumentKeys, nullptr, "a corpus document");
    const Json& letters = required(root, "letters", nullptr);
    const Where letters_at = field(nullptr, "letters");
    if (!letters.is_array()) fail(&letters_at, "expected an array, got " + describe(letters));

    CorpusDocument out;
    out.letters.reserve(letters.size());
    std::unordered_map<std::string_view, std::size_t> seen;
    seen.reserve(letters.size());
    for (std::size_t i = 0; i < letters.size(); ++i) {
      const Where at = element(&letters_at, i);
      out.letters.push_back(letter(letters[i], at));
    }
    for (std::size_t i = 0; i < out.letters.size(); ++i) {  // views stay valid: no more growth
      const auto [it, inserted] = seen.emplace(out.letters[i].id, i);
      if (!inserted) {
        const Where at = element(&letters_at, i);
        const Where id = field(&at, "id");
        fail(&id, "\"" + std::string(it->first) + "\" is also the id of letters[" +
                      std::to_string(it->second) + "]; ids must be unique");
      }
    }
    return out;
  }

 private:
  void check_keys(const Json& object, std::initializer_list<const char*> allowed,
                  const Where* where, const char* what) const {
    for (auto it = object.begin(); it != object.end(); ++it) {
      const bool known = std::any_of(allowed.begin(), allowed.end(),
                                     [&](const char* key) { return it.key() == key; });
      if (!known) {
        fail(where, "unknown key \"" + it.key() + "\"; the keys of " + what + " are " +
                        join_keys(allowed));
      }
    }
  }

  const Json& required(const Json& object, const char* key, const Where* where) const {
    const auto it = object.find(key);
    if (it == object.end()) fail(where, std::string("the key \"") + key + "\" is missing");
    return *it;
  }

  std::string string(const Json& value, const Where& where) const {
    if (!value.is_string()) fail(&where, "expected a string, got " + describe(value));
    return value.get<std::string>();
  }

  std::string required_string(const Json& object, const char* key, const Where& where) const {
    return string(required(object, key, &where), field(&where, key));
  }

  std::optional<std::string> optional_string(const Json& object, const char* key,
                                             const Where& where) const {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return std::nullopt;
    if (!it->is_string()) {
      const Where at = field(&where, key);
      fail(&at, "expected a string or null, got " + describe(*it));
    }
    return it->get<std::string>();
  }

  std::int64_t integer(const Json& value, const Where& where, bool nullable) const {
    const bool fits = value.is_number_integer() &&
                      (!value.is_number_unsigned() ||
                       value.get<std::uint64_t>() <=
                           static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()));
    if (!fits) {
      fail(&where, std::string("expected an integer") + (nullable ? " or null" : "") + ", got " +
                       describe(value));
    }
    return value.get<std::int64_t>();
  }

  const Json* optional_array(const Json& object, const char* key, const Where& where) const {
    const auto it = object.find(key);
    if (it == object.end()) return nullptr;
    if (!it->is_array()) {
      const Where at = field(&where, key);
      fail(&at, "expected an array, got " + describe(*it));
    }
    return &*it;
  }

  const Json& object(const Json& value, const Where& where, const char* what) const {
    if (!value.is_object()) {
      fail(&where, std::string("expected ") + what + " (an object), got " + describe(value));
    }
    return value;
  }

  SignatureRecord signature(const Json& value, const Where& where) const {
    const Json& j = object(value, where, "a signature");
    check_keys(j, kSignatureKeys, &where, "a signature");
    SignatureRecord s;
    s.name = required_string(j, "name", where);
    const auto raw = j.find("raw");
    s.raw = raw == j.end() ? s.name : string(*raw, field(&where, "raw"));
    if (const Json* honorifics = optional_array(j, "honorifics", where)) {
      const Where at = field(&where, "honorifics");
      s.honorifics.reserve(honorifics->size());
      for (std::size_t i = 0; i < honorifics->size(); ++i) {
        s.honorifics.push_back(string((*honorifics)[i], element(&at, i)));
      }
    }
    s.position = optional_string(j, "position", where);
    s.organisation = optional_string(j, "organisation", where);
    s.country = optional_string(j, "country", where);
    s.party = optional_string(j, "party", where);
    s.descriptor = optional_string(j, "descriptor", where);
    s.group = optional_string(j, "group", where);
    if (const auto kind = j.find("kind"); kind != j.end()) {
      if (!kind->is_string() || (kind->get_ref<const std::string&>() != "person" &&
                                 kind->get_ref<const std::string&>() != "organisation")) {
        const Where at = field(&where, "kind");
        fail(&at, "expected \"person\" or \"organisation\", got " + describe(*kind));
      }
      s.kind = kind->get<std::string>();
    }
    if (const auto line = j.find("line"); line != j.end() && !line->is_null()) {
      s.line = integer(*line, field(&where, "line"), true);
    }
    s.handle = optional_string(j, "handle", where);
    s.url = optional_string(j, "url", where);
    s.email = optional_string(j, "email", where);
    s.source = optional_string(j, "source", where);
    s.actor_id = optional_string(j, "actor_id", where);
    return s;
  }

  IssueRecord issue(const Json& value, const Where& where) const {
    const Json& j = object(value, where, "an issue");
    check_keys(j, kIssueKeys, &where, "an issue");
    IssueRecord issue;
    issue.line = integer(required(j, "line", &where), field(&where, "line"), false);
    issue.text = required_string(j, "text", where);
    issue.reason = required_string(j, "reason", where);
    return issue;
  }

  std::vector<SignatureRecord> signatures(const Json& letter, const char* key,
                                          const Where& where) const {
    std::vector<SignatureRecord> out;
    if (const Json* list = optional_array(letter, key, where)) {
      const Where at = field(&where, key);
      out.reserve(list->size());
      for (std::size_t i = 0; i < list->size(); ++i) {
        out.push_back(signature((*list)[i], element(&at, i)));
      }
    }
    return out;
  }

  LetterRecord letter(const Json& value, const Where& where) const {
    const Json& j = object(value, where, "a letter");
    check_keys(j, kLetterKeys, &where, "a letter");
    LetterRecord l;
    l.id = required_string(j, "id", where);
    if (l.id.empty()) {
      const Where at = field(&where, "id");
      fail(&at, "the id must not be empty");
    }
    l.title = optional_string(j, "title", where);
    l.date = optional_string(j, "date", where);
    if (l.date && !is_iso_date(*l.date)) {
      const Where at = field(&where, "date");
      fail(&at, "expected a date \"YYYY-MM-DD\", got \"" + *l.date + "\"");
    }
    l.source = optional_string(j, "source", where);
    l.signing_group = optional_string(j, "signing_group", where);
    l.addressees = signatures(j, "addressees", where);
    l.signatories = signatures(j, "signatories", where);
    if (const Json* issues = optional_array(j, "issues", where)) {
      const Where at = field(&where, "issues");
      l.issues.reserve(issues->size());
      for (std::size_t i = 0; i < issues->size(); ++i) {
        l.issues.push_back(issue((*issues)[i], element(&at, i)));
      }
    }
    return l;
  }

  const std::string& name_;
};

// ------------------------------------------------------------------ files

std::uint64_t mix(std::uint64_t x) {  // splitmix64 finaliser
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30U)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27U)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31U);
}

/// A fresh 16-hex-digit token for temporary file names.
std::string random_token() {
  static std::atomic<std::uint64_t> counter{0};
  static const char* const kHex = "0123456789abcdef";
  const auto now = static_cast<std::uint64_t>(
      std::chrono::high_resolution_clock::now().time_since_epoch().count());
#ifdef _WIN32
  const auto pid = static_cast<std::uint64_t>(_getpid());
#else
  const auto pid = static_cast<std::uint64_t>(::getpid());
#endif
  std::uint64_t value = mix(now ^ mix(pid ^ mix(counter.fetch_add(1) + 1)));
  std::string token(16, '0');
  for (char& c : token) {
    c = kHex[value & 15U];
    value >>= 4U;
  }
  return token;
}

bool is_separator(char c) {
#ifdef _WIN32
  return c == '/' || c == '\\';
#else
  return c == '/';
#endif
}

}  // namespace

// ------------------------------------------------------------------ public functions

bool operator==(const SignatureRecord& a, const SignatureRecord& b) {
  return same_signature(a, b);
}

bool operator==(const IssueRecord& a, const IssueRecord& b) {
  return a.line == b.line && a.text == b.text && a.reason == b.reason;
}

bool operator==(const LetterRecord& a, const LetterRecord& b) {
  return a.id == b.id && a.title == b.title && a.date == b.date && a.source == b.source &&
         a.signing_group == b.signing_group && a.addressees == b.addressees &&
         a.signatories == b.signatories && a.issues == b.issues;
}

bool operator==(const CorpusDocument& a, const CorpusDocument& b) {
  return a.letters == b.letters;
}

std::optional<std::size_t> invalid_utf8_offset(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = bytes[i];
    if (c < 0x80U) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    unsigned char low = 0x80U;  // allowed range of the second byte
    unsigned char high = 0xBFU;
    if (c >= 0xC2U && c <= 0xDFU) {
      length = 2;
    } else if (c >= 0xE0U && c <= 0xEFU) {
      length = 3;
      if (c == 0xE0U) low = 0xA0U;   // no overlong forms
      if (c == 0xEDU) high = 0x9FU;  // no surrogates
    } else if (c >= 0xF0U && c <= 0xF4U) {
      length = 4;
      if (c == 0xF0U) low = 0x90U;   // no overlong forms
      if (c == 0xF4U) high = 0x8FU;  // nothing above U+10FFFF
    } else {
      return i;
    }
    if (i + 1 >= n || bytes[i + 1] < low || bytes[i + 1] > high) return i;
    for (std::size_t k = 2; k < length; ++k) {
      if (i + k >= n || (bytes[i + k] & 0xC0U) != 0x80U) return i;
    }
    i += length;
  }
  return std::nullopt;
}

TextPosition text_position(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  TextPosition position;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++position.line;
      line_start = i + 1;
    }
  }
  for (std::size_t i = line_start; i < offset; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0U) != 0x80U) ++position.column;
  }
  return position;
}

void validate_corpus(const CorpusDocument& document) {
  std::unordered_map<std::string_view, std::size_t> seen;
  seen.reserve(document.letters.size());
  const Where letters = field(nullptr, "letters");
  for (std::size_t i = 0; i < document.letters.size(); ++i) {
    Checker::letter(document.letters[i], element(&letters, i), seen);
  }
}

std::string format_corpus_json(const CorpusDocument& document) {
  validate_corpus(document);
  std::string out;
  out += "{\n  \"format\": ";
  append_string(out, kCorpusFormat);
  const std::int64_t version = version_needed(document);
  out += ",\n  \"version\": " + std::to_string(version) + ",\n  \"letters\": ";
  if (document.letters.empty()) {
    out += "[]\n}\n";
    return out;
  }
  out += "[\n";
  for (std::size_t i = 0; i < document.letters.size(); ++i) {
    append_letter(out, document.letters[i], version);
    out += i + 1 < document.letters.size() ? ",\n" : "\n";
  }
  out += "  ]\n}\n";
  return out;
}

CorpusDocument parse_corpus_json(std::string_view text, const std::string& name) {
  Json root;
  try {
    root = Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& e) {
    // e.byte is the 1-based index of the last character read: the one that failed.
    const std::size_t offset = std::min<std::size_t>(e.byte == 0 ? 0 : e.byte - 1, text.size());
    const TextPosition position = text_position(text, offset);
    throw ParseFailure(name + ": malformed JSON at line " + std::to_string(position.line) +
                       ", column " + std::to_string(position.column) + " (byte " +
                       std::to_string(offset) + "): " + parse_error_reason(e.what()));
  } catch (const Json::exception& e) {
    throw ParseFailure(name + ": malformed JSON: " + parse_error_reason(e.what()));
  }
  return DocumentReader(name).document(root);
}

CorpusDocument read_corpus_json(const std::string& path) {
  errno = 0;
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                             &std::fclose);
  if (!file) throw FileError(errno != 0 ? errno : ENOENT, path, "while opening it for reading");
  std::string text;
  std::vector<char> chunk(std::size_t{1} << 20U);
  for (;;) {
    const std::size_t n = std::fread(chunk.data(), 1, chunk.size(), file.get());
    text.append(chunk.data(), n);
    if (n < chunk.size()) {
      if (std::ferror(file.get()) != 0) {
        throw FileError(errno != 0 ? errno : EIO, path, "while reading it");
      }
      break;
    }
  }
  if (text.empty()) throw ParseFailure(path + ": the file is empty");
  return parse_corpus_json(text, path);
}

void write_corpus_json(const CorpusDocument& document, const std::string& path) {
  write_file_atomically(path, format_corpus_json(document));
}

void write_file_atomically(const std::string& path, std::string_view contents) {
  require(!path.empty() && !is_separator(path.back()), "path must name a file, got '" + path + "'");
  std::size_t slash = path.size();
  while (slash > 0 && !is_separator(path[slash - 1])) --slash;
  const std::string prefix = path.substr(0, slash) + "." + path.substr(slash) + ".";

  std::string temporary;
  int fd = -1;
  const auto fail = [&](const char* action) {
    const int error = errno != 0 ? errno : EIO;
    if (fd >= 0) {
#ifdef _WIN32
      _close(fd);
#else
      ::close(fd);
#endif
    }
    if (!temporary.empty()) std::remove(temporary.c_str());
    throw FileError(error, path, action);
  };

  for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
    temporary = prefix + random_token() + ".tmp";
    errno = 0;
#ifdef _WIN32
    fd = _open(temporary.c_str(), _O_WRONLY | _O_CREAT | _O_EXCL | _O_BINARY, _S_IREAD | _S_IWRITE);
#else
    fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
#endif
    if (fd < 0 && errno != EEXIST) {
      temporary.clear();  // nothing was created
      fail("while creating a temporary file beside it");
    }
  }
  if (fd < 0) {
    temporary.clear();
    fail("while creating a temporary file beside it");
  }

#ifndef _WIN32
  struct stat existing{};
  if (::stat(path.c_str(), &existing) == 0 && S_ISREG(existing.st_mode)) {
    ::fchmod(fd, existing.st_mode & 07777);  // keep the permissions of the file replaced
  }
#endif

  const char* data = contents.data();
  std::size_t left = contents.size();
  while (left > 0) {
    const std::size_t request = std::min<std::size_t>(left, std::size_t{1} << 30U);
    errno = 0;
#ifdef _WIN32
    const auto written = _write(fd, data, static_cast<unsigned>(request));
#else
    const auto written = ::write(fd, data, request);
#endif
    if (written < 0) {
      if (errno == EINTR) continue;
      fail("while writing it");
    }
    if (written == 0) {
      errno = EIO;
      fail("while writing it");
    }
    data += written;
    left -= static_cast<std::size_t>(written);
  }

  errno = 0;
#ifdef _WIN32
  if (_commit(fd) != 0) fail("while flushing it to disk");
  const int closed = _close(fd);
#else
  if (::fsync(fd) != 0) fail("while flushing it to disk");
  const int closed = ::close(fd);
#endif
  fd = -1;
  if (closed != 0) fail("while closing it");

  errno = 0;
#ifdef _WIN32
  if (MoveFileExA(temporary.c_str(), path.c_str(),
                  MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH) == 0) {
    errno = EACCES;
    fail("while renaming the temporary file over it");
  }
#else
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    fail("while renaming the temporary file over it");
  }
  // Make the rename itself durable; a failure here no longer affects the file's contents.
  const std::string directory = slash == 0 ? "." : path.substr(0, slash);
  const int dir_fd = ::open(directory.c_str(), O_RDONLY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
#endif
}

}  // namespace cosignet
