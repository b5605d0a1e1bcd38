/// @file errors.hpp
/// @brief The exceptions the core throws; the Python bindings map each to one Python class.
#pragma once

#include <stdexcept>
#include <string>
#include <type_traits>

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

/// A file could not be opened, read, written or renamed. Carries the errno value and the path;
/// maps to Python's OSError subclass for that errno (FileNotFoundError, PermissionError, ...),
/// as Python's own file functions raise.
class FileError : public Error {
 public:
  /// @param error_number the errno value; @param path the file; @param context what was being
  /// done ("while opening it for reading"). what() is "<path>: <strerror> (<context>)".
  FileError(int error_number, std::string path, const std::string& context);
  int error_number() const noexcept { return error_number_; }
  const std::string& path() const noexcept { return path_; }
  /// The system's description of error_number() followed by " (<context>)".
  const std::string& reason() const noexcept { return reason_; }

 private:
  int error_number_;
  std::string path_;
  std::string reason_;
};

/// The user interrupted a long computation (Ctrl-C). Maps to KeyboardInterrupt.
class Interrupted : public Error {
 public:
  Interrupted() : Error("interrupted") {}
};

/// Throws InvalidInput with @p message when @p condition is false.
void require(bool condition, const std::string& message);

/// Throws InvalidInput with @p message when @p condition is false (no string is built otherwise).
void require(bool condition, const char* message);

/// Throws InvalidInput with make_message() when @p condition is false. For checks inside
/// loops: the message is only built when it is needed.
template <typename MakeMessage,
          typename = std::enable_if_t<std::is_invocable_r_v<std::string, MakeMessage>>>
void require(bool condition, MakeMessage&& make_message) {
  if (!condition) throw InvalidInput(make_message());
}

}  // namespace cosignet
