#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "cosignet/errors.hpp"
#include "cosignet/json_io.hpp"

namespace cosignet {
namespace {

namespace fs = std::filesystem;

/// A fresh directory under the system temporary directory, removed with its contents.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "cosignet-json-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ignored);
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(path_)) {
      names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

 private:
  fs::path path_;
};

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void spit(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

SignatureRecord person(const std::string& name) {
  SignatureRecord s;
  s.raw = name;
  s.name = name;
  return s;
}

/// Two letters covering every field, Unicode, nulls and empty lists.
CorpusDocument sample() {
  CorpusDocument d;
  LetterRecord a;
  a.id = "2021-11-15_interpol_ipac_ministers";
  a.title = "Candidacy of Hu Binchen (P.R. China) to INTERPOL\u2019s Executive Committee";
  a.date = "2021-11-15";
  a.source = "letters/ipac.txt";
  a.signing_group = "MEMBERS OF THE INTER-PARLIAMENTARY ALLIANCE ON CHINA";
  SignatureRecord minister = person("Priti Patel");
  minister.raw = "Rt Hon Priti Patel, Home Secretary (United Kingdom)";
  minister.honorifics = {"Rt Hon"};
  minister.position = "Home Secretary";
  minister.country = "United Kingdom";
  minister.line = 18;
  a.addressees = {minister};
  SignatureRecord lithuania = person("Dovil\u0117 \u0160akalien\u0117");
  lithuania.raw = "Dovil\u0117 \u0160akalien\u0117 MP (Lithuania)";
  lithuania.honorifics = {"MP"};
  lithuania.country = "Lithuania";
  lithuania.group = "Lithuania";
  lithuania.line = 60;
  SignatureRecord mep = person("Reinhard B\u00fctikofer");
  mep.honorifics = {};
  mep.organisation = "European Parliament";
  mep.party = "Greens/EFA";
  mep.descriptor = "\u2018Fred\u2019 \U0001F30D, \"quoted\" \\ back\tslash";
  mep.line = 61;
  a.signatories = {lithuania, mep};
  a.issues = {IssueRecord{70, "\u00b9 <https://example.org>", "a footnote, not a signature"}};
  LetterRecord b;
  b.id = "letter-2";
  SignatureRecord org = person("World Uyghur Congress");
  org.kind = "organisation";
  b.signatories = {org};
  d.letters = {a, b};
  return d;
}

std::string message_of(const std::function<void()>& call) {
  try {
    call();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(no exception)";
}

std::string parse_message(const std::string& text) {
  return message_of([&] { parse_corpus_json(text, "c.json"); });
}

// ------------------------------------------------------------------ round trips

TEST(JsonIo, RoundTripThroughTextKeepsEveryFieldAndUnicode) {
  const CorpusDocument d = sample();
  const std::string text = format_corpus_json(d);
  EXPECT_EQ(parse_corpus_json(text), d);
  // UTF-8 is written as is, not as \u escapes.
  EXPECT_NE(text.find("Dovil\u0117 \u0160akalien\u0117"), std::string::npos);
  EXPECT_NE(text.find("\u2018Fred\u2019 \U0001F30D"), std::string::npos);
  EXPECT_EQ(text.find("\\u"), std::string::npos);
  EXPECT_EQ(text.back(), '\n');
}

TEST(JsonIo, ActorIdsMakeVersionTwo) {
  CorpusDocument d = sample();
  EXPECT_NE(format_corpus_json(d).find("\"version\": 1,"), std::string::npos);
  d.letters.front().signatories.front().actor_id = "person:dovile sakaliene";
  const std::string text = format_corpus_json(d);
  EXPECT_NE(text.find("\"version\": 2,"), std::string::npos);
  EXPECT_NE(text.find("\"actor_id\": \"person:dovile sakaliene\""), std::string::npos);
  EXPECT_EQ(parse_corpus_json(text), d);
}

TEST(JsonIo, HandlesLinksAndSourcesMakeVersionThree) {
  CorpusDocument d = sample();
  d.letters.front().signatories.front().actor_id = "person:dovile sakaliene";
  d.letters.front().signatories.front().url = "https://example.org/dovile";
  d.letters.front().signatories.back().handle = "@ann";
  const std::string text = format_corpus_json(d);
  EXPECT_NE(text.find("\"version\": 3,"), std::string::npos);
  EXPECT_NE(
      text.find("\"line\": 60, \"handle\": null, \"url\": \"https://example.org/dovile\", "
                "\"email\": null, \"source\": null, \"actor_id\": \"person:dovile sakaliene\"}"),
      std::string::npos);
  EXPECT_EQ(parse_corpus_json(text), d);
  d.letters.front().signatories.back().handle.reset();
  d.letters.front().signatories.front().url.reset();
  EXPECT_NE(format_corpus_json(d).find("\"version\": 2,"), std::string::npos);
}

TEST(JsonIo, RoundTripThroughAFile) {
  TempDir dir;
  const std::string path = dir.file("corpus.json");
  write_corpus_json(sample(), path);
  EXPECT_EQ(read_corpus_json(path), sample());
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"corpus.json"});
}

TEST(JsonIo, EmptyCorpusRoundTrips) {
  const CorpusDocument empty;
  EXPECT_EQ(parse_corpus_json(format_corpus_json(empty)), empty);
}

TEST(JsonIo, WritesOneSignaturePerLineInSchemaOrder) {
  CorpusDocument d;
  LetterRecord l;
  l.id = "L1";
  l.date = "2020-02-29";
  SignatureRecord s = person("Ann");
  s.honorifics = {"Dr", "MP"};
  s.line = 4;
  SignatureRecord t = person("Bob \"B\"\n\x01");
  t.kind = "organisation";
  l.signatories = {s, t};
  l.issues = {IssueRecord{7, "?", "why"}};
  d.letters = {l, LetterRecord{}};
  d.letters[1].id = "L2";
  const std::string expected = R"({
  "format": "cosignet-corpus",
  "version": 1,
  "letters": [
    {
      "id": "L1",
      "title": null,
      "date": "2020-02-29",
      "source": null,
      "signing_group": null,
      "addressees": [],
      "signatories": [
        {"raw": "Ann", "name": "Ann", "honorifics": ["Dr", "MP"], "position": null, "organisation": null, "country": null, "party": null, "descriptor": null, "kind": "person", "group": null, "line": 4},
        {"raw": "Bob \"B\"\n\u0001", "name": "Bob \"B\"\n\u0001", "honorifics": [], "position": null, "organisation": null, "country": null, "party": null, "descriptor": null, "kind": "organisation", "group": null, "line": null}
      ],
      "issues": [
        {"line": 7, "text": "?", "reason": "why"}
      ]
    },
    {
      "id": "L2",
      "title": null,
      "date": null,
      "source": null,
      "signing_group": null,
      "addressees": [],
      "signatories": [],
      "issues": []
    }
  ]
}
)";
  EXPECT_EQ(format_corpus_json(d), expected);
  EXPECT_EQ(parse_corpus_json(expected), d);
  EXPECT_EQ(format_corpus_json(CorpusDocument{}),
            "{\n  \"format\": \"cosignet-corpus\",\n  \"version\": 1,\n  \"letters\": []\n}\n");
}

