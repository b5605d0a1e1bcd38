// RowTemplate: the rows of a graph file rendered from NumPy columns, GIL released while
// rendering. The arrays are kept alive by the Python object for as long as it lives.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cosignet/errors.hpp"
#include "cosignet/graph_writer.hpp"
#include "numpy_bridge.hpp"

namespace py = pybind11;

namespace cosignet::bindings {
namespace {

using MaskArray = py::array_t<bool, py::array::c_style>;
static_assert(sizeof(bool) == 1, "NumPy bool masks are read as bytes");

// A RowTemplate and the arrays its fields point into.
class PyRowTemplate {
 public:
  PyRowTemplate(Index rows, std::string separator) : core_(rows, std::move(separator)) {}

  int add_group(std::string open, std::string close, std::string empty) {
    return core_.add_group(std::move(open), std::move(close), std::move(empty));
  }

  void add_text(std::string before, std::string after, std::string missing,
                std::vector<std::string> table, const std::optional<IndexArray>& codes, int group) {
    const Index* data = codes ? column(*codes, "codes") : nullptr;
    core_.add_text(std::move(before), std::move(after), std::move(missing), std::move(table), data,
                   group);
  }

  void add_float(std::string before, std::string after, std::string missing,
                 const ScalarArray& values, int group) {
    core_.add_float(std::move(before), std::move(after), std::move(missing),
                    column(values, "values"), group);
  }

  void add_integer(std::string before, std::string after, std::string missing,
                   const std::optional<IndexArray>& values, const std::optional<MaskArray>& mask,
                   int group) {
    const Index* data = values ? column(*values, "values") : nullptr;
    const auto* flags =
        mask ? reinterpret_cast<const std::uint8_t*>(column(*mask, "mask")) : nullptr;
    core_.add_integer(std::move(before), std::move(after), std::move(missing), data, flags, group);
  }

  // The chunk is rendered into a buffer reused from call to call (allocated once per file,
  // not once per chunk), then copied into the bytes returned. Calls may come from two
  // threads (one renders the next chunk while the other writes this one): one at a time.
  py::bytes render(Index start, Index stop) {
    std::unique_lock<std::mutex> lock(mutex_, std::defer_lock);
    {
      const py::gil_scoped_release release;
      lock.lock();  // after releasing the GIL, so that a thread holding the lock can take it
      buffer_.resize(0);
      core_.render(start, stop, buffer_);
    }
    return py::bytes(buffer_.data(), static_cast<std::size_t>(buffer_.size()));
  }

  Index rows() const { return core_.rows(); }

 private:
  // The data of a 1-d array of one value per row, kept alive with this object.
  template <typename T>
  const T* column(const py::array_t<T, py::array::c_style>& array, const char* name) {
    require(array.ndim() == 1 && array.size() == core_.rows(), [&] {
      return std::string(name) + " must be a 1-d array of one value per row (" +
             std::to_string(core_.rows()) + "), got " + std::to_string(array.size()) +
             " values in " + std::to_string(array.ndim()) + " dimensions";
    });
    keep_.push_back(array);
    return array.data();
  }

  RowTemplate core_;
  std::vector<py::object> keep_;
  Buffer<char> buffer_;
  std::mutex mutex_;
};

}  // namespace

void register_graph_writer(py::module_& m) {
  py::class_<PyRowTemplate>(m, "RowTemplate",
                            "How the rows of a graph file are spelled (see graph_writer.hpp).")
      .def(py::init<Index, std::string>(), py::arg("rows"), py::arg("separator") = "")
      .def_property_readonly("rows", &PyRowTemplate::rows)
      .def("add_group", &PyRowTemplate::add_group, py::arg("open"), py::arg("close"),
           py::arg("empty"), "Add a group of fields; returns its number.")
      .def("add_text", &PyRowTemplate::add_text, py::arg("before"), py::arg("after"),
           py::arg("missing"), py::arg("table"), py::arg("codes").noconvert(),
           py::arg("group") = -1, "Add a field table[codes[row]] (-1: missing; None: row).")
      .def("add_float", &PyRowTemplate::add_float, py::arg("before"), py::arg("after"),
           py::arg("missing"), py::arg("values").noconvert(), py::arg("group") = -1,
           "Add a float field, spelled as repr(float); NaN is missing.")
      .def("add_integer", &PyRowTemplate::add_integer, py::arg("before"), py::arg("after"),
           py::arg("missing"), py::arg("values").noconvert(), py::arg("mask").noconvert(),
           py::arg("group") = -1, "Add an integer field (values None: the row number).")
      .def("render", &PyRowTemplate::render, py::arg("start"), py::arg("stop"),
           "The UTF-8 text of rows [start, stop).");

  m.def(
      "float_repr",
      [](const ScalarArray& values) {
        std::string out;
        out.reserve(static_cast<std::size_t>(values.size()) * (kFloatReprMax + 1));
        for (Index i = 0; i < values.size(); ++i) {
          if (i > 0) out += ' ';
          append_float_repr(out, values.data()[i]);
        }
        return out;
      },
      py::arg("values").noconvert(), "The floats spelled as repr(float), space-separated.");
}

}  // namespace cosignet::bindings
