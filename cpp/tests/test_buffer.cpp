#include <gtest/gtest.h>

#include <cstdlib>
#include <type_traits>
#include <utility>

#include "cosignet/buffer.hpp"
#include "cosignet/errors.hpp"
#include "cosignet/types.hpp"

#if defined(__SANITIZE_ADDRESS__)
#define COSIGNET_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define COSIGNET_TEST_ASAN 1
#endif
#endif

namespace cosignet {
namespace {

static_assert(!std::is_copy_constructible_v<Buffer<Index>>);
static_assert(!std::is_copy_assignable_v<Buffer<Index>>);
static_assert(std::is_nothrow_move_constructible_v<Buffer<Index>>);
static_assert(std::is_nothrow_move_assignable_v<Buffer<Index>>);

TEST(Buffer, DefaultIsEmpty) {
  Buffer<Index> b;
  EXPECT_EQ(b.size(), 0);
  EXPECT_TRUE(b.empty());
  EXPECT_EQ(b.data(), nullptr);
  EXPECT_EQ(b.begin(), b.end());
}

TEST(Buffer, SizedConstructor) {
  Buffer<Scalar> b(5);
  EXPECT_EQ(b.size(), 5);
  EXPECT_FALSE(b.empty());
  ASSERT_NE(b.data(), nullptr);
  for (Index i = 0; i < 5; ++i) b[i] = static_cast<Scalar>(i) * 0.5;
  EXPECT_EQ(b.end() - b.begin(), 5);
  EXPECT_EQ(b[4], 2.0);
}

TEST(Buffer, ZeroSizedConstructorAllocatesNothing) {
  Buffer<Index> b(0);
  EXPECT_EQ(b.size(), 0);
  EXPECT_TRUE(b.empty());
  EXPECT_EQ(b.data(), nullptr);
}

TEST(Buffer, PushBackGrowsAndKeepsValues) {
  Buffer<Index> b;
  for (Index i = 0; i < 1000; ++i) {
    b.push_back(i * i);
    ASSERT_EQ(b.size(), i + 1);
  }
  for (Index i = 0; i < 1000; ++i) EXPECT_EQ(b[i], i * i);
  Index sum = 0;
  for (const Index v : b) sum += v;
  EXPECT_EQ(sum, 332833500);  // sum_{i<1000} i^2 = 999 * 1000 * 1999 / 6
}

TEST(Buffer, PushBackOfOwnElementAcrossGrowth) {
  // The argument refers into the buffer; growing it must not read freed memory.
  Buffer<Index> c;
  c.push_back(42);
  for (int i = 0; i < 100; ++i) c.push_back(c[0]);  // reference to element 0 across reallocs
  ASSERT_EQ(c.size(), 101);
  for (const Index v : c) EXPECT_EQ(v, 42);
  Buffer<Index> d;
  d.push_back(3);
  for (int i = 0; i < 100; ++i) d.push_back(d[d.size() - 1]);
  ASSERT_EQ(d.size(), 101);
  for (const Index v : d) EXPECT_EQ(v, 3);
}

TEST(Buffer, ResizeKeepsPrefix) {
  Buffer<Index> b;
  for (Index i = 0; i < 10; ++i) b.push_back(i);
  b.resize(1000);
  EXPECT_EQ(b.size(), 1000);
  for (Index i = 0; i < 10; ++i) EXPECT_EQ(b[i], i);
  b.resize(3);
  EXPECT_EQ(b.size(), 3);
  EXPECT_EQ(b[0], 0);
  EXPECT_EQ(b[2], 2);
  // Shrinking keeps the capacity: growing again within it keeps the old values.
  b.resize(10);
  for (Index i = 0; i < 10; ++i) EXPECT_EQ(b[i], i);
  b.resize(0);
  EXPECT_TRUE(b.empty());
  b.push_back(99);
  EXPECT_EQ(b.size(), 1);
  EXPECT_EQ(b[0], 99);
}

TEST(Buffer, ReserveDoesNotChangeSize) {
  Buffer<Index> b;
  b.reserve(100);
  EXPECT_EQ(b.size(), 0);
  EXPECT_TRUE(b.empty());
  ASSERT_NE(b.data(), nullptr);
  Index* const before = b.data();
  for (Index i = 0; i < 100; ++i) b.push_back(i);
  EXPECT_EQ(b.data(), before);  // no reallocation within the reserved capacity
  EXPECT_EQ(b.size(), 100);
  b.reserve(10);  // smaller than the capacity: a no-op
  EXPECT_EQ(b.data(), before);
  EXPECT_EQ(b.size(), 100);
}

TEST(Buffer, ReleaseHandsOverOwnership) {
  Buffer<Scalar> b;
  b.push_back(1.5);
  b.push_back(-2.0);
  b.push_back(4.25);
  Scalar* const raw = b.data();
  Scalar* const released = b.release();
  EXPECT_EQ(released, raw);
  EXPECT_EQ(b.data(), nullptr);
  EXPECT_EQ(b.size(), 0);
  EXPECT_TRUE(b.empty());
  EXPECT_EQ(released[0], 1.5);
  EXPECT_EQ(released[1], -2.0);
  EXPECT_EQ(released[2], 4.25);
  std::free(released);
  // The released buffer is usable again and owns a fresh block.
  b.push_back(8.0);
  EXPECT_EQ(b.size(), 1);
  EXPECT_EQ(b[0], 8.0);
  EXPECT_NE(b.data(), nullptr);
}

TEST(Buffer, ReleaseOfEmptyIsNull) {
  Buffer<Index> b;
  Index* const released = b.release();
  EXPECT_EQ(released, nullptr);
  std::free(released);
}

TEST(Buffer, MoveConstructorStealsTheBlock) {
  Buffer<Index> a;
  for (Index i = 0; i < 20; ++i) a.push_back(i + 100);
  Index* const raw = a.data();
  Buffer<Index> b(std::move(a));
  EXPECT_EQ(b.data(), raw);
  EXPECT_EQ(b.size(), 20);
  EXPECT_EQ(b[19], 119);
  EXPECT_EQ(a.data(), nullptr);  // NOLINT(bugprone-use-after-move): moved-from is empty
  EXPECT_EQ(a.size(), 0);
  EXPECT_TRUE(a.empty());
  a.push_back(1);  // a moved-from buffer is reusable
  EXPECT_EQ(a.size(), 1);
  EXPECT_EQ(a[0], 1);
}

TEST(Buffer, MoveAssignmentFreesTheOldBlock) {
  Buffer<Index> a;
  for (Index i = 0; i < 5; ++i) a.push_back(i);
  Buffer<Index> b;
  for (Index i = 0; i < 50; ++i) b.push_back(-i);
  Index* const raw = a.data();
  b = std::move(a);  // b's old block is freed (LeakSanitizer would report it otherwise)
  EXPECT_EQ(b.data(), raw);
  EXPECT_EQ(b.size(), 5);
  EXPECT_EQ(b[4], 4);
  EXPECT_EQ(a.data(), nullptr);  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(a.size(), 0);
}

TEST(Buffer, SelfMoveAssignmentKeepsContents) {
  Buffer<Index> a;
  for (Index i = 0; i < 5; ++i) a.push_back(i * 3);
  Buffer<Index>& alias = a;
  a = std::move(alias);
  EXPECT_EQ(a.size(), 5);
  EXPECT_EQ(a[4], 12);
}

TEST(Buffer, Swap) {
  Buffer<Index> a(3);
  a[0] = 1;
  a[1] = 2;
  a[2] = 3;
  Buffer<Index> b;
  b.push_back(9);
  a.swap(b);
  EXPECT_EQ(a.size(), 1);
  EXPECT_EQ(a[0], 9);
  EXPECT_EQ(b.size(), 3);
  EXPECT_EQ(b[2], 3);
}

TEST(Buffer, HugeReserveThrowsBadAlloc) {
#if defined(COSIGNET_TEST_ASAN)
  // ASan aborts on (or, with allocator_may_return_null=1, warns about) impossible allocations.
  GTEST_SKIP() << "needs the plain allocator, which returns null on an impossible request";
#endif
  Buffer<Index> b;
  b.push_back(5);
  // More than any address space: realloc fails and the buffer is left untouched.
  EXPECT_THROW(b.reserve(Index{1} << 58), std::bad_alloc);
  EXPECT_EQ(b.size(), 1);
  EXPECT_EQ(b[0], 5);
}

TEST(Buffer, SizesWhoseByteCountOverflowsThrowInsteadOfWrapping) {
  // 2^62 eight-byte elements are 2^65 bytes, which would wrap to 0 in size_t: refused before
  // any allocation (so this runs under ASan too).
  Buffer<Index> b;
  b.push_back(5);
  EXPECT_THROW(b.reserve(Index{1} << 62), std::bad_alloc);
  EXPECT_THROW(b.resize((Index{1} << 62) + 1), std::bad_alloc);
  EXPECT_EQ(b.size(), 1);
  EXPECT_EQ(b[0], 5);
}

TEST(CsrBuffers, ViewSeesTheArrays) {
  CsrBuffers m;
  m.rows = 2;
  m.cols = 3;
  m.indptr.resize(3);
  m.indptr[0] = 0;
  m.indptr[1] = 2;
  m.indptr[2] = 3;
  m.indices.push_back(0);
  m.indices.push_back(2);
  m.indices.push_back(1);
  m.data.push_back(1.0);
  m.data.push_back(2.0);
  m.data.push_back(3.0);
  EXPECT_EQ(m.nnz(), 3);
  const CsrView v = m.view();
  EXPECT_EQ(v.rows(), 2);
  EXPECT_EQ(v.cols(), 3);
  EXPECT_EQ(v.nonZeros(), 3);
  EXPECT_EQ(v.outerIndexPtr(), m.indptr.data());
  EXPECT_EQ(v.innerIndexPtr(), m.indices.data());
  EXPECT_EQ(v.valuePtr(), m.data.data());
  EXPECT_EQ(v.coeff(0, 2), 2.0);
  EXPECT_EQ(v.coeff(1, 1), 3.0);
  EXPECT_EQ(v.coeff(1, 0), 0.0);
  EXPECT_EQ(row_size(v, 0), 2);
  EXPECT_EQ(row_size(v, 1), 1);
}

}  // namespace
}  // namespace cosignet