TEST(JsonIo, OptionalKeysTakeTheirDefaults) {
  const CorpusDocument d = parse_corpus_json(
      R"({"format": "cosignet-corpus", "version": 1,
          "letters": [{"id": "L1", "signatories": [{"name": "Ann"}]}, {"id": "L2"}]})");
  ASSERT_EQ(d.letters.size(), 2U);
  const LetterRecord& l = d.letters[0];
  EXPECT_FALSE(l.title || l.date || l.source || l.signing_group);
  EXPECT_TRUE(l.addressees.empty() && l.issues.empty());
  ASSERT_EQ(l.signatories.size(), 1U);
  EXPECT_EQ(l.signatories[0], person("Ann"));  // raw defaults to name, kind to "person"
  EXPECT_TRUE(d.letters[1].signatories.empty());
}

// ------------------------------------------------------------------ malformed JSON

// Positions point at the last character read: the end of the offending token.
TEST(JsonIo, MalformedJsonGivesLineAndColumn) {
  const std::string text =
      "{\n  \"format\": \"cosignet-corpus\",\n  \"version\": 1\n  \"letters\": []\n}\n";
  EXPECT_EQ(parse_message(text),
            "c.json: malformed JSON at line 4, column 11 (byte 58): syntax error while parsing "
            "object - unexpected string literal; expected '}'");
}

