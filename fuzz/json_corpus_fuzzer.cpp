/// @file json_corpus_fuzzer.cpp
/// @brief libFuzzer harness for the JSON corpus reader (json_io.hpp).
///
/// Any byte string must either parse or throw ParseFailure; never crash, hang or throw
/// anything else. A document that parses must also format, and formatting then parsing it
/// again must give the same document (the writer and the reader agree).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "cosignet/errors.hpp"
#include "cosignet/json_io.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  cosignet::CorpusDocument document;
  try {
    document = cosignet::parse_corpus_json(text, "<fuzz>");
  } catch (const cosignet::ParseFailure&) {
    return 0;  // rejected with a message: the expected outcome for most inputs
  }
  const std::string formatted = cosignet::format_corpus_json(document);
  if (cosignet::parse_corpus_json(formatted, "<formatted>") != document) __builtin_trap();
  return 0;
}
