// The JSON corpus format: Python dicts and lists <-> cosignet::CorpusDocument, GIL released
// around formatting, parsing and file I/O.
#include <pybind11/pybind11.h>

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cosignet/errors.hpp"
#include "cosignet/json_io.hpp"

namespace py = pybind11;

namespace cosignet::bindings {
namespace {

// Every key of the format as a Python string, made once per call: looking keys up and
// setting them with ready-made strings avoids creating a string per field per signature.
struct Keys {
  py::str raw{"raw"}, name{"name"}, honorifics{"honorifics"}, position{"position"},
      organisation{"organisation"}, country{"country"}, party{"party"}, descriptor{"descriptor"},
      kind{"kind"}, group{"group"}, line{"line"}, handle{"handle"}, url{"url"}, email{"email"},
      actor_id{"actor_id"}, id{"id"}, title{"title"}, date{"date"}, source{"source"},
      signing_group{"signing_group"}, addressees{"addressees"}, signatories{"signatories"},
      issues{"issues"}, text{"text"}, reason{"reason"}, letters{"letters"}, format{"format"},
      version{"version"};
};

// ------------------------------------------------------------------ Python -> records

std::string type_name(py::handle value) {
  return py::str(py::type::handle_of(value).attr("__name__"));
}

// Messages name the place in the document; built only when something is wrong.
std::string at(const std::string& where, const py::str& key) {
  return where + "." + key.cast<std::string>();
}

std::string to_text(py::handle value, const std::function<std::string()>& where) {
  if (!PyUnicode_Check(value.ptr())) {
    throw InvalidInput(where() + ": expected str, got " + type_name(value));
  }
  Py_ssize_t size = 0;
  const char* data = PyUnicode_AsUTF8AndSize(value.ptr(), &size);
  if (data == nullptr) {
    PyErr_Clear();
    throw InvalidInput(where() + ": the string cannot be encoded as UTF-8 (a lone surrogate?)");
  }
  return std::string(data, static_cast<std::size_t>(size));
}

py::handle item(const py::dict& d, const py::str& key, const std::string& where) {
  PyObject* value = PyDict_GetItemWithError(d.ptr(), key.ptr());  // borrowed
  if (value == nullptr) {
    if (PyErr_Occurred() != nullptr) throw py::error_already_set();
    throw InvalidInput(where + ": the key '" + key.cast<std::string>() + "' is missing");
  }
  return value;
}

std::string text_item(const py::dict& d, const py::str& key, const std::string& where) {
  return to_text(item(d, key, where), [&] { return at(where, key); });
}

std::optional<std::string> optional_text_item(const py::dict& d, const py::str& key,
                                              const std::string& where) {
  const py::handle value = item(d, key, where);
  if (value.is_none()) return std::nullopt;
  return to_text(value, [&] { return at(where, key); });
}

py::sequence sequence_item(const py::dict& d, const py::str& key, const std::string& where) {
  const py::handle value = item(d, key, where);
  if (!PyList_Check(value.ptr()) && !PyTuple_Check(value.ptr())) {
    throw InvalidInput(at(where, key) + ": expected a list or tuple, got " + type_name(value));
  }
  return py::reinterpret_borrow<py::sequence>(value);
}

std::int64_t to_integer(py::handle value, const std::function<std::string()>& where) {
  if (!PyLong_Check(value.ptr()) || PyBool_Check(value.ptr())) {
    throw InvalidInput(where() + ": expected int, got " + type_name(value));
  }
  int overflow = 0;
  const long long result = PyLong_AsLongLongAndOverflow(value.ptr(), &overflow);
  if (overflow != 0) throw InvalidInput(where() + ": the integer does not fit in 64 bits");
  return static_cast<std::int64_t>(result);
}

py::dict to_dict(py::handle value, const std::string& where) {
  if (!PyDict_Check(value.ptr())) {
    throw InvalidInput(where + ": expected dict, got " + type_name(value));
  }
  return py::reinterpret_borrow<py::dict>(value);
}

std::string indexed(const std::string& where, std::size_t i) {
  return where + "[" + std::to_string(i) + "]";
}

SignatureRecord signature_from(const Keys& k, py::handle value, const std::string& where) {
  const py::dict d = to_dict(value, where);
  SignatureRecord s;
  s.raw = text_item(d, k.raw, where);
  s.name = text_item(d, k.name, where);
  const py::sequence honorifics = sequence_item(d, k.honorifics, where);
  s.honorifics.reserve(honorifics.size());
  for (std::size_t i = 0; i < honorifics.size(); ++i) {
    s.honorifics.push_back(
        to_text(honorifics[i], [&] { return indexed(at(where, k.honorifics), i); }));
  }
  s.position = optional_text_item(d, k.position, where);
  s.organisation = optional_text_item(d, k.organisation, where);
  s.country = optional_text_item(d, k.country, where);
  s.party = optional_text_item(d, k.party, where);
  s.descriptor = optional_text_item(d, k.descriptor, where);
  s.kind = text_item(d, k.kind, where);
  s.group = optional_text_item(d, k.group, where);
  const py::handle line = item(d, k.line, where);
  if (!line.is_none()) s.line = to_integer(line, [&] { return at(where, k.line); });
  // Optional keys: a dict without them (an older caller) means None.
  for (const auto& [key, value] :
       {std::pair{&k.handle, &s.handle}, std::pair{&k.url, &s.url}, std::pair{&k.email, &s.email},
        std::pair{&k.source, &s.source}, std::pair{&k.actor_id, &s.actor_id}}) {
    if (d.contains(*key)) *value = optional_text_item(d, *key, where);
  }
  return s;
}

std::vector<SignatureRecord> signatures_from(const Keys& k, const py::dict& d, const py::str& key,
                                             const std::string& where) {
  const py::sequence list = sequence_item(d, key, where);
  std::vector<SignatureRecord> out;
  out.reserve(list.size());
  const std::string list_at = at(where, key);
  for (std::size_t i = 0; i < list.size(); ++i) {
    out.push_back(signature_from(k, list[i], indexed(list_at, i)));
  }
  return out;
}

LetterRecord letter_from(const Keys& k, py::handle value, const std::string& where) {
  const py::dict d = to_dict(value, where);
  LetterRecord l;
  l.id = text_item(d, k.id, where);
  l.title = optional_text_item(d, k.title, where);
  l.date = optional_text_item(d, k.date, where);
  l.source = optional_text_item(d, k.source, where);
  l.signing_group = optional_text_item(d, k.signing_group, where);
  l.addressees = signatures_from(k, d, k.addressees, where);
  l.signatories = signatures_from(k, d, k.signatories, where);
  const py::sequence issues = sequence_item(d, k.issues, where);
  l.issues.reserve(issues.size());
  for (std::size_t i = 0; i < issues.size(); ++i) {
    const std::string here = indexed(at(where, k.issues), i);
    const py::dict issue = to_dict(issues[i], here);
    l.issues.push_back(
        IssueRecord{to_integer(item(issue, k.line, here), [&] { return at(here, k.line); }),
                    text_item(issue, k.text, here), text_item(issue, k.reason, here)});
  }
  return l;
}

CorpusDocument document_from(const py::dict& document) {
  const Keys k;
  const py::sequence letters = sequence_item(document, k.letters, "document");
  CorpusDocument out;
  out.letters.reserve(letters.size());
  for (std::size_t i = 0; i < letters.size(); ++i) {
    out.letters.push_back(letter_from(k, letters[i], indexed("letters", i)));
  }
  return out;
}

// ------------------------------------------------------------------ records -> Python

void set(py::dict& d, const py::str& key, py::object value) {
  if (PyDict_SetItem(d.ptr(), key.ptr(), value.ptr()) != 0) throw py::error_already_set();
}

py::object optional_text(const std::optional<std::string>& value) {
  if (!value) return py::none();
  return py::str(*value);
}

py::list signatures_to(const Keys& k, const std::vector<SignatureRecord>& signatures) {
  py::list out(signatures.size());
  for (std::size_t i = 0; i < signatures.size(); ++i) {
    const SignatureRecord& s = signatures[i];
    py::list honorifics(s.honorifics.size());
    for (std::size_t h = 0; h < s.honorifics.size(); ++h) honorifics[h] = py::str(s.honorifics[h]);
    py::dict d;
    set(d, k.raw, py::str(s.raw));
    set(d, k.name, py::str(s.name));
    set(d, k.honorifics, std::move(honorifics));
    set(d, k.position, optional_text(s.position));
    set(d, k.organisation, optional_text(s.organisation));
    set(d, k.country, optional_text(s.country));
    set(d, k.party, optional_text(s.party));
    set(d, k.descriptor, optional_text(s.descriptor));
    set(d, k.kind, py::str(s.kind));
    set(d, k.group, optional_text(s.group));
    set(d, k.line, s.line ? py::object(py::int_(*s.line)) : py::object(py::none()));
    set(d, k.handle, optional_text(s.handle));
    set(d, k.url, optional_text(s.url));
    set(d, k.email, optional_text(s.email));
    set(d, k.source, optional_text(s.source));
    if (s.actor_id) set(d, k.actor_id, py::str(*s.actor_id));
    out[i] = std::move(d);
  }
  return out;
}

py::dict document_to(const CorpusDocument& document) {
  const Keys k;
  py::list letters(document.letters.size());
  for (std::size_t i = 0; i < document.letters.size(); ++i) {
    const LetterRecord& l = document.letters[i];
    py::dict d;
    set(d, k.id, py::str(l.id));
    set(d, k.title, optional_text(l.title));
    set(d, k.date, optional_text(l.date));
    set(d, k.source, optional_text(l.source));
    set(d, k.signing_group, optional_text(l.signing_group));
    set(d, k.addressees, signatures_to(k, l.addressees));
    set(d, k.signatories, signatures_to(k, l.signatories));
    py::list issues(l.issues.size());
    for (std::size_t n = 0; n < l.issues.size(); ++n) {
      py::dict issue;
      set(issue, k.line, py::int_(l.issues[n].line));
      set(issue, k.text, py::str(l.issues[n].text));
      set(issue, k.reason, py::str(l.issues[n].reason));
      issues[n] = std::move(issue);
    }
    set(d, k.issues, std::move(issues));
    letters[i] = std::move(d);
  }
  py::dict out;
  set(out, k.format, py::str(std::string(kCorpusFormat)));
  set(out, k.version, py::int_(kCorpusFormatVersion));
  set(out, k.letters, std::move(letters));
  return out;
}

}  // namespace

void register_json_io(py::module_& m) {
  m.attr("CORPUS_FORMAT_VERSION") = py::int_(kCorpusFormatVersion);

  m.def(
      "write_corpus_json",
      [](const py::dict& document, const std::string& path) {
        const CorpusDocument records = document_from(document);
        const py::gil_scoped_release release;
        write_corpus_json(records, path);
      },
      py::arg("document"), py::arg("path"),
      "Write {'letters': [...]} to path as a cosignet-corpus JSON file, atomically.");

  m.def(
      "format_corpus_json",
      [](const py::dict& document) {
        const CorpusDocument records = document_from(document);
        std::string text;
        {
          const py::gil_scoped_release release;
          text = format_corpus_json(records);
        }
        return py::str(text);
      },
      py::arg("document"), "The cosignet-corpus JSON text of {'letters': [...]}.");

  m.def(
      "read_corpus_json",
      [](const std::string& path) {
        CorpusDocument records;
        {
          const py::gil_scoped_release release;
          records = read_corpus_json(path);
        }
        return document_to(records);
      },
      py::arg("path"),
      "Read a cosignet-corpus JSON file as {'format', 'version', 'letters': [...]}.");

  m.def(
      "parse_corpus_json",
      [](const std::string& text, const std::string& name) {
        CorpusDocument records;
        {
          const py::gil_scoped_release release;
          records = parse_corpus_json(text, name);
        }
        return document_to(records);
      },
      py::arg("text"), py::arg("name") = "<string>",
      "Parse a cosignet-corpus JSON text; name prefixes error messages.");
}

}  // namespace cosignet::bindings
