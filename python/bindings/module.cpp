// cosignet._core: the compiled core. Each bind_<topic>.cpp registers one header's functions.
#include <pybind11/pybind11.h>

namespace py = pybind11;

namespace cosignet::bindings {
void register_errors(py::module_& m);
void register_parallel(py::module_& m);
void register_incidence(py::module_& m);
void register_projection(py::module_& m);
void register_json_io(py::module_& m);
void register_match(py::module_& m);
void register_centrality(py::module_& m);
void register_brokerage(py::module_& m);
void register_community(py::module_& m);
void register_backbone(py::module_& m);
void register_graph_writer(py::module_& m);
}  // namespace cosignet::bindings

PYBIND11_MODULE(_core, m) {
  m.doc() = "The C++ core of cosignet. Use the public API in `cosignet` instead.";
  cosignet::bindings::register_errors(m);
  cosignet::bindings::register_parallel(m);
  cosignet::bindings::register_incidence(m);
  cosignet::bindings::register_projection(m);
  cosignet::bindings::register_json_io(m);
  cosignet::bindings::register_match(m);
  cosignet::bindings::register_centrality(m);
  cosignet::bindings::register_brokerage(m);
  cosignet::bindings::register_community(m);
  cosignet::bindings::register_backbone(m);
  cosignet::bindings::register_graph_writer(m);
}
