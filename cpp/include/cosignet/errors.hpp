/// @file errors.hpp
/// @brief The exceptions the core throws; the Python bindings map each to one Python class.
#pragma once

#include <stdexcept>
#include <string>

namespace cosignet {

/// Base of every error the core raises on purpose.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// An argument is malformed (shape, range, NaN, ...). Maps to cosignet.InvalidInputError.
class InvalidInput : public Error {
 public:
  using Error::Error;
};

/// An iterative method did not converge. Maps to cosignet.ConvergenceError.
class ConvergenceFailure : public Error {
 public:
  using Error::Error;
};

/// Text or a file could not be parsed. Maps to cosignet.ParseError.
class ParseFailure : public Error {
 public:
  using Error::Error;
};

/// A result would not fit in the memory the caller allowed. Maps to cosignet.TooLargeError.
class TooLarge : public Error {
 public:
  using Error::Error;
};

/// The user interrupted a long computation (Ctrl-C). Maps to KeyboardInterrupt.
class Interrupted : public Error {
 public:
  Interrupted() : Error("interrupted") {}
};

/// Throws InvalidInput with @p message when @p condition is false.
void require(bool condition, const std::string& message);

}  // namespace cosignet
