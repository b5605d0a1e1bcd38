#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "cosignet/graph_writer.hpp"
#include "test_util.hpp"

namespace cosignet {
namespace {

std::string repr(double value) {
  std::string out = "<";  // appended to
  append_float_repr(out, value);
  EXPECT_EQ(out.substr(0, 1), "<");
  return out.substr(1);
}

TEST(FloatRepr, SpellsFloatsAsPythonRepr) {
  // Each expected text is what CPython 3.11 prints for repr(value).
  EXPECT_EQ(repr(0.0), "0.0");
  EXPECT_EQ(repr(-0.0), "-0.0");
  EXPECT_EQ(repr(1.0), "1.0");
  EXPECT_EQ(repr(2.5), "2.5");
  EXPECT_EQ(repr(-3.0), "-3.0");
  EXPECT_EQ(repr(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(repr(0.5), "0.5");
  EXPECT_EQ(repr(0.001), "0.001");
  EXPECT_EQ(repr(0.0001), "0.0001");
  EXPECT_EQ(repr(0.00001), "1e-05");
  EXPECT_EQ(repr(1.5e-5), "1.5e-05");
  EXPECT_EQ(repr(1e-300), "1e-300");
  EXPECT_EQ(repr(5e-324), "5e-324");
  EXPECT_EQ(repr(2.2250738585072014e-308), "2.2250738585072014e-308");
  EXPECT_EQ(repr(1234567890123456.0), "1234567890123456.0");
  EXPECT_EQ(repr(1e16), "1e+16");
  EXPECT_EQ(repr(12345678901234568.0), "1.2345678901234568e+16");
  EXPECT_EQ(repr(1e22), "1e+22");
  EXPECT_EQ(repr(1.7976931348623157e308), "1.7976931348623157e+308");
  EXPECT_EQ(repr(123.456), "123.456");
  EXPECT_EQ(repr(100.0), "100.0");
  EXPECT_EQ(repr(9007199254740993.0), "9007199254740992.0");
  EXPECT_EQ(repr(9999999999999998.0), "9999999999999998.0");
  EXPECT_EQ(repr(-1e15), "-1000000000000000.0");
  EXPECT_EQ(repr(0.1), "0.1");
  EXPECT_EQ(repr(std::numeric_limits<double>::infinity()), "inf");
  EXPECT_EQ(repr(-std::numeric_limits<double>::infinity()), "-inf");
  EXPECT_EQ(repr(std::nan("")), "nan");
}

TEST(FloatRepr, ReadsBackExactly) {
  std::mt19937_64 random(7);
  for (int i = 0; i < 100000; ++i) {
    const std::uint64_t bits = random();
    double value;
    std::memcpy(&value, &bits, sizeof value);
    if (!std::isfinite(value)) continue;
    EXPECT_EQ(std::strtod(repr(value).c_str(), nullptr), value) << repr(value);
  }
}

// Two nodes with a label each, one integer and one float attribute in a group.
RowTemplate xml_like(const std::vector<Index>& codes, const std::vector<std::int64_t>& counts,
                     const std::vector<std::uint8_t>& mask, const std::vector<double>& scores) {
  RowTemplate rows(static_cast<Index>(codes.size()));
  rows.add_text("<n id=\"", "\"", "", {"a", "b&amp;c"}, codes.data());
  const int group = rows.add_group(">", "</n>\n", "/>\n");
  rows.add_integer("<c>", "</c>", "", counts.data(), mask.data(), group);
  rows.add_float("<s>", "</s>", "", scores.data(), group);
  return rows;
}

TEST(RowTemplate, WritesFieldsAndGroupsAndLeavesOutMissingValues) {
  const std::vector<Index> codes = {0, 1, 1};
  const std::vector<std::int64_t> counts = {3, -4, 5};
  const std::vector<std::uint8_t> mask = {0, 0, 1};
  const std::vector<double> scores = {0.25, std::nan(""), std::nan("")};
  const RowTemplate rows = xml_like(codes, counts, mask, scores);
  EXPECT_EQ(rows.render(0, 3),
            "<n id=\"a\"><c>3</c><s>0.25</s></n>\n"
            "<n id=\"b&amp;c\"><c>-4</c></n>\n"
            "<n id=\"b&amp;c\"/>\n");
}

TEST(RowTemplate, RendersAnyRangeOfRowsTheSameWay) {
  const std::vector<Index> codes = {0, 1, 1, 0, 1};
  const std::vector<std::int64_t> counts = {1, 2, 3, 4, 5};
  const std::vector<std::uint8_t> mask = {0, 1, 0, 1, 0};
  const std::vector<double> scores = {1e-300, 0.5, std::nan(""), 2.0, 1e16};
  const RowTemplate rows = xml_like(codes, counts, mask, scores);
  const std::string whole = rows.render(0, 5);
  for (Index cut = 0; cut <= 5; ++cut) {
    Buffer<char> pieces;  // appended to, as a reused buffer is
    rows.render(0, cut, pieces);
    rows.render(cut, 5, pieces);
    EXPECT_EQ(std::string(pieces.data(), static_cast<std::size_t>(pieces.size())), whole)
        << "cut at " << cut;
  }
}

TEST(RowTemplate, SeparatesRowsAndWritesMissingTextAndRowNumbers) {
  // A JSON-like record: the separator comes before every row but the first.
  const std::vector<double> weights = {1.0, std::nan(""), 0.1};
  RowTemplate rows(3, ",\n");
  rows.add_integer("{\"id\": ", "", "", nullptr, nullptr);
  rows.add_text(", \"name\": ", "", ", \"name\": null", {"\"x\"", "\"y\"", "\"z\""}, nullptr);
  rows.add_float(", \"w\": ", "}", ", \"w\": null}", weights.data());
  EXPECT_EQ(
      rows.render(1, 3),
      ",\n{\"id\": 1, \"name\": \"y\", \"w\": null},\n{\"id\": 2, \"name\": \"z\", \"w\": 0.1}");
  EXPECT_EQ(rows.render(0, 1), "{\"id\": 0, \"name\": \"x\", \"w\": 1.0}");
}

TEST(RowTemplate, MakesRoomForLongTextsAndExtremeNumbers) {
  const std::string long_text(100000, 'x');
  const std::vector<Index> codes = {0, 1, 0};
  const std::vector<std::int64_t> integers = {std::numeric_limits<std::int64_t>::min(), 0,
                                              std::numeric_limits<std::int64_t>::max()};
  const std::vector<double> floats = {-2.2250738585072014e-308, -1.7976931348623157e308, 0.5};
  RowTemplate rows(3, "\n");
  rows.add_text("", " ", "", {"a", long_text}, codes.data());
  rows.add_integer("", " ", "", integers.data(), nullptr);
  rows.add_float("", "", "", floats.data());
  EXPECT_EQ(rows.render(0, 3), "a -9223372036854775808 -2.2250738585072014e-308\n" + long_text +
                                   " 0 -1.7976931348623157e+308\na 9223372036854775807 0.5");
}

TEST(RowTemplate, AGroupWithoutFieldsIsAlwaysEmpty) {
  RowTemplate rows(2);
  rows.add_integer("<e id=\"", "\"", "", nullptr, nullptr);
  rows.add_group(">", "</e>", " />");
  EXPECT_EQ(rows.render(0, 2), "<e id=\"0\" /><e id=\"1\" />");
}

TEST(RowTemplate, RefusesCodesRangesAndGroupsOutOfBounds) {
  const std::vector<Index> codes = {0, 2};
  test::expect_invalid_input(
      [&] {
        RowTemplate rows(2);
        rows.add_text("", "", "", {"a", "b"}, codes.data());
      },
      "code 2 of row 1 is outside [-1, 2)");
  test::expect_invalid_input(
      [&] {
        RowTemplate rows(3);
        rows.add_text("", "", "", {"a", "b"}, nullptr);
      },
      "needs one table entry per row (3), got 2");
  test::expect_invalid_input(
      [&] {
        RowTemplate rows(2);
        rows.render(1, 3);
      },
      "rows [1, 3) are not within the 2 rows");
  test::expect_invalid_input(
      [&] {
        RowTemplate rows(2);
        rows.add_integer("", "", "", nullptr, nullptr, 0);
      },
      "group must be -1 or one of the 0 groups added, got 0");
  test::expect_invalid_input([] { RowTemplate rows(-1); }, "rows must not be negative, got -1");
}

}  // namespace
}  // namespace cosignet
