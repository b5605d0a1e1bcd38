/// @file graph_writer.hpp
/// @brief Text rows from columns, for streaming graph files (GraphML, GEXF, node-link JSON).
///
/// A RowTemplate says how one row (a node or an edge) is spelled: a sequence of fields, each
/// written as `before` + value + `after`, or as `missing` when the row has no value there.
/// Text values come from a table of ready-made (escaped) strings, indexed by a code per row,
/// so a label or attribute value is escaped once however many rows repeat it; numbers are
/// formatted here, floats exactly as Python's repr() spells them (the shortest text that
/// reads back as the same double). Fields may form a group (GEXF's <attvalues>, a GraphML
/// element's children): written between an opening and a closing text when one of its
/// fields has a value, as an `empty` text otherwise.
///
/// render() writes any range of rows, so a file of millions of rows is written chunk by chunk
/// in bounded memory.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cosignet/buffer.hpp"
#include "cosignet/types.hpp"

namespace cosignet {

/// Longest text append_float_repr() writes ("-2.2250738585072014e-308" and the like).
inline constexpr std::size_t kFloatReprMax = 24;

/// Writes the text Python's repr(float) gives for @p value at @p out, which has room for
/// kFloatReprMax characters; returns the end of the text. See append_float_repr().
char* write_float_repr(char* out, double value);

/// Appends the text Python's repr(float) gives for @p value: the shortest decimal that reads
/// back as the same double, positional for 1e-4 <= |value| < 1e16 ("0.1", "2.0",
/// "1234.5"), with an exponent of at least two digits otherwise ("1e-05", "5e-324",
/// "1e+16"); "inf", "-inf" and "nan" for the special values.
void append_float_repr(std::string& out, double value);

/// How the rows of a table are spelled; see the file comment.
class RowTemplate {
 public:
  /// @param rows number of rows every column covers.
  /// @param separator written between two rows (before every row but row 0).
  explicit RowTemplate(Index rows, std::string separator = "");

  /// Adds a group of fields at this place in the row, written as @p open + fields + @p close
  /// when one of its fields has a value in the row and as @p empty otherwise (always, when it
  /// has no fields). Returns its number: fields added with it go into the group, in order.
  int add_group(std::string open, std::string close, std::string empty);

  /// A text field: `table[codes[row]]`, missing where the code is -1. Null @p codes stands
  /// for codes 0, 1, 2, ... (one table entry per row). Throws InvalidInput on a code
  /// outside [-1, table size) or a table shorter than the rows when @p codes is null.
  void add_text(std::string before, std::string after, std::string missing,
                std::vector<std::string> table, const Index* codes, int group = -1);

  /// A float field, formatted by append_float_repr(); missing where the value is NaN.
  void add_float(std::string before, std::string after, std::string missing, const double* values,
                 int group = -1);

  /// An integer field, missing where @p missing_mask is nonzero (null: never missing).
  /// Null @p values stands for the row number.
  void add_integer(std::string before, std::string after, std::string missing,
                   const std::int64_t* values, const std::uint8_t* missing_mask, int group = -1);

  /// Number of rows.
  Index rows() const { return rows_; }

  /// Appends rows [@p start, @p stop) to @p out (grown as needed, never shrunk, so a
  /// buffer reused for every chunk of a file is allocated once). Throws InvalidInput unless
  /// 0 <= start <= stop <= rows().
  void render(Index start, Index stop, Buffer<char>& out) const;

  /// Rows [@p start, @p stop) as a string; see render(Index, Index, Buffer<char>&).
  std::string render(Index start, Index stop) const;

 private:
  enum class Kind { Text, Float, Integer };
  struct Field {
    Kind kind = Kind::Text;
    std::string before, after, missing;
    std::vector<std::string> table;          // Text
    std::size_t widest = 0;                  // Text: longest table entry
    const Index* codes = nullptr;            // Text: null means the row number
    const double* floats = nullptr;          // Float
    const std::int64_t* integers = nullptr;  // Integer: null means the row number
    const std::uint8_t* mask = nullptr;      // Integer: nonzero means missing
  };
  struct Group {
    std::string open, close, empty;
    std::vector<Field> fields;
  };
  struct Item {  // one place in the row: a field or a group
    bool is_group;
    std::size_t index;  // into fields_ or groups_
  };

  void add(Field field, int group);
  static std::size_t longest(const Field& field);  // most characters the field writes
  std::size_t longest_row() const;
  bool present(const Field& field, Index row) const;
  char* write(const Field& field, Index row, char* out) const;

  Index rows_;
  std::string separator_;
  std::vector<Field> fields_;
  std::vector<Group> groups_;
  std::vector<Item> items_;
};

}  // namespace cosignet
