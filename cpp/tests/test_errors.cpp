#include <gtest/gtest.h>

#include <stdexcept>
#include <type_traits>

#include "cosignet/errors.hpp"

namespace cosignet {
namespace {

TEST(Errors, RequireThrowsInvalidInputWithTheMessage) {
  EXPECT_NO_THROW(require(true, "unused"));
  try {
    require(false, "x must be positive, got -1");
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    EXPECT_STREQ(e.what(), "x must be positive, got -1");
  }
}

TEST(Errors, Hierarchy) {
  static_assert(std::is_base_of_v<std::runtime_error, Error>);
  static_assert(std::is_base_of_v<Error, InvalidInput>);
  static_assert(std::is_base_of_v<Error, ConvergenceFailure>);
  static_assert(std::is_base_of_v<Error, ParseFailure>);
  static_assert(std::is_base_of_v<Error, TooLarge>);
  static_assert(std::is_base_of_v<Error, Interrupted>);
  EXPECT_STREQ(TooLarge("too big").what(), "too big");
}

TEST(Errors, CatchableAsBaseClasses) {
  EXPECT_THROW(throw InvalidInput("a"), Error);
  EXPECT_THROW(throw ParseFailure("b"), std::runtime_error);
  EXPECT_THROW(throw ConvergenceFailure("c"), Error);
  EXPECT_THROW(throw Interrupted(), Error);
}

}  // namespace
}  // namespace cosignet