TEST(JsonIo, ColumnsCountCharactersNotBytes) {
  // "Šakalienė" has 9 characters in 11 bytes: the stray x is character 16 of line 2, byte 19.
  const std::string text = "[\n  \"\u0160akalien\u0117\", x]";
  EXPECT_EQ(parse_message(text),
            "c.json: malformed JSON at line 2, column 16 (byte 19): syntax error while parsing "
            "value - invalid literal; last read: '\"\u0160akalien\u0117\", x'");
}

TEST(JsonIo, UnexpectedEndOfInput) {
  EXPECT_EQ(parse_message("{\"format\": \"cosignet-corpus\", \"letters\": [1, 2"),
            "c.json: malformed JSON at line 1, column 47 (byte 46): syntax error while parsing "
            "array - unexpected end of input; expected ']'");
}

TEST(JsonIo, InvalidUtf8IsAParseErrorAtItsByte) {
  const std::string text = "{\"format\": \"cosignet-corpus\", \"x\": \"D\xff\"}";
  const std::string message = parse_message(text);
  EXPECT_EQ(message.rfind("c.json: malformed JSON at line 1, column 38 (byte 37): ", 0), 0U)
      << message;
  EXPECT_NE(message.find("ill-formed UTF-8 byte"), std::string::npos);
  EXPECT_FALSE(invalid_utf8_offset(message).has_value()) << "the message itself is valid UTF-8";
}

TEST(JsonIo, BinaryInputIsRefusedWithAPosition) {
  const std::string text("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  EXPECT_EQ(parse_message(text).rfind("c.json: malformed JSON at line 1, column 1 (byte 0): ", 0),
            0U);
}

TEST(JsonIo, EmptyInput) {
  EXPECT_EQ(parse_message(""),
            "c.json: malformed JSON at line 1, column 1 (byte 0): attempting to parse an empty "
            "input; check that your input string or stream contains the expected JSON");
}

// ------------------------------------------------------------------ schema

TEST(JsonIo, RefusesOtherDocuments) {
  EXPECT_EQ(parse_message("[]"),
            "c.json: not a cosignet corpus: the top level is an array, expected an object with "
            "\"format\": \"cosignet-corpus\"");
  EXPECT_EQ(parse_message("{\"letters\": []}"),
            "c.json: not a cosignet corpus: the key \"format\" is missing (expected \"format\": "
            "\"cosignet-corpus\")");
  EXPECT_EQ(parse_message("{\"format\": \"graph\"}"),
            "c.json: not a cosignet corpus: \"format\" is the string \"graph\", expected "
            "\"cosignet-corpus\"");
}

TEST(JsonIo, RefusesUnknownVersions) {
  EXPECT_EQ(parse_message(R"({"format": "cosignet-corpus", "version": 4, "letters": []})"),
            "c.json: unsupported cosignet-corpus version 4; this version of cosignet reads "
            "versions 1 to 3 (supported versions: 1, 2, 3)");
  EXPECT_EQ(parse_message(R"({"format": "cosignet-corpus", "version": 0, "letters": []})"),
            "c.json: unsupported cosignet-corpus version 0; this version of cosignet reads "
            "versions 1 to 3 (supported versions: 1, 2, 3)");
  EXPECT_EQ(parse_message(R"({"format": "cosignet-corpus", "version": "1", "letters": []})"),
            "c.json: version: expected an integer, got the string \"1\"");
  EXPECT_EQ(parse_message(R"({"format": "cosignet-corpus", "letters": []})"),
            "c.json: the key \"version\" is missing");
}

