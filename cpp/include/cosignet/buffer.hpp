/// @file buffer.hpp
/// @brief A growable array on malloc/realloc whose memory can be handed to another owner.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <type_traits>

#include "cosignet/types.hpp"

namespace cosignet {

/// Growable array of trivially copyable T, freed with std::free.
///
/// Unlike std::vector it grows with realloc, which for large blocks remaps pages instead of
/// copying them, and release() hands the block to a new owner (a NumPy capsule) without a copy.
template <typename T>
class Buffer {
  static_assert(std::is_trivially_copyable_v<T>, "Buffer holds plain data only");

 public:
  Buffer() = default;
  explicit Buffer(Index size) { resize(size); }
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  Buffer(Buffer&& other) noexcept { swap(other); }
  Buffer& operator=(Buffer&& other) noexcept {
    Buffer(std::move(other)).swap(*this);
    return *this;
  }
  ~Buffer() { std::free(data_); }

  T* data() { return data_; }
  const T* data() const { return data_; }
  Index size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T& operator[](Index i) { return data_[i]; }
  const T& operator[](Index i) const { return data_[i]; }
  T* begin() { return data_; }
  T* end() { return data_ + size_; }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }

  /// Changes the size; new elements are uninitialised. Throws std::bad_alloc on failure.
  void resize(Index size) {
    reserve(size);
    size_ = size;
  }

  /// Makes room for @p capacity elements without changing the size.
  void reserve(Index capacity);

  /// Makes room for at least @p capacity elements, growing geometrically (amortised O(1)).
  void grow_to(Index capacity) {
    if (capacity > capacity_) reserve(std::max(capacity, capacity_ + capacity_ / 2 + 16));
  }

  /// Appends one element, growing the capacity geometrically.
  void push_back(const T& value) {
    const T copy = value;  // value may live in this buffer, which reserve() may move
    if (size_ == capacity_) grow_to(size_ + 1);
    data_[size_++] = copy;
  }

  /// Gives up ownership: the caller must std::free() the returned pointer.
  T* release() {
    T* out = data_;
    data_ = nullptr;
    size_ = capacity_ = 0;
    return out;
  }

  void swap(Buffer& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
    std::swap(capacity_, other.capacity_);
  }

 private:
  T* data_ = nullptr;
  Index size_ = 0;
  Index capacity_ = 0;
};

/// Throws std::bad_alloc; kept out of line so the template stays small.
[[noreturn]] void throw_bad_alloc();

/// Asks the kernel to back a large block with transparent huge pages (Linux; a no-op for
/// small blocks and elsewhere): filling a big result then takes 512x fewer page faults.
void advise_huge_pages(void* data, std::size_t bytes);

template <typename T>
void Buffer<T>::reserve(Index capacity) {
  if (capacity <= capacity_) return;
  // A size whose byte count overflows size_t would wrap to a small block and be overrun.
  if (static_cast<std::size_t>(capacity) > SIZE_MAX / sizeof(T)) throw_bad_alloc();
  void* grown =
      std::realloc(static_cast<void*>(data_), static_cast<std::size_t>(capacity) * sizeof(T));
  if (grown == nullptr) throw_bad_alloc();
  data_ = static_cast<T*>(grown);
  capacity_ = capacity;
  advise_huge_pages(grown, static_cast<std::size_t>(capacity) * sizeof(T));
}

/// A CSR matrix whose three arrays the core owns (and may release to Python).
struct CsrBuffers {
  Index rows = 0;
  Index cols = 0;
  Buffer<Index> indptr;
  Buffer<Index> indices;
  Buffer<Scalar> data;

  Index nnz() const { return indices.size(); }
  /// A read-only view of the matrix, valid while this object lives.
  CsrView view() const {
    return make_csr_view(rows, cols, indptr.data(), indices.data(), data.data());
  }
};

}  // namespace cosignet
