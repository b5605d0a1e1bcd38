#include "cosignet/bicm.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <string>

#include "cosignet/errors.hpp"
#include "cosignet/parallel.hpp"

namespace cosignet {
namespace {

using Vector = Eigen::VectorXd;
using Matrix = Eigen::MatrixXd;

constexpr Scalar kInf = std::numeric_limits<Scalar>::infinity();

/// Classes no larger than this product are solved (the Fisher information is kept dense).
constexpr Index kMaxClassProduct = 50'000'000;

Scalar sigmoid(Scalar z) {
  return z >= 0 ? 1.0 / (1.0 + std::exp(-z)) : std::exp(z) / (1.0 + std::exp(z));
}

/// log(1 + e^z) without overflow.
Scalar softplus(Scalar z) {
  return z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z));
}

/// The classes still to be solved for, after forced ties are peeled off.
struct FreeProblem {
  std::vector<Index> row_class;  // index into the solution's row classes
  std::vector<Index> col_class;
  Vector row_count, col_count;    // nodes per class
  Vector row_target, col_target;  // residual degree per node
};

/// Newton's method on the classes of a free problem: theta (rows) and eta (columns).
class NewtonSolver {
 public:
  explicit NewtonSolver(const FreeProblem& problem)
      : p_(problem),
        theta_(static_cast<Eigen::Index>(problem.row_class.size())),
        eta_(static_cast<Eigen::Index>(problem.col_class.size())) {
    const Scalar edges = p_.row_count.dot(p_.row_target);
    const Scalar half_log = 0.5 * std::log(edges);
    // Chung-Lu start: x_i y_k ~ r_i c_k / E.
    for (Eigen::Index a = 0; a < theta_.size(); ++a)
      theta_[a] = std::log(p_.row_target[a]) - half_log;
    for (Eigen::Index c = 0; c < eta_.size(); ++c) eta_[c] = std::log(p_.col_target[c]) - half_log;
  }

  const Vector& theta() const { return theta_; }
  const Vector& eta() const { return eta_; }

  /// Runs until the largest degree error is below @p tolerance; returns the iterations used.
  int solve(Scalar tolerance, int max_iterations, Scalar& error) {
    evaluate(theta_, eta_);
    error = error_;
    int iteration = 0;
    while (error_ > tolerance && iteration < max_iterations) {
      check_interrupt();
      ++iteration;
      Vector step_theta, step_eta;
      newton_step(step_theta, step_eta);
      if (!line_search(step_theta, step_eta)) break;  // no progress is possible any more
      error = error_;
    }
    error = error_;
    return iteration;
  }

 private:
  /// Probabilities, their variances, degree residuals and the objective at (theta, eta).
  void evaluate(const Vector& theta, const Vector& eta) {
    const Eigen::Index nr = theta.size();
    const Eigen::Index nc = eta.size();
    prob_.resize(nr, nc);
    var_.resize(nr, nc);
    objective_ = 0.0;
    for (Eigen::Index c = 0; c < nc; ++c) {
      Scalar column_sum = 0.0;
      for (Eigen::Index a = 0; a < nr; ++a) {
        const Scalar z = theta[a] + eta[c];
        const Scalar pr = sigmoid(z);
        prob_(a, c) = pr;
        var_(a, c) = pr * (1.0 - pr);
        column_sum += p_.row_count[a] * softplus(z);
      }
      objective_ += p_.col_count[c] * column_sum;
    }
    objective_ -= p_.row_count.dot(p_.row_target.cwiseProduct(theta)) +
                  p_.col_count.dot(p_.col_target.cwiseProduct(eta));
    row_residual_ = prob_ * p_.col_count - p_.row_target;
    col_residual_ = prob_.transpose() * p_.row_count - p_.col_target;
    error_ = std::max(row_residual_.cwiseAbs().maxCoeff(), col_residual_.cwiseAbs().maxCoeff());
  }

  /// H v for the Fisher information H of the objective.
  void hessian_times(const Vector& vr, const Vector& vc, Vector& out_r, Vector& out_c) const {
    out_r = p_.row_count.cwiseProduct(var_ * p_.col_count.cwiseProduct(vc) +
                                      (var_ * p_.col_count).cwiseProduct(vr));
    out_c = p_.col_count.cwiseProduct(var_.transpose() * p_.row_count.cwiseProduct(vr) +
                                      (var_.transpose() * p_.row_count).cwiseProduct(vc));
  }