TEST(JsonIo, MissingKeysAreNamed) {
  const std::string head = R"({"format": "cosignet-corpus", "version": 1, )";
  EXPECT_EQ(parse_message(head + "\"lettres\": []}"),
            "c.json: unknown key \"lettres\"; the keys of a corpus document are format, version, "
            "letters");
  EXPECT_EQ(parse_message(head.substr(0, head.size() - 2) + "}"),
            "c.json: the key \"letters\" is missing");
  EXPECT_EQ(parse_message(head + R"("letters": [{"title": "T"}]})"),
            "c.json: letters[0]: the key \"id\" is missing");
  EXPECT_EQ(parse_message(head + R"("letters": [{"id": "L", "signatories": [{"raw": "x"}]}]})"),
            "c.json: letters[0].signatories[0]: the key \"name\" is missing");
  EXPECT_EQ(
      parse_message(head + R"("letters": [{"id": "L", "issues": [{"line": 3, "text": "x"}]}]})"),
      "c.json: letters[0].issues[0]: the key \"reason\" is missing");
}

TEST(JsonIo, WrongTypesAreNamed) {
  const std::string head = R"({"format": "cosignet-corpus", "version": 1, "letters": )";
  EXPECT_EQ(parse_message(head + "{}}"), "c.json: letters: expected an array, got an object");
  EXPECT_EQ(parse_message(head + "[[]]}"),
            "c.json: letters[0]: expected a letter (an object), got an array");
  EXPECT_EQ(parse_message(head + R"([{"id": 7}]})"),
            "c.json: letters[0].id: expected a string, got the number 7");
  EXPECT_EQ(parse_message(head + R"([{"id": ""}]})"),
            "c.json: letters[0].id: the id must not be empty");
  EXPECT_EQ(parse_message(head + R"([{"id": "L", "title": 1.5}]})"),
            "c.json: letters[0].title: expected a string or null, got the number 1.5");
  EXPECT_EQ(parse_message(head + R"([{"id": "L", "date": "2021-02-29"}]})"),
            "c.json: letters[0].date: expected a date \"YYYY-MM-DD\", got \"2021-02-29\"");
  EXPECT_EQ(parse_message(head + R"([{"id": "L", "signatories": {}}]})"),
            "c.json: letters[0].signatories: expected an array, got an object");
  EXPECT_EQ(
      parse_message(head + R"([{"id": "L", "addressees": [{"name": "A", "kind": "persn"}]}]})"),
      "c.json: letters[0].addressees[0].kind: expected \"person\" or \"organisation\", got the "
      "string \"persn\"");
  EXPECT_EQ(
      parse_message(head + R"([{"id": "L", "signatories": [{"name": "A", "honorifics": "MP"}]}]})"),
      "c.json: letters[0].signatories[0].honorifics: expected an array, got the string \"MP\"");
  EXPECT_EQ(
      parse_message(head + R"([{"id": "L", "signatories": [{"name": "A", "line": 2.0}]}]})"),
      "c.json: letters[0].signatories[0].line: expected an integer or null, got the number 2.0");
  EXPECT_EQ(
      parse_message(head + R"([{"id": "L", "signatories": [{"name": "A", "orgnisation": "X"}]}]})"),
      "c.json: letters[0].signatories[0]: unknown key \"orgnisation\"; the keys of a signature "
      "are raw, name, honorifics, position, organisation, country, party, descriptor, kind, "
      "group, line, actor_id");
  EXPECT_EQ(parse_message(head + R"([{"id": "L"}, {"id": "M"}, {"id": "L"}]})"),
            "c.json: letters[2].id: \"L\" is also the id of letters[0]; ids must be unique");
}

// ------------------------------------------------------------------ validation before writing

