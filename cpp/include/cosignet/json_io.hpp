/// @file json_io.hpp
/// @brief The versioned JSON corpus format ("cosignet-corpus", version 1): plain records,
/// reading with schema checks and error positions, and atomic writing.
///
/// The format is documented key by key in docs/formats.md. In short:
///
///     {"format": "cosignet-corpus", "version": 1,
///      "letters": [{"id": ..., "title": ..., "date": "YYYY-MM-DD", "source": ...,
///                   "signing_group": ..., "addressees": [...], "signatories": [...],
///                   "issues": [{"line": ..., "text": ..., "reason": ...}]}]}
///
/// where every signature has the keys raw, name, honorifics, position, organisation,
/// country, party, descriptor, kind, group and line.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cosignet {

/// The value of the "format" key of every corpus document.
inline constexpr std::string_view kCorpusFormat = "cosignet-corpus";

/// The newest version: read_corpus_json() reads every version up to it. write_corpus_json()
/// writes version 1, version 2 when a signature carries an actor_id (a resolved corpus), or
/// version 3 when a signature carries a handle, url, email or source of its own.
inline constexpr std::int64_t kCorpusFormatVersion = 3;

/// One signature (or addressee) as printed in a letter: the fields of cosignet.Signature.
struct SignatureRecord {
  std::string raw;                          ///< the text as printed
  std::string name;                         ///< name of the person or organisation
  std::vector<std::string> honorifics;      ///< titles and post-nominals, printed order
  std::optional<std::string> position;      ///< office or role
  std::optional<std::string> organisation;  ///< organisation, party group or parliament
  std::optional<std::string> country;       ///< country as printed
  std::optional<std::string> party;         ///< political party or group
  std::optional<std::string> descriptor;    ///< any remaining free description
  std::string kind = "person";              ///< "person" or "organisation"
  std::optional<std::string> group;         ///< heading the signature was printed under
  std::optional<std::int64_t> line;         ///< 1-based line number in the source text
  std::optional<std::string> handle;        ///< social media handle (version 3)
  std::optional<std::string> url;           ///< profile or home page link (version 3)
  std::optional<std::string> email;         ///< e-mail address (version 3)
  std::optional<std::string> source;        ///< where it was published, if not the letter's (3)
  std::optional<std::string> actor_id;      ///< the actor after identity resolution (version 2)
};

/// A line of a signature block that could not be read: cosignet.ParseIssue.
struct IssueRecord {
  std::int64_t line = 0;  ///< 1-based line number in the source text
  std::string text;       ///< the line as printed
  std::string reason;     ///< why it was not read
};

/// One letter with its signatures: cosignet.Letter.
struct LetterRecord {
  std::string id;                            ///< unique within a document, never empty
  std::optional<std::string> title;          ///< subject line or heading
  std::optional<std::string> date;           ///< ISO 8601 calendar date "YYYY-MM-DD"
  std::optional<std::string> source;         ///< file path or URL the letter came from
  std::optional<std::string> signing_group;  ///< the group the signatories sign as
  std::vector<SignatureRecord> addressees;   ///< whom the letter is addressed to
  std::vector<SignatureRecord> signatories;  ///< who signed, in printed order
  std::vector<IssueRecord> issues;           ///< lines that could not be read
};

/// A corpus document: the letters, in order.
struct CorpusDocument {
  std::vector<LetterRecord> letters;
};

bool operator==(const SignatureRecord& a, const SignatureRecord& b);
bool operator==(const IssueRecord& a, const IssueRecord& b);
bool operator==(const LetterRecord& a, const LetterRecord& b);
bool operator==(const CorpusDocument& a, const CorpusDocument& b);
inline bool operator!=(const CorpusDocument& a, const CorpusDocument& b) {
  return !(a == b);
}

/// Checks @p document against the format: unique non-empty letter ids, dates that are real
/// "YYYY-MM-DD" calendar dates, kind "person" or "organisation", valid UTF-8 in every string.
/// @throws InvalidInput naming the field ("letters[2].signatories[0].kind: ...").
void validate_corpus(const CorpusDocument& document);

/// Serialises @p document as a version-1 corpus JSON text (UTF-8, not escaped to ASCII,
/// indented by two spaces, keys in schema order, ending in a newline).
/// @throws InvalidInput when validate_corpus() fails.
std::string format_corpus_json(const CorpusDocument& document);

/// Parses a corpus JSON text. @p name (a file path, or "<string>") prefixes every message.
/// @throws ParseFailure on malformed JSON ("<name>: malformed JSON at line L, column C
/// (byte B): <reason>", where L and C are 1-based, C counts Unicode characters and B is the
/// 0-based byte offset), on invalid UTF-8 (the same, at the offending byte), on a document
/// that is not a cosignet corpus or of an unsupported version, and on a missing key, a key of
/// the wrong type or an unknown key (naming it, e.g. "letters[0].signatories[3].name").
CorpusDocument parse_corpus_json(std::string_view text, const std::string& name = "<string>");

/// Reads and parses the corpus file at @p path (see parse_corpus_json()).
/// @throws FileError when the file cannot be opened or read; ParseFailure as above, and for
/// an empty file.
CorpusDocument read_corpus_json(const std::string& path);

/// Writes @p document to @p path atomically (see write_file_atomically()).
/// @throws InvalidInput when validate_corpus() fails (nothing is written); FileError when
/// the file cannot be written (the previous file at @p path, if any, is left untouched).
void write_corpus_json(const CorpusDocument& document, const std::string& path);

/// Replaces the file at @p path with @p contents atomically: the bytes go to a new hidden
/// temporary file in the same directory, which is flushed to disk (fsync) and renamed over
/// @p path. Readers see either the old file or the complete new one; on any failure the
/// temporary file is removed and the old file is left as it was. A new file gets the usual
/// permissions (0666 less the umask); a replaced file keeps its permissions.
/// @throws FileError naming @p path and what failed; InvalidInput when @p path is empty or
/// ends in a separator.
void write_file_atomically(const std::string& path, std::string_view contents);

/// 1-based line and column of the byte at @p offset in @p text; the column counts Unicode
/// characters (UTF-8 lead bytes), not bytes. An offset past the end is the end of the text.
struct TextPosition {
  std::size_t line = 1;
  std::size_t column = 1;
};
TextPosition text_position(std::string_view text, std::size_t offset);

/// Offset of the first byte of @p text that is not part of well-formed UTF-8 (RFC 3629: no
/// overlong forms, no surrogates, nothing above U+10FFFF), or std::nullopt if it is valid.
std::optional<std::size_t> invalid_utf8_offset(std::string_view text);

}  // namespace cosignet