  /// Solves H d = -g by Jacobi-preconditioned conjugate gradients. H is singular along
  /// (1, -1) (theta + t, eta - t change nothing) and g is orthogonal to that direction, so CG
  /// converges; a tiny ridge keeps it clear of breakdown.
  void newton_step(Vector& dr, Vector& dc) const {
    const Vector gr = p_.row_count.cwiseProduct(row_residual_);
    const Vector gc = p_.col_count.cwiseProduct(col_residual_);
    const Vector diag_r =
        p_.row_count.cwiseProduct(var_ * p_.col_count).array() * (1 + 1e-12) + 1e-300;
    const Vector diag_c =
        p_.col_count.cwiseProduct(var_.transpose() * p_.row_count).array() * (1 + 1e-12) + 1e-300;
    dr = Vector::Zero(gr.size());
    dc = Vector::Zero(gc.size());
    Vector rr = -gr, rc = -gc;
    Vector zr = rr.cwiseQuotient(diag_r), zc = rc.cwiseQuotient(diag_c);
    Vector sr = zr, sc = zc;
    Scalar rz = rr.dot(zr) + rc.dot(zc);
    const Scalar norm0 = std::sqrt(rr.squaredNorm() + rc.squaredNorm());
    Vector hr, hc;
    const Eigen::Index limit = 2 * (gr.size() + gc.size()) + 50;
    for (Eigen::Index it = 0; it < limit; ++it) {
      hessian_times(sr, sc, hr, hc);
      hr += 1e-12 * diag_r.cwiseProduct(sr);
      hc += 1e-12 * diag_c.cwiseProduct(sc);
      const Scalar curvature = sr.dot(hr) + sc.dot(hc);
      if (!(curvature > 0)) break;
      const Scalar alpha = rz / curvature;
      dr += alpha * sr;
      dc += alpha * sc;
      rr -= alpha * hr;
      rc -= alpha * hc;
      if (std::sqrt(rr.squaredNorm() + rc.squaredNorm()) <= 1e-13 * norm0) break;
      zr = rr.cwiseQuotient(diag_r);
      zc = rc.cwiseQuotient(diag_c);
      const Scalar rz_next = rr.dot(zr) + rc.dot(zc);
      const Scalar beta = rz_next / rz;
      rz = rz_next;
      sr = zr + beta * sr;
      sc = zc + beta * sc;
    }
    if (!dr.allFinite() || !dc.allFinite()) {  // fall back to a scaled gradient step
      dr = -gr.cwiseQuotient(diag_r);
      dc = -gc.cwiseQuotient(diag_c);
    }
  }

  /// Backtracking: accept a step that decreases the objective enough (Armijo) or, near the
  /// solution where the objective is flat to rounding, one that shrinks the degree error.
  bool line_search(const Vector& dr, const Vector& dc) {
    const Vector gr = p_.row_count.cwiseProduct(row_residual_);
    const Vector gc = p_.col_count.cwiseProduct(col_residual_);
    const Scalar slope = gr.dot(dr) + gc.dot(dc);
    const Scalar f0 = objective_;
    const Scalar e0 = error_;
    const Vector theta0 = theta_, eta0 = eta_;
    Scalar t = 1.0;
    // Cap the step so no log-fitness moves by more than 10 at once.
    const Scalar largest = std::max(dr.cwiseAbs().maxCoeff(), dc.cwiseAbs().maxCoeff());
    if (largest > 10) t = 10 / largest;
    for (int tries = 0; tries < 60; ++tries, t *= 0.5) {
      theta_ = theta0 + t * dr;
      eta_ = eta0 + t * dc;
      evaluate(theta_, eta_);
      if (std::isfinite(objective_) && (objective_ <= f0 + 1e-4 * t * slope || error_ < e0)) {
        return true;
      }
    }
    theta_ = theta0;
    eta_ = eta0;
    evaluate(theta_, eta_);
    return false;
  }

