#include "cosignet/errors.hpp"

namespace cosignet {

void require(bool condition, const std::string& message) {
  if (!condition) throw InvalidInput(message);
}

void require(bool condition, const char* message) {
  if (!condition) throw InvalidInput(message);
}

}  // namespace cosignet
