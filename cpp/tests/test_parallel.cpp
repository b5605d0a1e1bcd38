#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "cosignet/errors.hpp"
#include "cosignet/parallel.hpp"
#include "cosignet/types.hpp"

namespace cosignet {
namespace {

/// Restores the default thread count and clears the interrupt check after each test.
class Parallel : public ::testing::Test {
 protected:
  void TearDown() override {
    set_interrupt_check(nullptr);
    set_num_threads(0);
  }
};

TEST_F(Parallel, NumThreadsRoundTrip) {
  set_num_threads(3);
  EXPECT_EQ(get_num_threads(), 3);
  set_num_threads(1);
  EXPECT_EQ(get_num_threads(), 1);
  set_num_threads(0);  // default: all hardware threads, at least one
  const unsigned hardware = std::thread::hardware_concurrency();
  EXPECT_EQ(get_num_threads(), hardware == 0 ? 1 : static_cast<int>(hardware));
}

TEST_F(Parallel, NegativeNumThreadsThrows) {
  set_num_threads(2);
  EXPECT_THROW(set_num_threads(-1), InvalidInput);
  EXPECT_EQ(get_num_threads(), 2);  // unchanged
  // InvalidInput is a cosignet::Error and a std::runtime_error.
  EXPECT_THROW(set_num_threads(-5), Error);
  EXPECT_THROW(set_num_threads(-5), std::runtime_error);
}

TEST_F(Parallel, WorkersAreBoundedByTasksAndThreads) {
  set_num_threads(4);
  EXPECT_EQ(parallel_workers(0), 1);
  EXPECT_EQ(parallel_workers(-3), 1);
  EXPECT_EQ(parallel_workers(1), 1);
  EXPECT_EQ(parallel_workers(3), 3);
  EXPECT_EQ(parallel_workers(4), 4);
  EXPECT_EQ(parallel_workers(1000), 4);
  set_num_threads(1);
  EXPECT_EQ(parallel_workers(1000), 1);
}

TEST_F(Parallel, ZeroOrNegativeTasksRunNothing) {
  std::atomic<int> calls{0};
  parallel_for(0, [&](Index, int) { ++calls; });
  parallel_for(-7, [&](Index, int) { ++calls; });
  EXPECT_EQ(calls.load(), 0);
}

TEST_F(Parallel, EveryTaskRunsExactlyOnce) {
  for (const int threads : {1, 2, 4, 7}) {
    set_num_threads(threads);
    const Index n = 10007;
    std::vector<std::atomic<int>> runs(static_cast<std::size_t>(n));
    std::vector<std::atomic<int>> per_worker(static_cast<std::size_t>(threads));
    std::atomic<int> bad_worker{0};
    parallel_for(n, [&](Index task, int worker) {
      runs[static_cast<std::size_t>(task)].fetch_add(1);
      if (worker < 0 || worker >= threads) {
        bad_worker.fetch_add(1);
      } else {
        per_worker[static_cast<std::size_t>(worker)].fetch_add(1);
      }
    });
    EXPECT_EQ(bad_worker.load(), 0) << threads << " threads";
    for (Index t = 0; t < n; ++t) {
      ASSERT_EQ(runs[static_cast<std::size_t>(t)].load(), 1) << "task " << t;
    }
    int total = 0;
    for (const auto& count : per_worker) total += count.load();
    EXPECT_EQ(total, n);
  }
}

TEST_F(Parallel, FewerTasksThanThreads) {
  set_num_threads(8);
  std::vector<std::atomic<int>> runs(3);
  std::atomic<int> max_worker{-1};
  parallel_for(3, [&](Index task, int worker) {
    runs[static_cast<std::size_t>(task)].fetch_add(1);
    int seen = max_worker.load();
    while (worker > seen && !max_worker.compare_exchange_weak(seen, worker)) {
    }
  });
  for (const auto& r : runs) EXPECT_EQ(r.load(), 1);
  EXPECT_LT(max_worker.load(), 3);  // at most parallel_workers(3) == 3 workers
}

TEST_F(Parallel, ExplicitWorkerCountBoundsWorkerIndices) {
  set_num_threads(8);  // ignored: the explicit count wins
  for (const int workers : {-2, 0, 1, 2, 3}) {
    const Index n = 500;
    std::vector<std::atomic<int>> runs(static_cast<std::size_t>(n));
    std::atomic<int> max_worker{-1};
    parallel_for(n, workers, [&](Index task, int worker) {
      runs[static_cast<std::size_t>(task)].fetch_add(1);
      int seen = max_worker.load();
      while (worker > seen && !max_worker.compare_exchange_weak(seen, worker)) {
      }
    });
    for (const auto& r : runs) ASSERT_EQ(r.load(), 1);
    EXPECT_LT(max_worker.load(), std::max(1, workers)) << workers << " workers";
  }
  std::atomic<int> runs_of_few{0};
  parallel_for(2, 16, [&](Index, int worker) {
    EXPECT_LT(worker, 2);  // never more workers than tasks
    ++runs_of_few;
  });
  EXPECT_EQ(runs_of_few.load(), 2);
}

TEST_F(Parallel, ThreadCountChangedDuringLoop) {
  // Another thread changes the thread count while loops run; worker indices must stay below
  // the count the caller sized its per-worker storage with.
  std::atomic<bool> done{false};
  std::thread toggler([&] {
    for (int i = 0; !done.load(); ++i) set_num_threads(i % 2 == 0 ? 1 : 6);
  });
  bool ok = true;
  for (int round = 0; round < 200 && ok; ++round) {
    const int workers = parallel_workers(64);
    std::vector<int> per_worker(static_cast<std::size_t>(workers), 0);
    std::atomic<bool> out_of_range{false};
    parallel_for(64, workers, [&](Index, int worker) {
      if (worker >= workers) {
        out_of_range = true;
      } else {
        ++per_worker[static_cast<std::size_t>(worker)];  // one writer per worker
      }
    });
    ok = !out_of_range.load();
  }
  done = true;
  toggler.join();
  EXPECT_TRUE(ok);
}

TEST_F(Parallel, SingleThreadRunsTasksInOrderOnTheCaller) {
  set_num_threads(1);
  std::vector<Index> order;
  const auto caller = std::this_thread::get_id();
  bool on_caller = true;
  parallel_for(50, [&](Index task, int worker) {
    order.push_back(task);
    on_caller = on_caller && worker == 0 && std::this_thread::get_id() == caller;
  });
  ASSERT_EQ(order.size(), 50u);
  for (Index i = 0; i < 50; ++i) EXPECT_EQ(order[static_cast<std::size_t>(i)], i);
  EXPECT_TRUE(on_caller);
}

TEST_F(Parallel, RethrowsTheFirstExceptionAndStops) {
  set_num_threads(1);  // deterministic order: task 3 throws first
  std::vector<Index> ran;
  try {
    parallel_for(100, [&](Index task, int) {
      ran.push_back(task);
      if (task == 3) throw std::logic_error("task 3");
      if (task == 5) throw std::logic_error("task 5");
    });
    FAIL() << "expected an exception";
  } catch (const std::logic_error& e) {
    EXPECT_STREQ(e.what(), "task 3");
  }
  EXPECT_EQ(ran, (std::vector<Index>{0, 1, 2, 3}));  // no task is started after the error
}

TEST_F(Parallel, RethrowsExceptionFromAWorkerThread) {
  set_num_threads(4);
  std::atomic<int> started{0};
  try {
    // A helper thread fails on its first task; the caller's tasks are slow, so the loop
    // cannot finish before the failure whatever the scheduling (2 cores under sanitizers).
    parallel_for(100000, [&](Index, int worker) {
      started.fetch_add(1);
      if (worker != 0) throw InvalidInput("bad task on a helper");
      std::this_thread::sleep_for(std::chrono::microseconds(100));
    });
    FAIL() << "expected an exception";
  } catch (const InvalidInput& e) {
    EXPECT_STREQ(e.what(), "bad task on a helper");
  }
  // The error stops the loop: only tasks already handed out run, not all 100000.
  EXPECT_LT(started.load(), 100000);
}

TEST_F(Parallel, OnlyOneOfManyExceptionsIsRethrown) {
  set_num_threads(4);
  std::atomic<int> thrown{0};
  try {
    parallel_for(64, [&](Index task, int) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
      thrown.fetch_add(1);
      throw std::runtime_error("task " + std::to_string(task));
    });
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()).rfind("task ", 0), 0u);
  }
  EXPECT_GE(thrown.load(), 1);
  EXPECT_LE(thrown.load(), 4);  // each worker stops after its first failing task at the latest
}

