#include "cosignet/buffer.hpp"

#include <new>

namespace cosignet {

void throw_bad_alloc() {
  throw std::bad_alloc();
}

}  // namespace cosignet