  const FreeProblem& p_;
  Vector theta_, eta_;
  Matrix prob_, var_;
  Vector row_residual_, col_residual_;
  Scalar objective_ = 0.0;
  Scalar error_ = kInf;
};

void check_degrees(const std::vector<Index>& degrees, Index other_size, const char* side) {
  for (std::size_t i = 0; i < degrees.size(); ++i) {
    require(degrees[i] >= 0 && degrees[i] <= other_size, [&] {
      return std::string("BiCM: ") + side + " node " + std::to_string(i) + " has degree " +
             std::to_string(degrees[i]) + ", outside 0.." + std::to_string(other_size);
    });
  }
}

}  // namespace

DegreeClasses degree_classes(const std::vector<Index>& degrees) {
  DegreeClasses out;
  std::map<Index, Index> count;
  for (const Index d : degrees) {
    require(d >= 0, "degree_classes: degrees must be >= 0");
    ++count[d];
  }
  std::map<Index, Index> index;
  for (const auto& [degree, n] : count) {
    index[degree] = static_cast<Index>(out.degree.size());
    out.degree.push_back(degree);
    out.count.push_back(n);
  }
  out.class_of.reserve(degrees.size());
  for (const Index d : degrees) out.class_of.push_back(index[d]);
  return out;
}

Scalar BicmSolution::probability(Index row_class, Index col_class) const {
  const auto a = static_cast<std::size_t>(row_class);
  const auto c = static_cast<std::size_t>(col_class);
  const Index row_round = row_fixed_round[a];
  const Index col_round = col_fixed_round[c];
  if (row_round >= 0 && (col_round < 0 || row_round < col_round))
    return row_theta[a] > 0 ? 1.0 : 0.0;
  if (col_round >= 0) return col_theta[c] > 0 ? 1.0 : 0.0;
  return sigmoid(row_theta[a] + col_theta[c]);
}

