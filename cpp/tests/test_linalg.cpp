#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <atomic>
#include <chrono>
#include <cmath>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "cosignet/errors.hpp"
#include "cosignet/linalg.hpp"
#include "cosignet/parallel.hpp"
#include "test_util.hpp"

namespace cosignet {
namespace {

using test::Csr;
using test::Edge;
using test::undirected;

/// Restores the default thread count and clears the interrupt check after each test.
class Linalg : public ::testing::Test {
 protected:
  void TearDown() override {
    set_interrupt_check(nullptr);
    set_num_threads(0);
  }
};

/// y = M x for a dense matrix.
LinearOperator dense_operator(const Eigen::MatrixXd& m) {
  return [m](Eigen::Ref<const Vector> x, Vector& y) { y = m * x; };
}

/// y = A x for a CSR matrix, through multiply().
struct SparseOperator {
  explicit SparseOperator(const Csr& m) : matrix(m), view(m.view()), blocks(view) {}
  LinearOperator op() const {
    return [this](Eigen::Ref<const Vector> x, Vector& y) { multiply(view, blocks, x, y); };
  }
  const Csr& matrix;
  CsrView view;
  RowBlocks blocks;
};

Eigen::MatrixXd random_symmetric(Index n, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> value(-1.0, 1.0);
  Eigen::MatrixXd m(n, n);
  for (Index i = 0; i < n; ++i) {
    for (Index j = 0; j <= i; ++j) m(i, j) = m(j, i) = value(rng);
  }
  return m;
}

/// |<a, b>| close to 1 for unit vectors: the same direction up to sign.
void expect_same_direction(const Vector& a, const Vector& b, Scalar tol) {
  ASSERT_EQ(a.size(), b.size());
  const Scalar sign = a.dot(b) < 0 ? -1.0 : 1.0;
  EXPECT_LE((a - sign * b).lpNorm<Eigen::Infinity>(), tol);
}

// ------------------------------------------------------------------------ multiply, RowBlocks

TEST_F(Linalg, MultiplyMatchesARowByRowSum) {
  // Large enough (about 72,000 entries) for several row blocks.
  const Csr a = undirected(1200, test::random_edges(1200, 0.05, 1, 9));
  ASSERT_GT(a.indices.size(), 2u << 15);
  Vector x(1200);
  for (Index i = 0; i < 1200; ++i) x[i] = std::sin(static_cast<double>(i));
  Vector expected(1200);
  for (Index r = 0; r < 1200; ++r) {
    Scalar sum = 0;
    for (Index e = a.indptr[static_cast<std::size_t>(r)];
         e < a.indptr[static_cast<std::size_t>(r + 1)]; ++e) {
      sum += a.data[static_cast<std::size_t>(e)] * x[a.indices[static_cast<std::size_t>(e)]];
    }
    expected[r] = sum;
  }
  const CsrView view = a.view();
  const RowBlocks blocks(view);
  for (const int threads : {1, 2, 3}) {
    set_num_threads(threads);
    Vector y;
    multiply(view, blocks, x, y);
    ASSERT_EQ(y.size(), 1200);
    EXPECT_TRUE(test::same_bits(y.data(), expected.data(), 1200)) << threads << " threads";
  }
  // And it is the matrix product.
  EXPECT_LE((test::dense(a) * x - expected).norm(), 1e-10 * expected.norm());
}

TEST_F(Linalg, MultiplySmallAndEmptyMatrices) {
  const Csr a = undirected(4, {{0, 1, 2.0}, {1, 2, 3.0}});  // node 3 has no entries
  const CsrView view = a.view();
  const RowBlocks blocks(view);
  Vector x(4);
  x << 1, 10, 100, 1000;
  Vector y;
  multiply(view, blocks, x, y);
  EXPECT_EQ(y, (Vector(4) << 20, 302, 30, 0).finished());
  const Csr empty = undirected(0, {});
  const CsrView empty_view = empty.view();
  const RowBlocks empty_blocks(empty_view);
  Vector none(0);
  multiply(empty_view, empty_blocks, none, y);
  EXPECT_EQ(y.size(), 0);
}

TEST_F(Linalg, MultiplyAColumnOfALargerMatrix) {
  const Csr a = undirected(3, {{0, 1, 1.0}, {1, 2, 1.0}});
  const CsrView view = a.view();
  const RowBlocks blocks(view);
  Eigen::MatrixXd columns(3, 2);
  columns << 1, 4, 2, 5, 3, 6;
  Vector y;
  multiply(view, blocks, columns.col(1), y);
  EXPECT_EQ(y, (Vector(3) << 5, 10, 5).finished());
}

// ------------------------------------------------------------------------ leading_eigenpair

TEST_F(Linalg, LeadingEigenpairOfADenseSymmetricMatrix) {
  for (const unsigned seed : {1u, 2u, 3u}) {
    const Eigen::MatrixXd m = random_symmetric(8, seed);
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(m);
    const Eigenpair pair = leading_eigenpair(dense_operator(m), Vector::Ones(8), 1e-12, 1000);
    EXPECT_NEAR(pair.value, solver.eigenvalues()[7], 1e-10) << seed;
    EXPECT_NEAR(pair.vector.norm(), 1.0, 1e-12);
    expect_same_direction(pair.vector, solver.eigenvectors().col(7), 1e-8);
    EXPECT_GE(pair.iterations, 1);
    EXPECT_LE((m * pair.vector - pair.value * pair.vector).norm(), 1e-9);
  }
}

TEST_F(Linalg, LeadingMeansLargestAlgebraicNotLargestMagnitude) {
  // Eigenvalues -5, 1 and 2 in a rotated basis: the leading one is 2.
  const Eigen::MatrixXd q =
      Eigen::HouseholderQR<Eigen::MatrixXd>(random_symmetric(3, 4)).householderQ();
  const Eigen::MatrixXd m = q * Eigen::Vector3d(-5, 1, 2).asDiagonal() * q.transpose();
  const Eigenpair pair = leading_eigenpair(dense_operator(m), Vector::Ones(3), 1e-12, 1000);
  EXPECT_NEAR(pair.value, 2.0, 1e-10);
  expect_same_direction(pair.vector, q.col(2), 1e-8);
}

TEST_F(Linalg, LeadingEigenpairNeedingRestarts) {
  // 200 eigenvalues 1.000 .. 2.990 with a top gap of 0.01: more than the 40 Lanczos steps of
  // one cycle are needed, so the method restarts from its Ritz vector.
  const Index n = 200;
  Vector diagonal(n);
  for (Index i = 0; i < n; ++i) diagonal[i] = 1.0 + 0.01 * static_cast<double>(i);
  const LinearOperator op = [&](Eigen::Ref<const Vector> x, Vector& y) {
    y = diagonal.cwiseProduct(x);
  };
  Vector start(n);
  for (Index i = 0; i < n; ++i) start[i] = 1.0 + 0.5 * std::cos(static_cast<double>(i));
  const Eigenpair pair = leading_eigenpair(op, start, 1e-12, 100000);
  EXPECT_NEAR(pair.value, diagonal[n - 1], 1e-10);
  EXPECT_NEAR(std::abs(pair.vector[n - 1]), 1.0, 1e-6);
  EXPECT_GT(pair.iterations, 40);
}

TEST_F(Linalg, DisconnectedGraphKeepsTheLargerComponent) {
  // A triangle (0..2) and a four-clique (3..6): the top eigenvalue 3 belongs to the clique only.
  std::vector<Edge> edges = test::complete_edges(3);
  for (const Edge& e : test::complete_edges(4, 3)) edges.push_back(e);
  const Csr g = undirected(7, edges);
  const SparseOperator a(g);
  const Eigenpair pair = leading_eigenpair(a.op(), Vector::Ones(7), 1e-12, 1000);
  EXPECT_NEAR(pair.value, 3.0, 1e-12);
  const Scalar sign = pair.vector.sum() < 0 ? -1.0 : 1.0;
  for (Index v = 0; v < 3; ++v) EXPECT_NEAR(sign * pair.vector[v], 0.0, 1e-10) << v;
  for (Index v = 3; v < 7; ++v) EXPECT_NEAR(sign * pair.vector[v], 0.5, 1e-10) << v;
}

TEST_F(Linalg, RepeatedTopEigenvalueGivesThePowerIterationLimit) {
  // Two equal triangles: eigenvalue 2 twice; from the all-ones start, the uniform vector.
  std::vector<Edge> edges = test::complete_edges(3);
  for (const Edge& e : test::complete_edges(3, 3)) edges.push_back(e);
  const Csr g = undirected(6, edges);
  const SparseOperator a(g);
  const Eigenpair pair = leading_eigenpair(a.op(), Vector::Ones(6), 1e-12, 1000);
  EXPECT_NEAR(pair.value, 2.0, 1e-12);
  expect_same_direction(pair.vector, Vector::Constant(6, 1 / std::sqrt(6.0)), 1e-12);
  // Two triangles of different weights (1 and 2): eigenvalues 2 and 4; the heavier one wins.
  std::vector<Edge> weighted = test::complete_edges(3);
  for (const Edge& e : test::complete_edges(3, 3)) weighted.push_back({e.u, e.v, 2.0});
  const Csr h = undirected(6, weighted);
  const SparseOperator b(h);
  const Eigenpair heavy = leading_eigenpair(b.op(), Vector::Ones(6), 1e-12, 1000);
  EXPECT_NEAR(heavy.value, 4.0, 1e-12);
  Vector expected(6);
  expected << 0, 0, 0, 1, 1, 1;
  expect_same_direction(heavy.vector, expected / std::sqrt(3.0), 1e-10);
}

TEST_F(Linalg, GraphWithoutEdges) {
  const Csr g = undirected(5, {});
  const SparseOperator a(g);
  const Eigenpair pair = leading_eigenpair(a.op(), Vector::Ones(5), 1e-12, 1000);
  EXPECT_EQ(pair.value, 0.0);
  ASSERT_EQ(pair.vector.size(), 5);
  for (Index v = 0; v < 5; ++v) EXPECT_NEAR(pair.vector[v], 1 / std::sqrt(5.0), 1e-15);
  EXPECT_EQ(pair.iterations, 1);
}

TEST_F(Linalg, EmptyOperatorAndBadStart) {
  const Eigenpair none =
      leading_eigenpair(dense_operator(Eigen::MatrixXd(0, 0)), Vector(0), 1e-12, 10);
  EXPECT_EQ(none.value, 0.0);
  EXPECT_EQ(none.vector.size(), 0);
  const Eigen::MatrixXd m = random_symmetric(4, 1);
  EXPECT_THROW(leading_eigenpair(dense_operator(m), Vector::Zero(4), 1e-12, 10), InvalidInput);
  Vector nan_start = Vector::Ones(4);
  nan_start[2] = std::nan("");
  EXPECT_THROW(leading_eigenpair(dense_operator(m), nan_start, 1e-12, 10), InvalidInput);
}

TEST_F(Linalg, LeadingEigenpairConvergenceFailureNamesTheProducts) {
  const Eigen::MatrixXd m = random_symmetric(60, 7);
  for (const Index max_iter : {1, 3, 7}) {
    try {
      leading_eigenpair(dense_operator(m), Vector::Ones(60), 1e-14, max_iter);
      FAIL() << "expected ConvergenceFailure with max_iter " << max_iter;
    } catch (const ConvergenceFailure& e) {
      const std::string message = e.what();
      EXPECT_NE(message.find(std::to_string(max_iter) + " matrix-vector products"),
                std::string::npos)
          << message;
      EXPECT_NE(message.find("residual"), std::string::npos) << message;
    }
  }
}

TEST_F(Linalg, LeadingEigenpairIsTheSameForEveryThreadCount) {
  const Csr g = undirected(1200, test::random_edges(1200, 0.05, 2, 5));
  const SparseOperator a(g);
  set_num_threads(1);
  const Eigenpair one = leading_eigenpair(a.op(), Vector::Ones(1200), 1e-10, 10000);
  for (const int threads : {2, 3}) {
    set_num_threads(threads);
    const Eigenpair more = leading_eigenpair(a.op(), Vector::Ones(1200), 1e-10, 10000);
    EXPECT_EQ(more.value, one.value);
    EXPECT_EQ(more.iterations, one.iterations);
    EXPECT_TRUE(test::same_bits(more.vector.data(), one.vector.data(), 1200)) << threads;
  }
}

std::atomic<int> check_calls{0};
bool always_interrupt() {
  ++check_calls;
  return true;
}

TEST_F(Linalg, LeadingEigenpairHonoursInterrupts) {
  // Each product takes 2 ms and the method would need thousands of them: the interrupt check
  // (run at most every 50 ms) stops it.
  const Index n = 200;
  Vector diagonal(n);
  for (Index i = 0; i < n; ++i) diagonal[i] = 1.0 + 1e-6 * static_cast<double>(i);
  const LinearOperator slow = [&](Eigen::Ref<const Vector> x, Vector& y) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    y = diagonal.cwiseProduct(x);
  };
  check_calls = 0;
  set_interrupt_check(&always_interrupt);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(leading_eigenpair(slow, Vector::Ones(n) + diagonal, 1e-15, 1000000), Interrupted);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(elapsed, std::chrono::milliseconds(1000));
  EXPECT_EQ(check_calls.load(), 1);
}

// ----------------------------------------------------------------------- conjugate_gradient

Eigen::MatrixXd random_spd(Index n, unsigned seed) {
  const Eigen::MatrixXd b = random_symmetric(n, seed);
  return b * b.transpose() + 0.5 * Eigen::MatrixXd::Identity(n, n);
}

TEST_F(Linalg, ConjugateGradientMatchesADenseSolve) {
  for (const unsigned seed : {1u, 2u}) {
    const Eigen::MatrixXd m = random_spd(30, seed);
    const Vector b = Vector::LinSpaced(30, -1.0, 2.0);
    const Vector expected = m.ldlt().solve(b);
    Vector x = Vector::Zero(30);
    const Index iterations = conjugate_gradient(dense_operator(m), b, x, 1e-13, 1000, "test");
    EXPECT_GT(iterations, 0);
    EXPECT_LE((x - expected).norm(), 1e-9 * expected.norm()) << seed;
    EXPECT_LE((m * x - b).norm(), 1e-12 * b.norm() * 10);
  }
}

TEST_F(Linalg, ConjugateGradientOnASparseSystem) {
  // I + L, L the Laplacian of a random graph: sparse and positive definite.
  const Csr g = undirected(200, test::random_edges(200, 0.03, 3, 4));
  const Eigen::MatrixXd a = test::dense(g);
  Eigen::MatrixXd m = -a;
  for (Index i = 0; i < 200; ++i) m(i, i) = 1 + a.row(i).sum();
  const SparseOperator adjacency(g);
  const LinearOperator adj = adjacency.op();
  Vector degree = a.rowwise().sum();
  const LinearOperator system = [&](Eigen::Ref<const Vector> x, Vector& y) {
    Vector ax;
    adj(x, ax);
    y = x + degree.cwiseProduct(x) - ax;
  };
  Vector b(200);
  for (Index i = 0; i < 200; ++i) b[i] = std::cos(static_cast<double>(i));
  Vector x = Vector::Zero(200);
  conjugate_gradient(system, b, x, 1e-12, 1000, "laplacian");
  const Vector expected = m.ldlt().solve(b);
  EXPECT_LE((x - expected).norm(), 1e-9 * expected.norm());
}

TEST_F(Linalg, ConjugateGradientStartsFromTheGivenX) {
  const Eigen::MatrixXd m = random_spd(10, 5);
  const Vector b = Vector::Ones(10);
  Vector exact = m.ldlt().solve(b);
  Vector x = exact;
  // Already solved to a loose tolerance: no iteration.
  EXPECT_EQ(conjugate_gradient(dense_operator(m), b, x, 1e-6, 100, "test"), 0);
  EXPECT_EQ(x, exact);
  // A zero right-hand side gives zero whatever the start.
  Vector y = Vector::Ones(10);
  EXPECT_EQ(conjugate_gradient(dense_operator(m), Vector::Zero(10), y, 1e-12, 100, "test"), 0);
  EXPECT_EQ(y, Vector::Zero(10));
}

TEST_F(Linalg, ConjugateGradientRejectsIndefiniteSystems) {
  for (const Eigen::MatrixXd& m : {Eigen::MatrixXd(-Eigen::MatrixXd::Identity(3, 3)),
                                   Eigen::MatrixXd(Eigen::Vector2d(1.0, -1.0).asDiagonal())}) {
    Vector x = Vector::Zero(m.rows());
    try {
      conjugate_gradient(dense_operator(m), Vector::Ones(m.rows()), x, 1e-12, 100, "katz");
      FAIL() << "expected ConvergenceFailure";
    } catch (const ConvergenceFailure& e) {
      EXPECT_STREQ(e.what(), "katz: the linear system is not positive definite");
    }
  }
}

TEST_F(Linalg, ConjugateGradientConvergenceFailureNamesTheIterations) {
  // Condition number 1e8 with spread eigenvalues: 2 iterations cannot reach 1e-12.
  Vector diagonal(50);
  for (Index i = 0; i < 50; ++i) diagonal[i] = std::pow(10.0, 8.0 * static_cast<double>(i) / 49);
  const Eigen::MatrixXd m = diagonal.asDiagonal();
  Vector x = Vector::Zero(50);
  try {
    conjugate_gradient(dense_operator(m), Vector::Ones(50), x, 1e-12, 2, "pagerank");
    FAIL() << "expected ConvergenceFailure";
  } catch (const ConvergenceFailure& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.rfind("pagerank did not converge in 2 iterations", 0), 0u) << message;
    EXPECT_NE(message.find("relative residual"), std::string::npos) << message;
  }
}

TEST_F(Linalg, ConjugateGradientHonoursInterrupts) {
  Vector diagonal(400);
  for (Index i = 0; i < 400; ++i) diagonal[i] = 1.0 + static_cast<double>(i * i);
  const LinearOperator slow = [&](Eigen::Ref<const Vector> x, Vector& y) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    y = diagonal.cwiseProduct(x);
  };
  check_calls = 0;
  set_interrupt_check(&always_interrupt);
  Vector x = Vector::Zero(400);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(conjugate_gradient(slow, Vector::Ones(400), x, 1e-16, 1000000, "test"), Interrupted);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(1000));
  EXPECT_EQ(check_calls.load(), 1);
}

}  // namespace
}  // namespace cosignet