std::atomic<int> check_calls{0};
std::thread::id check_thread;
bool always_interrupt() {
  ++check_calls;
  check_thread = std::this_thread::get_id();
  return true;
}
bool never_interrupt() {
  ++check_calls;
  return false;
}

TEST_F(Parallel, InterruptCheckStopsTheLoop) {
  for (const int threads : {1, 2}) {
    set_num_threads(threads);
    check_calls = 0;
    set_interrupt_check(&always_interrupt);
    std::atomic<int> ran{0};
    const Index n = 2000;  // 2000 x 1 ms / threads: far longer than the 50 ms check period
    EXPECT_THROW(parallel_for(n,
                              [&](Index, int) {
                                ran.fetch_add(1);
                                std::this_thread::sleep_for(std::chrono::milliseconds(1));
                              }),
                 Interrupted);
    EXPECT_GE(check_calls.load(), 1);
    EXPECT_EQ(check_thread, std::this_thread::get_id());  // checked on the calling thread
    EXPECT_LT(ran.load(), n);
    EXPECT_GT(ran.load(), 0);
    set_interrupt_check(nullptr);
  }
  // Interrupted is a cosignet::Error with a fixed message.
  EXPECT_STREQ(Interrupted().what(), "interrupted");
}

TEST_F(Parallel, ClearedInterruptCheckIsNotCalled) {
  set_num_threads(2);
  check_calls = 0;
  set_interrupt_check(&always_interrupt);
  set_interrupt_check(nullptr);
  std::atomic<int> ran{0};
  parallel_for(100, [&](Index, int) {
    ran.fetch_add(1);
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  });
  EXPECT_EQ(ran.load(), 100);
  EXPECT_EQ(check_calls.load(), 0);
}