TEST(JsonIo, ValidateNamesTheField) {
  CorpusDocument d = sample();
  d.letters[0].signatories[1].kind = "people";
  EXPECT_EQ(message_of([&] { format_corpus_json(d); }),
            "letters[0].signatories[1].kind: expected \"person\" or \"organisation\", got "
            "\"people\"");
  EXPECT_THROW(format_corpus_json(d), InvalidInput);

  d = sample();
  d.letters[1].date = "15/11/2021";
  EXPECT_EQ(message_of([&] { validate_corpus(d); }),
            "letters[1].date: expected a date \"YYYY-MM-DD\", got \"15/11/2021\"");

  d = sample();
  d.letters[0].signatories[0].name = "Dovil\xc4 x";
  EXPECT_EQ(message_of([&] { validate_corpus(d); }),
            "letters[0].signatories[0].name: invalid UTF-8 at byte 5");

  d = sample();
  d.letters[1].id = d.letters[0].id;
  EXPECT_EQ(message_of([&] { validate_corpus(d); }),
            "letters[1].id: \"2021-11-15_interpol_ipac_ministers\" is also the id of letters[0]; "
            "ids must be unique");

  d = sample();
  d.letters[1].id.clear();
  EXPECT_EQ(message_of([&] { validate_corpus(d); }), "letters[1].id: the id must not be empty");
}

TEST(JsonIo, NothingIsWrittenForAnInvalidDocument) {
  TempDir dir;
  CorpusDocument d = sample();
  d.letters[0].date = "2021-13-01";
  EXPECT_THROW(write_corpus_json(d, dir.file("c.json")), InvalidInput);
  EXPECT_TRUE(dir.entries().empty());
}

// ------------------------------------------------------------------ helpers

TEST(JsonIo, TextPosition) {
  const std::string text = "ab\n\u0160x\n";
  EXPECT_EQ(text_position(text, 0).line, 1U);
  EXPECT_EQ(text_position(text, 0).column, 1U);
  EXPECT_EQ(text_position(text, 2).column, 3U);  // the newline itself
  EXPECT_EQ(text_position(text, 3).line, 2U);
  EXPECT_EQ(text_position(text, 5).column, 2U);  // x, after the two bytes of Š
  EXPECT_EQ(text_position(text, 100).line, 3U);  // past the end: the end
}

TEST(JsonIo, InvalidUtf8Offset) {
  EXPECT_FALSE(invalid_utf8_offset("").has_value());
  EXPECT_FALSE(invalid_utf8_offset("B\u00fctikofer \u2018 \U0001F30D").has_value());
  EXPECT_EQ(invalid_utf8_offset("ab\xff"), 2U);
  EXPECT_EQ(invalid_utf8_offset("a\xc3"), 1U);               // truncated
  EXPECT_EQ(invalid_utf8_offset("a\xc0\xaf"), 1U);           // overlong
  EXPECT_EQ(invalid_utf8_offset("\xed\xa0\x80"), 0U);        // surrogate U+D800
  EXPECT_EQ(invalid_utf8_offset("xy\xf4\x90\x80\x80"), 2U);  // above U+10FFFF
  EXPECT_EQ(invalid_utf8_offset("\xe2\x80"), 0U);
}

// ------------------------------------------------------------------ files and atomic writes

TEST(JsonIo, ReadingAMissingOrEmptyFile) {
  TempDir dir;
  try {
    read_corpus_json(dir.file("missing.json"));
    FAIL() << "expected FileError";
  } catch (const FileError& e) {
    EXPECT_EQ(e.error_number(), ENOENT);
    EXPECT_EQ(e.path(), dir.file("missing.json"));
    EXPECT_EQ(e.reason(), "No such file or directory (while opening it for reading)");
  }
  spit(dir.file("empty.json"), "");
  EXPECT_EQ(message_of([&] { read_corpus_json(dir.file("empty.json")); }),
            dir.file("empty.json") + ": the file is empty");
  EXPECT_THROW(read_corpus_json(dir.path().string()), FileError);  // a directory
}

