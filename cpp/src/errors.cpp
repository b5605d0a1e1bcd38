#include "cosignet/errors.hpp"

#include <cstring>
#include <utility>

namespace cosignet {

FileError::FileError(int error_number, std::string path, const std::string& context)
    : Error(path + ": " + std::strerror(error_number) + " (" + context + ")"),
      error_number_(error_number),
      path_(std::move(path)),
      reason_(std::string(std::strerror(error_number)) + " (" + context + ")") {}

void require(bool condition, const std::string& message) {
  if (!condition) throw InvalidInput(message);
}

void require(bool condition, const char* message) {
  if (!condition) throw InvalidInput(message);
}

}  // namespace cosignet
