#include "cosignet/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "cosignet/errors.hpp"

namespace cosignet {
namespace {

std::atomic<int> requested_threads{0};
std::atomic<bool (*)()> interrupt_check{nullptr};

using Clock = std::chrono::steady_clock;
constexpr auto check_interval = std::chrono::milliseconds(50);

// Per thread: is it a parallel_for() worker other than the caller, the stop flag of the loop
// it runs, and when the caller last ran the interrupt check.
thread_local bool is_helper_worker = false;
thread_local const std::atomic<bool>* current_stop = nullptr;
thread_local Clock::time_point last_interrupt_check = Clock::now();

// Runs the registered check on the calling thread if 50 ms have passed since the last one.
bool interrupt_requested() {
  bool (*const check)() = interrupt_check.load();
  if (check == nullptr || Clock::now() - last_interrupt_check < check_interval) return false;
  last_interrupt_check = Clock::now();
  return check();
}

int hardware_threads() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

}  // namespace

void set_num_threads(int n) {
  require(n >= 0, "num_threads must be >= 0 (0 means all cores), got " + std::to_string(n));
  requested_threads.store(n);
}

int get_num_threads() {
  const int n = requested_threads.load();
  return n > 0 ? n : hardware_threads();
}

void set_interrupt_check(bool (*check)()) {
  interrupt_check.store(check);
}

void check_interrupt() {
  if (current_stop != nullptr && current_stop->load(std::memory_order_relaxed)) throw Interrupted();
  if (!is_helper_worker && interrupt_requested()) throw Interrupted();
}

int parallel_workers(Index n_tasks) {
  return static_cast<int>(std::max<Index>(1, std::min<Index>(get_num_threads(), n_tasks)));
}

void parallel_for(Index n_tasks, const std::function<void(Index, int)>& body) {
  parallel_for(n_tasks, parallel_workers(n_tasks), body);
}

void parallel_for(Index n_tasks, int n_workers, const std::function<void(Index, int)>& body) {
  if (n_tasks <= 0) return;
  n_workers = static_cast<int>(std::max<Index>(1, std::min<Index>(n_workers, n_tasks)));
  std::atomic<Index> next_task{0};
  std::atomic<bool> stop{false};
  std::exception_ptr first_error;
  std::mutex error_mutex;

  auto record_error = [&](std::exception_ptr error) {
    const std::lock_guard<std::mutex> lock(error_mutex);
    if (!first_error) first_error = error;
    stop.store(true);
  };

  auto run = [&](int worker) {
    const bool was_helper = is_helper_worker;
    const std::atomic<bool>* const outer_stop = current_stop;
    is_helper_worker = was_helper || worker != 0;
    current_stop = &stop;
    while (!stop.load(std::memory_order_relaxed)) {
      if (!is_helper_worker && interrupt_requested()) {
        record_error(std::make_exception_ptr(Interrupted()));
        break;
      }
      const Index task = next_task.fetch_add(1);
      if (task >= n_tasks) break;
      try {
        body(task, worker);
      } catch (...) {
        record_error(std::current_exception());
      }
    }
    is_helper_worker = was_helper;
    current_stop = outer_stop;
  };

  std::vector<std::thread> threads;
  threads.reserve(static_cast<std::size_t>(n_workers - 1));
  try {
    for (int worker = 1; worker < n_workers; ++worker) threads.emplace_back(run, worker);
  } catch (...) {
    record_error(std::current_exception());  // could not start a thread: finish what runs
  }
  run(0);
  for (std::thread& thread : threads) thread.join();
  if (first_error) std::rethrow_exception(first_error);
}

}  // namespace cosignet
