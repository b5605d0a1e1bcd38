// The one exception translator: core exceptions -> cosignet's Python exception classes.
#include <pybind11/pybind11.h>

#include "cosignet/errors.hpp"

namespace py = pybind11;

namespace cosignet::bindings {
namespace {

// Owned by the module (stored as its attributes), which outlives every call.
PyObject* cosignet_error = nullptr;
PyObject* invalid_input_error = nullptr;
PyObject* convergence_error = nullptr;
PyObject* parse_error = nullptr;
PyObject* too_large_error = nullptr;

PyObject* add_class(py::module_& m, const char* name, py::tuple bases, const char* doc) {
  const std::string qualified = std::string("cosignet.") + name;
  PyObject* cls = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, bases.ptr(), nullptr);
  if (cls == nullptr) throw py::error_already_set();
  m.add_object(name, py::handle(cls));  // add_object steals the new reference
  return cls;
}

}  // namespace

void register_errors(py::module_& m) {
  const py::handle base(PyExc_Exception);
  cosignet_error = add_class(m, "CosignetError", py::make_tuple(base),
                             "Base class of every error cosignet raises on purpose.");
  const py::handle root(cosignet_error);
  invalid_input_error =
      add_class(m, "InvalidInputError", py::make_tuple(root, py::handle(PyExc_ValueError)),
                "An argument is malformed; the message names it and the offending value.");
  convergence_error =
      add_class(m, "ConvergenceError", py::make_tuple(root, py::handle(PyExc_RuntimeError)),
                "An iterative method did not converge within its iteration limit.");
  parse_error = add_class(m, "ParseError", py::make_tuple(root, py::handle(PyExc_ValueError)),
                          "Text or a file could not be parsed.");
  too_large_error =
      add_class(m, "TooLargeError", py::make_tuple(root, py::handle(PyExc_MemoryError)),
                "A result would exceed the size or memory allowed; refused before allocating.");

  py::register_exception_translator([](std::exception_ptr error) {
    try {
      if (error) std::rethrow_exception(error);
    } catch (const InvalidInput& e) {
      PyErr_SetString(invalid_input_error, e.what());
    } catch (const ConvergenceFailure& e) {
      PyErr_SetString(convergence_error, e.what());
    } catch (const ParseFailure& e) {
      PyErr_SetString(parse_error, e.what());
    } catch (const TooLarge& e) {
      PyErr_SetString(too_large_error, e.what());
    } catch (const FileError& e) {
      // OSError(errno, strerror, filename) becomes FileNotFoundError, PermissionError, ...
      const py::tuple args = py::make_tuple(e.error_number(), e.reason(), e.path());
      PyErr_SetObject(PyExc_OSError, args.ptr());
    } catch (const Interrupted&) {
      PyErr_SetNone(PyExc_KeyboardInterrupt);
    } catch (const Error& e) {
      PyErr_SetString(cosignet_error, e.what());
    }
  });
}

}  // namespace cosignet::bindings