TEST(JsonIo, MalformedFileMessagesNameThePath) {
  TempDir dir;
  spit(dir.file("bad.json"), "{\n\n   ]");
  EXPECT_EQ(message_of([&] { read_corpus_json(dir.file("bad.json")); }),
            dir.file("bad.json") +
                ": malformed JSON at line 3, column 4 (byte 6): syntax error while parsing "
                "object key - unexpected ']'; expected string literal");
}

TEST(JsonIo, AtomicWriteReplacesTheFile) {
  TempDir dir;
  const std::string path = dir.file("c.json");
  spit(path, "old");
  ASSERT_EQ(::chmod(path.c_str(), 0640), 0);
  write_file_atomically(path, "new contents");
  EXPECT_EQ(slurp(path), "new contents");
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"c.json"});
  struct stat info{};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0640U) << "a replaced file keeps its permissions";
}

TEST(JsonIo, AtomicWriteIntoAMissingDirectoryCreatesNothing) {
  TempDir dir;
  const std::string path = dir.file("no/such/dir/c.json");
  try {
    write_corpus_json(sample(), path);
    FAIL() << "expected FileError";
  } catch (const FileError& e) {
    EXPECT_EQ(e.error_number(), ENOENT);
    EXPECT_EQ(std::string(e.what()),
              path + ": No such file or directory (while creating a temporary file beside it)");
  }
  EXPECT_TRUE(dir.entries().empty());
}

TEST(JsonIo, AtomicWriteFailingAtTheRenameLeavesNoTemporaryFile) {
  TempDir dir;
  // The target is a non-empty directory: everything succeeds until the rename.
  fs::create_directory(dir.path() / "c.json");
  spit(dir.file("c.json/keep"), "x");
  EXPECT_THROW(write_corpus_json(sample(), dir.file("c.json")), FileError);
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"c.json"});
  EXPECT_EQ(slurp(dir.file("c.json/keep")), "x");
}

TEST(JsonIo, AtomicWriteFailingMidWayLeavesThePreviousFile) {
  TempDir dir;
  const std::string path = dir.file("c.json");
  write_corpus_json(sample(), path);
  const std::string before = slurp(path);

  // Inject a real write failure: a file size limit makes write() fail with EFBIG.
  CorpusDocument big = sample();
  for (int i = 0; i < 2000; ++i) {
    big.letters[1].signatories.push_back(person("Signer " + std::to_string(i)));
  }
  struct rlimit saved{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &saved), 0);
  const auto old_handler = ::signal(SIGXFSZ, SIG_IGN);
  struct rlimit small = saved;
  small.rlim_cur = 4096;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  int error = 0;
  try {
    write_corpus_json(big, path);
  } catch (const FileError& e) {
    error = e.error_number();
  }
  ::setrlimit(RLIMIT_FSIZE, &saved);
  ::signal(SIGXFSZ, old_handler);

  EXPECT_EQ(error, EFBIG);
  EXPECT_EQ(slurp(path), before);
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"c.json"});
}

TEST(JsonIo, AtomicWriteIntoAnUnwritableDirectory) {
  if (::geteuid() == 0) GTEST_SKIP() << "root may write anywhere";
  TempDir dir;
  const std::string path = dir.file("c.json");
  spit(path, "old");
  ASSERT_EQ(::chmod(dir.path().c_str(), 0500), 0);
  try {
    write_corpus_json(sample(), path);
    ADD_FAILURE() << "expected FileError";
  } catch (const FileError& e) {
    EXPECT_EQ(e.error_number(), EACCES);
  }
  ::chmod(dir.path().c_str(), 0700);
  EXPECT_EQ(slurp(path), "old");
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"c.json"});
}

TEST(JsonIo, AtomicWriteRefusesAPathWithoutAFileName) {
  EXPECT_THROW(write_file_atomically("", "x"), InvalidInput);
  EXPECT_THROW(write_file_atomically("some/dir/", "x"), InvalidInput);
}

TEST(JsonIo, FileErrorMessage) {
  const FileError e(ENOENT, "a/b.json", "while opening it for reading");
  EXPECT_STREQ(e.what(), "a/b.json: No such file or directory (while opening it for reading)");
}

}  // namespace
}  // namespace cosignet
