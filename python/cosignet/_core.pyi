"""Type stubs of the compiled core (checked against the module with mypy.stubtest)."""

from typing import Any, SupportsIndex, SupportsInt

import numpy as np
import numpy.typing as npt

_IndexArray = npt.NDArray[np.int64]
_ScalarArray = npt.NDArray[np.float64]
_Csr = tuple[_IndexArray, _IndexArray, _ScalarArray]
_Int = SupportsInt | SupportsIndex

class CosignetError(Exception): ...
class InvalidInputError(CosignetError, ValueError): ...
class ConvergenceError(CosignetError, RuntimeError): ...
class ParseError(CosignetError, ValueError): ...
class TooLargeError(CosignetError, MemoryError): ...

def set_num_threads(n: _Int) -> None: ...
def get_num_threads() -> int: ...
def build_incidence(
    rows: _IndexArray,
    cols: _IndexArray,
    weights: _ScalarArray | None,
    n_rows: _Int,
    n_cols: _Int,
) -> tuple[_Csr, int]: ...
def validate_csr(
    rows: _Int,
    cols: _Int,
    indptr: _IndexArray,
    indices: _IndexArray,
    data: _ScalarArray,
    name: str,
    positive: bool,
) -> None: ...
def transpose(
    rows: _Int, cols: _Int, indptr: _IndexArray, indices: _IndexArray, data: _ScalarArray
) -> _Csr: ...
def csr_data_pointers(
    rows: _Int, cols: _Int, indptr: _IndexArray, indices: _IndexArray, data: _ScalarArray
) -> tuple[int, int, int]: ...
def project_upper(
    rows: _Int,
    cols: _Int,
    indptr: _IndexArray,
    indices: _IndexArray,
    data: _ScalarArray,
    t_indptr: _IndexArray,
    t_indices: _IndexArray,
    t_data: _ScalarArray,
    weighting: str,
    min_weight: float,
) -> _Csr: ...
def projection_size(
    rows: _Int,
    cols: _Int,
    indptr: _IndexArray,
    indices: _IndexArray,
    data: _ScalarArray,
    t_indptr: _IndexArray,
    t_indices: _IndexArray,
    t_data: _ScalarArray,
    weighting: str,
    min_weight: float,
) -> int: ...
def pair_contributions(
    rows: _Int, cols: _Int, indptr: _IndexArray, indices: _IndexArray, data: _ScalarArray
) -> int: ...
def symmetrize_upper(
    n: _Int, indptr: _IndexArray, indices: _IndexArray, data: _ScalarArray
) -> _Csr: ...

CORPUS_FORMAT_VERSION: int

