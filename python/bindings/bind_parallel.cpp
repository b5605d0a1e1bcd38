#include <pybind11/pybind11.h>

#include "cosignet/parallel.hpp"

namespace py = pybind11;

namespace cosignet::bindings {
namespace {

// Called by parallel_for on the calling thread with the GIL released: Ctrl-C stops kernels.
bool python_interrupted() {
  const py::gil_scoped_acquire gil;
  if (PyErr_CheckSignals() != 0) {
    PyErr_Clear();  // the translator raises KeyboardInterrupt from the Interrupted exception
    return true;
  }
  return false;
}

}  // namespace

void register_parallel(py::module_& m) {
  set_interrupt_check(&python_interrupted);
  m.def("set_num_threads", &set_num_threads, py::arg("n"),
        "Set the number of threads kernels use (0: all cores).");
  m.def("get_num_threads", &get_num_threads, "Number of threads kernels use.");
}

}  // namespace cosignet::bindings
