/// @file parallel.hpp
/// @brief Thread count and a dynamically scheduled parallel loop over std::thread.
#pragma once

#include <functional>

#include "cosignet/types.hpp"

namespace cosignet {

/// Sets the number of threads kernels use; 0 restores the default (all hardware threads).
void set_num_threads(int n);

/// Number of threads kernels use.
int get_num_threads();

/// Registers a function the kernels call now and then from the calling thread; when it
/// returns true the loop stops and parallel_for throws Interrupted. Pass nullptr to clear.
/// The Python bindings use it to honour Ctrl-C.
void set_interrupt_check(bool (*check)());

/// Lets a long task or an iterative method stop early: on the thread that called the kernel it
/// runs the interrupt check (at most every 50 ms) and throws Interrupted when it reports one; on
/// a parallel_for() worker it also throws Interrupted once another task has failed, so every
/// worker stops within one step. Call it between units of work of a few milliseconds.
void check_interrupt();

/// Number of workers parallel_for() will use for @p n_tasks tasks (at least 1).
int parallel_workers(Index n_tasks);

/// Calls @p body(task, worker) for task = 0 .. @p n_tasks - 1 on parallel_workers(n_tasks)
/// threads, handing out tasks in order from a shared counter (dynamic scheduling).
/// @p worker (0 .. workers - 1) identifies the thread, so callers can keep one workspace each.
///
/// The calling thread is worker 0; between tasks it runs the interrupt check (at most every
/// 50 ms) and, when that reports an interrupt, stops handing out tasks and throws Interrupted.
/// The first exception thrown by a task stops the remaining tasks and is rethrown here.
void parallel_for(Index n_tasks, const std::function<void(Index task, int worker)>& body);

/// As above, on max(1, min(@p n_workers, @p n_tasks)) workers. A caller that keeps one workspace
/// per worker passes the count it sized them with: the thread count may change in between
/// (set_num_threads() from another thread), so worker indices are bounded by @p n_workers.
void parallel_for(Index n_tasks, int n_workers,
                  const std::function<void(Index task, int worker)>& body);

}  // namespace cosignet