def write_corpus_json(document: dict[str, Any], path: str) -> None: ...
def format_corpus_json(document: dict[str, Any]) -> str: ...
def read_corpus_json(path: str) -> dict[str, Any]: ...
def parse_corpus_json(text: str | bytes, name: str = "<string>") -> dict[str, Any]: ...
def jaro_winkler(a: str, b: str) -> float: ...
def name_similarity(a: str, b: str) -> float: ...
def compare_names(a: list[str], b: list[str]) -> tuple[_ScalarArray, npt.NDArray[np.int8]]: ...
def match_names(
    names: list[str], min_score: float, max_block: _Int
) -> tuple[_IndexArray, _IndexArray, _ScalarArray, npt.NDArray[np.int8]]: ...
def constrained_clusters(
    n: _Int,
    first: _IndexArray,
    second: _IndexArray,
    score: _ScalarArray,
    groups_indptr: _IndexArray,
    groups_indices: _IndexArray,
    n_groups: _Int,
    category: _IndexArray,
    must_first: _IndexArray,
    must_second: _IndexArray,
    cannot_first: _IndexArray,
    cannot_second: _IndexArray,
    names: list[str],
) -> _IndexArray: ...
def link_records(
    n: _Int,
    first: _IndexArray,
    second: _IndexArray,
    score: _ScalarArray,
    name_score: _ScalarArray,
    trust: npt.NDArray[np.uint8],
    groups_indptr: _IndexArray,
    groups_indices: _IndexArray,
    n_groups: _Int,
    categories: _IndexArray,
    id_indptr: _IndexArray,
    id_kind: _IndexArray,
    id_value: _IndexArray,
    must_first: _IndexArray,
    must_second: _IndexArray,
    cannot_first: _IndexArray,
    cannot_second: _IndexArray,
    names: list[str],
    ambiguity_margin: float,
) -> tuple[_IndexArray, npt.NDArray[np.int8], _IndexArray]: ...
def projection_indptr(
    rows: _Int,
    cols: _Int,
    indptr: _IndexArray,
    indices: _IndexArray,
    data: _ScalarArray,
    t_indptr: _IndexArray,
    t_indices: _IndexArray,
    t_data: _ScalarArray,
    weighting: str,
    min_weight: float,
) -> _IndexArray: ...
def project_upper_fill(
    rows: _Int,
    cols: _Int,
    indptr: _IndexArray,
    indices: _IndexArray,
    data: _ScalarArray,
    t_indptr: _IndexArray,
    t_indices: _IndexArray,
    t_data: _ScalarArray,
    weighting: str,
    min_weight: float,
    offsets: _IndexArray,
) -> _Csr: ...
def betweenness(
    n: _Int,
    indptr: _IndexArray,
    indices: _IndexArray,
    data: _ScalarArray,
    weighted: bool,
    sources: _IndexArray,
    endpoints: bool,
) -> _ScalarArray: ...
def path_sums(
    n: _Int, indptr: _IndexArray, indices: _IndexArray, data: _ScalarArray, weighted: bool
) -> tuple[_IndexArray, _ScalarArray, _ScalarArray]: ...
def eigenvector_centrality(
    n: _Int,
    indptr: _IndexArray,
    indices: _IndexArray,
    data: _ScalarArray,
    tol: float,
    max_iter: _Int,
) -> tuple[_ScalarArray, float, int]: ...
def pagerank(
    n: _Int,
    indptr: _IndexArray,
    indices: _IndexArray,
    data: _ScalarArray,
    alpha: float,
    personalization: _ScalarArray,
    dangling: _ScalarArray,
    tol: float,
    max_iter: _Int,
) -> _ScalarArray: ...
def katz(
    n: _Int,
    indptr: _IndexArray,
    indices: _IndexArray,
    data: _ScalarArray,
    alpha: float,
    beta: _ScalarArray,
    tol: float,
    max_iter: _Int,
) -> _ScalarArray: ...
def structural_holes(
    n: _Int, indptr: _IndexArray, indices: _IndexArray, data: _ScalarArray
) -> tuple[_ScalarArray, _ScalarArray]: ...
def brokerage(
    n: _Int, indptr: _IndexArray, indices: _IndexArray, data: _ScalarArray, groups: _IndexArray
) -> _IndexArray: ...
def louvain(
    n: _Int,
    indptr: _IndexArray,
    indices: _IndexArray,
    data: _ScalarArray,
    a: _ScalarArray,
    b: _ScalarArray,
    resolution: float,
    seed: _Int,
    max_iterations: _Int,
) -> _IndexArray: ...
def leiden(
    n: _Int,
    indptr: _IndexArray,
    indices: _IndexArray,
    data: _ScalarArray,
    a: _ScalarArray,
    b: _ScalarArray,
    resolution: float,
    seed: _Int,
    max_iterations: _Int,
    randomness: float,
) -> _IndexArray: ...
def partition_quality(
    n: _Int,
    indptr: _IndexArray,
    indices: _IndexArray,
    data: _ScalarArray,
    a: _ScalarArray,
    b: _ScalarArray,
    resolution: float,
    labels: _IndexArray,
) -> float: ...
def backbone_pairs(
    rows: _Int,
    cols: _Int,
    indptr: _IndexArray,
    indices: _IndexArray,
    data: _ScalarArray,
    t_indptr: _IndexArray,
    t_indices: _IndexArray,
    t_data: _ScalarArray,
    model: str,
    method: str,
    signed_backbone: bool,
    keep_below: float,
    max_pairs: _Int,
    tolerance: float,
    max_iterations: _Int,
) -> dict[str, Any]: ...
def solve_bicm(
    row_degrees: _IndexArray,
    col_degrees: _IndexArray,
    tolerance: float,
    max_iterations: _Int,
) -> dict[str, Any]: ...

class _Pybind11Type(type): ...  # pybind11's metaclass of bound classes

class RowTemplate(metaclass=_Pybind11Type):
    def __init__(self, rows: _Int, separator: str = "") -> None: ...
    @property
    def rows(self) -> int: ...
    def add_group(self, open: str, close: str, empty: str) -> int: ...
    def add_text(
        self,
        before: str,
        after: str,
        missing: str,
        table: list[str],
        codes: _IndexArray | None,
        group: _Int = -1,
    ) -> None: ...
    def add_float(
        self, before: str, after: str, missing: str, values: _ScalarArray, group: _Int = -1
    ) -> None: ...
    def add_integer(
        self,
        before: str,
        after: str,
        missing: str,
        values: _IndexArray | None,
        mask: npt.NDArray[np.bool_] | None,
        group: _Int = -1,
    ) -> None: ...
    def render(self, start: _Int, stop: _Int) -> bytes: ...

def float_repr(values: _ScalarArray) -> str: ...
