#include "cosignet/graph_writer.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <system_error>
#include <utility>

#include "cosignet/errors.hpp"

namespace cosignet {
namespace {

// Most characters an integer field writes ("-9223372036854775808").
constexpr std::size_t kIntegerMax = 20;

char* put(char* out, const std::string& text) {
  std::memcpy(out, text.data(), text.size());
  return out + text.size();
}

char* put(char* out, const char* text, std::size_t size) {
  std::memcpy(out, text, size);
  return out + size;
}

char* put_integer(char* out, std::int64_t value) {
  return std::to_chars(out, out + kIntegerMax, value).ptr;
}

}  // namespace

char* write_float_repr(char* out, double value) {
  if (std::isnan(value)) return put(out, "nan", 3);
  if (std::isinf(value)) return value < 0 ? put(out, "-inf", 4) : put(out, "inf", 3);
  if (value == std::trunc(value) && std::fabs(value) < 1e16) {
    // Whole numbers (most weights): every digit is significant, so repr is the integer
    // followed by ".0" ("-0.0" for negative zero).
    if (std::signbit(value)) *out++ = '-';
    out = put_integer(out, static_cast<std::int64_t>(std::fabs(value)));
    return put(out, ".0", 2);
  }
  // The shortest round-trip digits, as "d.ddde+XX" (Ryu in libstdc++), respelled the way
  // CPython's float_repr_style "short" does (Python/pystrtod.c, format_float_short, mode 'r').
  char text[64];
  const auto result = std::to_chars(text, text + sizeof text, value, std::chars_format::scientific);
  const char* p = text;
  const char* end = result.ptr;
  if (*p == '-') {
    *out++ = '-';
    ++p;
  }
  char digits[32];
  int n = 0;
  for (; p != end && *p != 'e'; ++p) {
    if (*p != '.') digits[n++] = *p;
  }
  int exponent = 0;
  std::from_chars(p + 1 + (p[1] == '+' ? 1 : 0), end, exponent);
  const int point = exponent + 1;  // digits[0 .. point) come before the decimal point
  const auto count = [](int k) { return static_cast<std::size_t>(k); };
  if (point <= -4 || point > 16) {
    *out++ = digits[0];
    if (n > 1) {
      *out++ = '.';
      out = put(out, digits + 1, count(n - 1));
    }
    out = put(out, exponent < 0 ? "e-" : "e+", 2);
    const int magnitude = exponent < 0 ? -exponent : exponent;
    if (magnitude < 10) *out++ = '0';
    return put_integer(out, magnitude);
  }
  if (point <= 0) {
    out = put(out, "0.", 2);
    std::memset(out, '0', count(-point));
    return put(out + count(-point), digits, count(n));
  }
  if (point >= n) {
    out = put(out, digits, count(n));
    std::memset(out, '0', count(point - n));
    return put(out + count(point - n), ".0", 2);
  }
  out = put(out, digits, count(point));
  *out++ = '.';
  return put(out, digits + point, count(n - point));
}

void append_float_repr(std::string& out, double value) {
  char text[kFloatReprMax];
  out.append(text, write_float_repr(text, value));
}

RowTemplate::RowTemplate(Index rows, std::string separator)
    : rows_(rows), separator_(std::move(separator)) {
  require(rows >= 0, [&] { return "rows must not be negative, got " + std::to_string(rows); });
}

int RowTemplate::add_group(std::string open, std::string close, std::string empty) {
  items_.push_back({true, groups_.size()});
  groups_.push_back({std::move(open), std::move(close), std::move(empty), {}});
  return static_cast<int>(groups_.size() - 1);
}

void RowTemplate::add(Field field, int group) {
  require(group >= -1 && group < static_cast<int>(groups_.size()), [&] {
    return "group must be -1 or one of the " + std::to_string(groups_.size()) +
           " groups added, got " + std::to_string(group);
  });
  if (group >= 0) {
    groups_[static_cast<std::size_t>(group)].fields.push_back(std::move(field));
  } else {
    items_.push_back({false, fields_.size()});
    fields_.push_back(std::move(field));
  }
}

void RowTemplate::add_text(std::string before, std::string after, std::string missing,
                           std::vector<std::string> table, const Index* codes, int group) {
  const auto size = static_cast<Index>(table.size());
  if (codes == nullptr) {
    require(size >= rows_, [&] {
      return "a text field without codes needs one table entry per row (" + std::to_string(rows_) +
             "), got " + std::to_string(size);
    });
  } else {
    for (Index row = 0; row < rows_; ++row) {
      require(codes[row] >= -1 && codes[row] < size, [&] {
        return "code " + std::to_string(codes[row]) + " of row " + std::to_string(row) +
               " is outside [-1, " + std::to_string(size) + ")";
      });
    }
  }
  Field field;
  field.kind = Kind::Text;
  field.before = std::move(before);
  field.after = std::move(after);
  field.missing = std::move(missing);
  field.table = std::move(table);
  for (const std::string& text : field.table) field.widest = std::max(field.widest, text.size());
  field.codes = codes;
  add(std::move(field), group);
}

void RowTemplate::add_float(std::string before, std::string after, std::string missing,
                            const double* values, int group) {
  require(values != nullptr || rows_ == 0, "a float field needs values");
  Field field;
  field.kind = Kind::Float;
  field.before = std::move(before);
  field.after = std::move(after);
  field.missing = std::move(missing);
  field.floats = values;
  add(std::move(field), group);
}

void RowTemplate::add_integer(std::string before, std::string after, std::string missing,
                              const std::int64_t* values, const std::uint8_t* missing_mask,
                              int group) {
  Field field;
  field.kind = Kind::Integer;
  field.before = std::move(before);
  field.after = std::move(after);
  field.missing = std::move(missing);
  field.integers = values;
  field.mask = missing_mask;
  add(std::move(field), group);
}

std::size_t RowTemplate::longest(const Field& field) {
  const std::size_t value = field.kind == Kind::Text    ? field.widest
                            : field.kind == Kind::Float ? kFloatReprMax
                                                        : kIntegerMax;
  return std::max(field.missing.size(), field.before.size() + value + field.after.size());
}

std::size_t RowTemplate::longest_row() const {
  std::size_t total = separator_.size();
  for (const Item& item : items_) {
    if (!item.is_group) {
      total += longest(fields_[item.index]);
      continue;
    }
    const Group& group = groups_[item.index];
    std::size_t inside = group.open.size() + group.close.size();
    for (const Field& field : group.fields) inside += longest(field);
    total += std::max(inside, group.empty.size());
  }
  return total;
}

bool RowTemplate::present(const Field& field, Index row) const {
  switch (field.kind) {
    case Kind::Text:
      return field.codes == nullptr || field.codes[row] >= 0;
    case Kind::Float:
      return !std::isnan(field.floats[row]);
    case Kind::Integer:
      return field.mask == nullptr || field.mask[row] == 0;
  }
  return false;
}

char* RowTemplate::write(const Field& field, Index row, char* out) const {
  if (!present(field, row)) return put(out, field.missing);
  out = put(out, field.before);
  switch (field.kind) {
    case Kind::Text:
      out = put(
          out,
          field.table[static_cast<std::size_t>(field.codes == nullptr ? row : field.codes[row])]);
      break;
    case Kind::Float:
      out = write_float_repr(out, field.floats[row]);
      break;
    case Kind::Integer:
      out = put_integer(out, field.integers == nullptr ? row : field.integers[row]);
      break;
  }
  return put(out, field.after);
}

void RowTemplate::render(Index start, Index stop, Buffer<char>& out) const {
  require(0 <= start && start <= stop && stop <= rows_, [&] {
    return "rows [" + std::to_string(start) + ", " + std::to_string(stop) +
           ") are not within the " + std::to_string(rows_) + " rows";
  });
  // Room is made for the longest possible row before each row, so the row itself is
  // written with plain copies.
  const auto longest = static_cast<Index>(longest_row());
  Index used = out.size();
  for (Index row = start; row < stop; ++row) {
    out.grow_to(used + longest);
    char* p = out.data() + used;
    if (row > 0) p = put(p, separator_);
    for (const Item& item : items_) {
      if (!item.is_group) {
        p = write(fields_[item.index], row, p);
        continue;
      }
      const Group& group = groups_[item.index];
      const bool any = std::any_of(group.fields.begin(), group.fields.end(),
                                   [&](const Field& field) { return present(field, row); });
      if (!any) {
        p = put(p, group.empty);
        continue;
      }
      p = put(p, group.open);
      for (const Field& field : group.fields) p = write(field, row, p);
      p = put(p, group.close);
    }
    used = p - out.data();
  }
  out.resize(used);
}

std::string RowTemplate::render(Index start, Index stop) const {
  Buffer<char> out;
  render(start, stop, out);
  return std::string(out.data(), static_cast<std::size_t>(out.size()));
}

}  // namespace cosignet