BicmSolution solve_bicm(const std::vector<Index>& row_degrees,
                        const std::vector<Index>& col_degrees, const BicmOptions& options) {
  const auto n = static_cast<Index>(row_degrees.size());
  const auto m = static_cast<Index>(col_degrees.size());
  require(n > 0 && m > 0, "BiCM: both sides need at least one node");
  check_degrees(row_degrees, m, "row");
  check_degrees(col_degrees, n, "column");
  Index row_sum = 0, col_sum = 0;
  for (const Index d : row_degrees) row_sum += d;
  for (const Index d : col_degrees) col_sum += d;
  require(row_sum == col_sum, [&] {
    return "BiCM: the row degrees sum to " + std::to_string(row_sum) +
           " but the column degrees to " + std::to_string(col_sum);
  });
  BicmSolution out;
  out.rows = degree_classes(row_degrees);
  out.cols = degree_classes(col_degrees);
  const Index kr = out.rows.size();
  const Index kc = out.cols.size();
  out.row_theta.assign(static_cast<std::size_t>(kr), 0.0);
  out.col_theta.assign(static_cast<std::size_t>(kc), 0.0);

  // Peel forced classes: a node tied to none of the free nodes of the other side is fixed at
  // p = 0, one tied to all of them at p = 1, and the other side's residual degrees drop. A
  // pair of fixed classes takes the value of the one fixed first, whose degree the later one
  // was reduced by; theta and eta of +-inf encode that order in probability().
  std::vector<Index> row_fixed_at(static_cast<std::size_t>(kr), -1);  // peel round, -1 free
  std::vector<Index> col_fixed_at(static_cast<std::size_t>(kc), -1);
  std::vector<Scalar> row_value(static_cast<std::size_t>(kr), 0.0);
  std::vector<Scalar> col_value(static_cast<std::size_t>(kc), 0.0);
  Index free_rows = n, free_cols = m, ones_rows = 0, ones_cols = 0;
  for (Index round = 0;; round += 2) {
    bool changed = false;
    for (Index a = 0; a < kr; ++a) {
      if (row_fixed_at[a] >= 0) continue;
      const Index residual = out.rows.degree[a] - ones_cols;
      require(residual >= 0 && residual <= free_cols,
              "BiCM: the degree sequences cannot come from one bipartite graph");
      if (residual == 0 || residual == free_cols) {
        row_fixed_at[a] = round;
        row_value[a] = residual == 0 ? 0.0 : 1.0;
        free_rows -= out.rows.count[a];
        if (residual > 0) ones_rows += out.rows.count[a];
        changed = true;
      }
    }
    for (Index c = 0; c < kc; ++c) {
      if (col_fixed_at[c] >= 0) continue;
      const Index residual = out.cols.degree[c] - ones_rows;
      require(residual >= 0 && residual <= free_rows,
              "BiCM: the degree sequences cannot come from one bipartite graph");
      if (residual == 0 || residual == free_rows) {
        col_fixed_at[c] = round + 1;
        col_value[c] = residual == 0 ? 0.0 : 1.0;
        free_cols -= out.cols.count[c];
        if (residual > 0) ones_cols += out.cols.count[c];
        changed = true;
      }
    }
    if (!changed) break;
  }

  FreeProblem problem;
  for (Index a = 0; a < kr; ++a) {
    if (row_fixed_at[a] < 0) problem.row_class.push_back(a);
  }
  for (Index c = 0; c < kc; ++c) {
    if (col_fixed_at[c] < 0) problem.col_class.push_back(c);
  }
  const auto fr = static_cast<Eigen::Index>(problem.row_class.size());
  const auto fc = static_cast<Eigen::Index>(problem.col_class.size());
  if (static_cast<Index>(fr) * static_cast<Index>(fc) > kMaxClassProduct) {
    throw TooLarge("BiCM: " + std::to_string(fr) + " x " + std::to_string(fc) +
                   " degree classes would need a " +
                   std::to_string(16 * static_cast<Index>(fr) * static_cast<Index>(fc) >> 20) +
                   " MiB working set; at most " + std::to_string(kMaxClassProduct) +
                   " class pairs are solved");
  }
  if (fr > 0 && fc > 0) {
    problem.row_count.resize(fr);
    problem.row_target.resize(fr);
    problem.col_count.resize(fc);
    problem.col_target.resize(fc);
    for (Eigen::Index a = 0; a < fr; ++a) {
      const Index cls = problem.row_class[static_cast<std::size_t>(a)];
      problem.row_count[a] = static_cast<Scalar>(out.rows.count[cls]);
      problem.row_target[a] = static_cast<Scalar>(out.rows.degree[cls] - ones_cols);
    }
    for (Eigen::Index c = 0; c < fc; ++c) {
      const Index cls = problem.col_class[static_cast<std::size_t>(c)];
      problem.col_count[c] = static_cast<Scalar>(out.cols.count[cls]);
      problem.col_target[c] = static_cast<Scalar>(out.cols.degree[cls] - ones_rows);
    }
    NewtonSolver solver(problem);
    Scalar error = kInf;
    out.iterations = solver.solve(options.tolerance, options.max_iterations, error);
    out.max_degree_error = error;
    if (!(error <= options.tolerance)) {
      throw ConvergenceFailure(
          "BiCM: no fitnesses reproduce these degrees (largest degree error " +
          std::to_string(error) + " after " + std::to_string(out.iterations) +
          " Newton steps); the degree sequences may admit so few graphs that some ties are "
          "certain or impossible: fixed_row() and fixed_fill() need no fitnesses");
    }
    for (Eigen::Index a = 0; a < fr; ++a) {
      out.row_theta[static_cast<std::size_t>(problem.row_class[static_cast<std::size_t>(a)])] =
          solver.theta()[a];
    }
    for (Eigen::Index c = 0; c < fc; ++c) {
      out.col_theta[static_cast<std::size_t>(problem.col_class[static_cast<std::size_t>(c)])] =
          solver.eta()[c];
    }
  }
  // Fixed classes: +-inf; probability() lets the earlier of two fixed classes decide.
  for (Index a = 0; a < kr; ++a) {
    if (row_fixed_at[a] >= 0) out.row_theta[a] = row_value[a] > 0 ? kInf : -kInf;
  }
  for (Index c = 0; c < kc; ++c) {
    if (col_fixed_at[c] >= 0) out.col_theta[c] = col_value[c] > 0 ? kInf : -kInf;
  }
  out.row_fixed_round = std::move(row_fixed_at);
  out.col_fixed_round = std::move(col_fixed_at);
  return out;
}

}  // namespace cosignet