TEST_F(Parallel, FalseInterruptCheckLetsTheLoopFinish) {
  set_num_threads(2);
  check_calls = 0;
  set_interrupt_check(&never_interrupt);
  std::atomic<int> ran{0};
  parallel_for(200, [&](Index, int) {
    ran.fetch_add(1);
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  });
  EXPECT_EQ(ran.load(), 200);
  EXPECT_GE(check_calls.load(), 1);  // ~100 ms of work on worker 0: checked at least once
}

// -------------------------------------------------------------------------- check_interrupt

using Clock = std::chrono::steady_clock;

// The check reports an interrupt from its interrupt_on_call-th call on; records its threads.
std::atomic<int> interrupt_on_call{1};
std::atomic<int> calls_off_caller{0};
std::thread::id caller_thread;
Clock::time_point interrupted_at;
bool interrupt_after_n_calls() {
  const int call = ++check_calls;
  if (std::this_thread::get_id() != caller_thread) ++calls_off_caller;
  if (call < interrupt_on_call.load()) return false;
  interrupted_at = Clock::now();
  return true;
}

void use_check(int interrupt_on) {
  check_calls = 0;
  calls_off_caller = 0;
  interrupt_on_call = interrupt_on;
  caller_thread = std::this_thread::get_id();
  set_interrupt_check(&interrupt_after_n_calls);
}

TEST_F(Parallel, CheckInterruptWithoutACheckNeverThrows) {
  set_interrupt_check(nullptr);
  const auto start = Clock::now();
  while (Clock::now() - start < std::chrono::milliseconds(60)) EXPECT_NO_THROW(check_interrupt());
  set_interrupt_check(&never_interrupt);
  const auto again = Clock::now();
  while (Clock::now() - again < std::chrono::milliseconds(60)) EXPECT_NO_THROW(check_interrupt());
}

TEST_F(Parallel, CheckInterruptStopsAnIterativeLoopPromptly) {
  // A loop calling check_interrupt() between steps: the first check runs within 50 ms and
  // reports the interrupt, which is thrown at once.
  use_check(1);
  const auto start = Clock::now();
  long steps = 0;
  bool thrown = false;
  try {
    while (Clock::now() - start < std::chrono::seconds(5)) {
      check_interrupt();
      ++steps;
    }
  } catch (const Interrupted&) {
    thrown = true;
  }
  const auto caught = Clock::now();
  ASSERT_TRUE(thrown) << "check_interrupt() never threw";
  EXPECT_EQ(check_calls.load(), 1);
  EXPECT_LT(caught - start, std::chrono::milliseconds(100));          // 50 ms period plus slack
  EXPECT_LT(caught - interrupted_at, std::chrono::milliseconds(10));  // thrown at once
  EXPECT_GT(steps, 0);  // the check is rate limited, not run on every call
}

TEST_F(Parallel, CheckInterruptRunsTheCheckAtMostEvery50Ms) {
  // The check says "interrupt" on its third call: that takes at least two 50 ms periods.
  use_check(3);
  const auto start = Clock::now();
  long steps = 0;
  try {
    while (Clock::now() - start < std::chrono::seconds(5)) {
      check_interrupt();
      ++steps;
    }
    FAIL() << "check_interrupt() never threw";
  } catch (const Interrupted&) {
  }
  const auto elapsed = Clock::now() - start;
  EXPECT_EQ(check_calls.load(), 3);
  EXPECT_GE(elapsed, std::chrono::milliseconds(100));
  EXPECT_LT(elapsed, std::chrono::milliseconds(300));  // three periods at most, plus slack
  EXPECT_GT(steps, 3);
}

TEST_F(Parallel, HelperWorkerLoopStopsWhenAnotherTaskThrows) {
  set_num_threads(2);
  std::atomic<bool> helper_looping{false};
  std::atomic<bool> helper_interrupted{false};
  std::atomic<bool> helper_timed_out{false};
  Clock::time_point thrown_at;
  Clock::time_point helper_stopped_at;
  try {
    parallel_for(2, 2, [&](Index, int worker) {
      if (worker == 0) {
        const auto deadline = Clock::now() + std::chrono::seconds(5);
        while (!helper_looping.load() && Clock::now() < deadline) std::this_thread::yield();
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        thrown_at = Clock::now();
        throw std::logic_error("task failed");
      }
      const auto deadline = Clock::now() + std::chrono::seconds(5);
      try {
        while (Clock::now() < deadline) {
          helper_looping = true;
          check_interrupt();
          std::this_thread::sleep_for(std::chrono::microseconds(100));
        }
        helper_timed_out = true;
      } catch (const Interrupted&) {
        helper_stopped_at = Clock::now();
        helper_interrupted = true;
        throw;
      }
    });
    FAIL() << "expected an exception";
  } catch (const std::logic_error& e) {
    EXPECT_STREQ(e.what(), "task failed");  // the first error, not the helper's Interrupted
  }
  ASSERT_TRUE(helper_looping.load()) << "the helper never ran a task";
  EXPECT_FALSE(helper_timed_out.load());
  ASSERT_TRUE(helper_interrupted.load());
  EXPECT_LT(helper_stopped_at - thrown_at, std::chrono::milliseconds(60));
}

TEST_F(Parallel, CallerLoopStopsWhenAHelperTaskThrows) {
  set_num_threads(2);
  std::atomic<bool> caller_looping{false};
  std::atomic<bool> caller_interrupted{false};
  try {
    parallel_for(2, 2, [&](Index, int worker) {
      if (worker != 0) {
        const auto deadline = Clock::now() + std::chrono::seconds(5);
        while (!caller_looping.load() && Clock::now() < deadline) std::this_thread::yield();
        throw InvalidInput("helper failed");
      }
      const auto deadline = Clock::now() + std::chrono::seconds(5);
      try {
        while (Clock::now() < deadline) {
          caller_looping = true;
          check_interrupt();
          std::this_thread::sleep_for(std::chrono::microseconds(100));
        }
      } catch (const Interrupted&) {
        caller_interrupted = true;
        throw;
      }
    });
    FAIL() << "expected an exception";
  } catch (const InvalidInput& e) {
    EXPECT_STREQ(e.what(), "helper failed");
  }
  EXPECT_TRUE(caller_interrupted.load());
}

TEST_F(Parallel, HelperWorkersDoNotRunTheInterruptCheck) {
  // The check runs only on the calling thread: a helper calling check_interrupt() for 150 ms
  // neither calls it nor throws, although every check reports an interrupt; once the helper is
  // done, the caller's own calls do throw.
  set_num_threads(2);
  std::atomic<bool> helper_threw{false};
  std::atomic<bool> helper_ran{false};
  std::atomic<bool> helper_started{false};
  std::atomic<bool> caller_interrupted{false};
  const auto body = [&](Index, int worker) {
    if (worker == 0) {
      const auto deadline = Clock::now() + std::chrono::seconds(5);
      while (!helper_started.load() && Clock::now() < deadline) std::this_thread::yield();
      use_check(1);  // from now on every check reports an interrupt
      while (!helper_ran.load() && !helper_threw.load() && Clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
      try {
        while (Clock::now() < deadline) check_interrupt();
      } catch (const Interrupted&) {
        caller_interrupted = true;
        throw;
      }
      return;
    }
    helper_started = true;
    try {
      const auto start = Clock::now();
      while (Clock::now() - start < std::chrono::milliseconds(150)) check_interrupt();
      helper_ran = true;
    } catch (const Interrupted&) {
      helper_threw = true;
    }
  };
  EXPECT_THROW(parallel_for(2, 2, body), Interrupted);
  EXPECT_TRUE(helper_ran.load());
  EXPECT_FALSE(helper_threw.load());
  EXPECT_TRUE(caller_interrupted.load());
  EXPECT_EQ(calls_off_caller.load(), 0);
  EXPECT_EQ(check_calls.load(), 1);
}

TEST_F(Parallel, CheckInterruptAfterAFailedLoopDoesNotThrow) {
  // The stop flag of a finished loop no longer applies to the caller.
  set_num_threads(2);
  EXPECT_THROW(parallel_for(100,
                            [](Index task, int) {
                              if (task == 0) throw std::runtime_error("first task");
                            }),
               std::runtime_error);
  EXPECT_NO_THROW(check_interrupt());
  std::atomic<int> ran{0};
  parallel_for(10, [&](Index, int) {
    check_interrupt();
    ++ran;
  });
  EXPECT_EQ(ran.load(), 10);
}

}  // namespace
}  // namespace cosignet
