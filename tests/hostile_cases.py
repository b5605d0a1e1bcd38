"""Property-based attacks on cosignet's public constructors and on what they hand out.

Each campaign builds Graph and Bipartite objects (and graph files) from arbitrary arrays with
hypothesis and checks that cosignet either refuses the input with an error that names the
argument, or builds exactly what an independent oracle says the input means; every measure
then runs on it; then everything the object handed out is attacked (writes, flag changes,
scipy's in-place methods, attribute assignments, changed tables) and every measure must give
the same answer again.

The campaigns run in a subprocess (``python tests/hostile_cases.py CAMPAIGN LAST_EXAMPLE``,
from tests/test_hostile.py), so that a segmentation fault fails that test instead of killing
pytest; each example is written to LAST_EXAMPLE before it runs, so a crash names it. The
subprocess inherits the environment, so under LD_PRELOAD of the sanitizer runtimes (as in
.ci/run) the campaigns run against the sanitized core. ``COSIGNET_HOSTILE_EXAMPLES`` sets the
number of examples per campaign (default :data:`EXAMPLES`); hypothesis is derandomized, so a
run is reproducible.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import math
import os
import sys
import tempfile
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cosignet as cs

#: Examples per campaign unless $COSIGNET_HOSTILE_EXAMPLES says otherwise.
EXAMPLES = 60

INDEX_DTYPES = (np.int64, np.int32, np.int16, np.uint64, np.uint8, np.float64, np.bool_)
VALUE_DTYPES = (np.float64, np.float32, np.int64, np.uint8, np.bool_, np.complex128, object)
SPECIAL_VALUES = (
    0.0,
    -0.0,
    1.0,
    2.5,
    -1.0,
    math.nan,
    math.inf,
    -math.inf,
    5e-324,
    1e308,
    1.7976931348623157e308,
)
HUGE_INDICES = (2**31, 2**32 + 1, 2**63 - 1, -(2**63))
FORMATS = ("csr", "csc", "coo", "lil", "dok", "bsr", "dia", "dense", "lists")
#: Errors a refusal may raise: cosignet's own, whose messages name the argument.
REFUSALS = (cs.InvalidInputError, cs.TooLargeError)


def examples() -> int:
    return int(os.environ.get("COSIGNET_HOSTILE_EXAMPLES", EXAMPLES))


def campaign_settings() -> settings:
    return settings(
        max_examples=examples(),
        derandomize=True,
        database=None,
        deadline=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# --------------------------------------------------------------------------- raw matrices


@dataclass
class Raw:
    """A matrix as a careless or hostile caller might pass it, and what it means."""

    shape: tuple[int, int]
    fmt: str
    indptr: list[int]
    indices: list[int]
    values: list[float]
    index_dtype: Any
    value_dtype: Any
    matrix: Any = field(default=None, repr=False)

    def describe(self) -> str:
        return (
            f"shape={self.shape} fmt={self.fmt} indptr={self.indptr} indices={self.indices} "
            f"values={self.values} index_dtype={np.dtype(self.index_dtype).name} "
            f"value_dtype={np.dtype(self.value_dtype).name}"
        )


def _hostile_compressed(raw: Raw) -> Any:
    """A CSR or CSC matrix whose arrays are set after construction, past scipy's checks."""
    cls = sp.csr_array if raw.fmt == "csr" else sp.csc_array
    matrix = cls(raw.shape, dtype=np.float64)
    matrix.indptr = _as_index(raw.indptr, raw.index_dtype)
    matrix.indices = _as_index(raw.indices, raw.index_dtype)
    matrix.data = _as_values(raw.values, raw.value_dtype)
    return matrix


def _as_index(values: list[int], dtype: Any) -> np.ndarray:
    """`values` in `dtype`, wrapping around as a C cast does."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return np.asarray(values, dtype=np.int64).astype(dtype)


def _as_values(values: list[float], dtype: Any) -> np.ndarray:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # NaN and inf to integers
        return np.asarray(values, dtype=np.float64).astype(dtype)


def _read_back(array: np.ndarray) -> list[Any]:
    """What cosignet reads from an array: int64 for integers, float64 for real numbers."""
    target = np.int64 if array.dtype.kind in "iub" else np.float64
    return array.astype(target).tolist()


def _entries_of(raw: Raw) -> tuple[list[int], list[int], list[float]]:
    """The (row, column, value) triples of a raw CSR layout whose indptr is valid."""
    rows: list[int] = []
    for row in range(len(raw.indptr) - 1):
        rows += [row] * (raw.indptr[row + 1] - raw.indptr[row])
    return rows, raw.indices[: len(rows)], raw.values[: len(rows)]


POSITIVE = st.one_of(
    st.floats(0.1, 10.0),
    st.integers(1, 5).map(float),
    st.sampled_from([5e-324, 1e-300, 1e300, 1e308]),
)


@st.composite
def raw_matrices(draw: st.DrawFn, square: bool) -> Raw:
    """Half the time a matrix that means something (maybe unsorted, with repeats, in any
    format and index dtype); otherwise arbitrary arrays, dtypes and values."""
    n_rows = draw(st.integers(0, 6))
    n_cols = n_rows if square else draw(st.integers(0, 6))
    fmt = draw(st.sampled_from(FORMATS))
    major = n_rows if fmt != "csc" else n_cols
    if draw(st.booleans()):
        positions = [(r, c) for r in range(n_rows) for c in range(n_cols) if not square or c > r]
        entries = (
            draw(st.lists(st.tuples(st.sampled_from(positions), POSITIVE), max_size=9))
            if positions
            else []
        )
        # Grouped by row (by column for CSC), in any order within the group.
        by_major = sorted(entries, key=lambda e: e[0][0] if fmt != "csc" else e[0][1])
        counts = [0] * (major + 1)
        for (r, c), _ in by_major:
            counts[(r if fmt != "csc" else c) + 1] += 1
        indptr = list(np.cumsum(counts).tolist())
        indices = [c if fmt != "csc" else r for (r, c), _ in by_major]
        values = [v for _, v in by_major]
        index_dtype = draw(st.sampled_from([np.int64, np.int64, np.int32, np.uint64]))
        value_dtype = draw(st.sampled_from([np.float64, np.float64, np.float32]))
    else:
        nnz = draw(st.integers(0, 9))
        if draw(st.booleans()) or fmt not in ("csr", "csc"):
            cuts = sorted(draw(st.lists(st.integers(0, nnz), min_size=major, max_size=major)))
            indptr = [0, *cuts[:-1], nnz] if major else [0]
        else:
            indptr = draw(st.lists(st.integers(-2, nnz + 2), max_size=major + 2))
        minor = n_cols if fmt != "csc" else n_rows
        in_range = st.integers(0, max(minor - 1, 0))
        index = st.one_of(in_range, in_range, st.integers(-2, minor + 2))
        if draw(st.integers(0, 9)) == 0:
            index = st.one_of(index, st.sampled_from(HUGE_INDICES))
        extra = draw(st.integers(0, 2)) if fmt in ("csr", "csc") else 0
        indices = draw(st.lists(index, min_size=nnz + extra, max_size=nnz + extra))
        number = st.one_of(st.sampled_from(SPECIAL_VALUES), POSITIVE)
        values = draw(st.lists(number, min_size=nnz + extra, max_size=nnz + extra))
        index_dtype = draw(st.sampled_from(INDEX_DTYPES[:1] * 6 + INDEX_DTYPES))
        value_dtype = draw(st.sampled_from(VALUE_DTYPES[:1] * 6 + VALUE_DTYPES))
    raw = Raw((n_rows, n_cols), fmt, indptr, indices, values, index_dtype, value_dtype)
    raw.matrix = _build(raw)
    return raw


def _build(raw: Raw) -> Any:
    """The matrix a caller would pass; formats scipy builds itself get checkable input only."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # NumPy's casting warnings (inf to int, ...)
        if raw.fmt in ("csr", "csc"):
            return _hostile_compressed(raw)
        if raw.fmt == "coo":
            # COO rows and columns set after construction, also past scipy's checks.
            rows, cols, values = _entries_of(raw)
            matrix = sp.coo_array(raw.shape, dtype=np.float64)
            matrix.coords = (_as_index(rows, raw.index_dtype), _as_index(cols, raw.index_dtype))
            matrix.data = _as_values(values, raw.value_dtype)
            return matrix
        rows, cols, values = _entries_of(raw)
        dense = np.zeros(raw.shape, dtype=np.float64)
        for r, c, v in zip(rows, cols, values, strict=True):
            if 0 <= c < raw.shape[1]:
                dense[r, c] = v  # the last of repeated positions wins, as in a dense array
        dense = dense.astype(raw.value_dtype)
        if raw.fmt == "dense":
            return dense
        if raw.fmt == "lists":
            return dense.tolist()
        converted = sp.coo_array(dense.astype(np.float64))
        if raw.fmt == "bsr":
            return converted.tobsr()
        return converted.asformat(raw.fmt)


def oracle(raw: Raw, upper_only: bool, allow_empty: bool) -> np.ndarray | None:
    """The dense matrix `raw` means, or None when it must be refused."""
    shape = raw.shape
    if not allow_empty and 0 in shape:
        return None
    matrix = raw.matrix
    if raw.fmt in ("csr", "csc", "coo"):
        if matrix.data.dtype.kind not in "biuf":
            return None
        if np.dtype(raw.index_dtype).kind not in "iu":
            return None
        values = _read_back(matrix.data)
        if raw.fmt == "coo":
            rows, cols = _read_back(matrix.coords[0]), _read_back(matrix.coords[1])
        else:
            indptr, indices = _read_back(matrix.indptr), _read_back(matrix.indices)
            major = shape[0] if raw.fmt == "csr" else shape[1]
            if len(indptr) != major + 1 or indptr[0] != 0:
                return None
            if any(b < a for a, b in itertools.pairwise(indptr)):
                return None
            if indptr[-1] > len(indices):
                return None
            outer = [k for k in range(major) for _ in range(indptr[k + 1] - indptr[k])]
            inner, values = indices[: len(outer)], values[: len(outer)]
            rows, cols = (outer, inner) if raw.fmt == "csr" else (inner, outer)
        entries = list(zip(rows, cols, values, strict=True))
    else:
        dense = matrix.toarray() if sp.issparse(matrix) else np.asarray(matrix)
        if dense.ndim != 2 or dense.dtype.kind not in "biuf":
            return None  # [] is one-dimensional
        nonzero = zip(*np.nonzero(dense), strict=True)
        entries = [(int(r), int(c), float(dense[r, c])) for r, c in nonzero]
    result = np.zeros(shape)
    for r, c, v in entries:
        if not (0 <= r < shape[0] and 0 <= c < shape[1]):
            return None
        if not math.isfinite(v) or v < 0:
            return None
        if v != 0 and upper_only and c <= r:
            return None
        if v != 0:
            result[r, c] = float(result[r, c]) + v  # Python floats overflow to inf quietly
    return result if np.isfinite(result).all() else None


# --------------------------------------------------------------------------- labels


@st.composite
def node_labels(draw: st.DrawFn, n: int) -> list[Any]:
    kind = draw(st.integers(0, 9))
    if kind == 0:  # wrong length
        return [f"v{i}" for i in range(n + draw(st.sampled_from([-1, 1])))]
    if kind == 1 and n >= 2:  # a repeat
        return [f"v{i}" for i in range(n - 1)] + ["v0"]
    if kind == 2 and n >= 1:  # a missing label
        return [f"v{i}" for i in range(n - 1)] + [draw(st.sampled_from([None, math.nan]))]
    if kind == 3:
        return [(i, "x") for i in range(n)]  # tuples are labels too
    if kind == 4:
        return list(range(10, 10 + n))
    return [f"v{i}" for i in range(n)]


def labels_valid(labels: list[Any], n: int) -> bool:
    if len(labels) != n:
        return False
    if any(label is None or (isinstance(label, float) and math.isnan(label)) for label in labels):
        return False
    return len(set(labels)) == len(labels)


# --------------------------------------------------------------------------- measuring


def _canonical(value: Any) -> Any:
    """A value np.testing.assert_equal compares (NaN equal to NaN)."""
    from cosignet.backbone import BiCM

    if isinstance(value, pd.Series):
        return ("Series", list(value.index), value.to_numpy(), value.name)
    if isinstance(value, pd.DataFrame):
        return (
            "DataFrame",
            list(value.index),
            [str(c) for c in value.columns],
            [value[c].to_numpy() for c in value.columns],
        )
    if isinstance(value, pd.Index):
        return ("Index", list(value), value.name)
    if isinstance(value, cs.Graph):
        return ("Graph", _canonical(value.edges), _canonical(value.nodes), dict(value.attrs))
    if isinstance(value, BiCM):
        return ("BiCM", value.probabilities(), value.iterations)
    if isinstance(value, sp.sparray | sp.spmatrix):
        return ("sparse", value.toarray())
    if isinstance(value, tuple | list):
        return tuple(_canonical(v) for v in value)
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    return value


#: (call, warning) pairs seen: numerical warnings on extreme weights, reported, not failed.
WARNINGS: set[tuple[str, str]] = set()


def _measure(name: str, call: Callable[[], Any], results: dict[str, Any]) -> None:
    """Run one public call: a value, or one of cosignet's errors (anything else fails)."""
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            results[name] = _canonical(call())
    except cs.CosignetError as error:
        results[name] = ("refused", type(error).__name__, str(error))
    except (ArithmeticError, ValueError, TypeError, LookupError) as error:
        # Not a crash, but not one of cosignet's errors either: reported, compared.
        results[name] = ("raised", type(error).__name__, str(error))
        WARNINGS.add((name, f"raised {type(error).__name__}: {error}"))
    for warning in caught:
        if not issubclass(warning.category, cs.CosignetWarning):
            WARNINGS.add((name, f"{warning.category.__name__}: {warning.message}"))


def graph_results(G: cs.Graph) -> dict[str, Any]:
    from cosignet import backbone, centrality, community, layout

    labels = G.labels
    groups = pd.Series([i % 2 for i in range(len(labels))], index=labels)
    results: dict[str, Any] = {}
    calls: dict[str, Callable[[], Any]] = {
        "repr": lambda: repr(G),
        "edges": lambda: G.edges,
        "nodes": lambda: G.nodes,
        "upper": lambda: G.upper,
        "adjacency": lambda: G.adjacency,
        "degree_array": G.degree_array,
        "strength_array": G.strength_array,
        "total_weight": lambda: G.total_weight,
        "networkx": lambda: sorted(G.to_networkx().edges(data="weight"), key=str),
        "igraph": lambda: G.to_igraph().get_edgelist(),
        "degree": lambda: centrality.degree(G, normalized=True),
        "strength": lambda: centrality.strength(G),
        "betweenness": lambda: centrality.betweenness(G),
        "betweenness distance": lambda: centrality.betweenness(G, weights="distance"),
        "betweenness hops": lambda: centrality.betweenness(G, weights=None, endpoints=True),
        "betweenness sampled": lambda: centrality.betweenness(G, k=min(2, G.n_nodes), seed=1),
        "closeness": lambda: centrality.closeness(G),
        "harmonic": lambda: centrality.harmonic(G, weights=None),
        "eigenvector": lambda: centrality.eigenvector(G),
        "pagerank": lambda: centrality.pagerank(G),
        "katz": lambda: centrality.katz(G, alpha=0.01),
        "constraint": lambda: centrality.constraint(G),
        "effective_size": lambda: centrality.effective_size(G),
        "brokerage": lambda: centrality.brokerage(G, groups),
        "table": lambda: centrality.table(G, groups=groups),
        "louvain": lambda: community.louvain(G, seed=1),
        "leiden": lambda: community.leiden(G, seed=1),
        "modularity": lambda: community.modularity(G, groups),
        "profile": lambda: community.profile(G, groups),
        "composition": lambda: community.composition(G, groups),
        "ei_index": lambda: community.ei_index(G, groups),
        "assortativity": lambda: community.assortativity(G, groups),
        "bridges": lambda: community.bridges(G, groups),
        "disparity": lambda: backbone.disparity(G, alpha=0.5),
        "spring_layout": lambda: layout.spring_layout(G, iterations=3),
    }
    for name, call in calls.items():
        _measure(name, call, results)
    with tempfile.TemporaryDirectory() as folder:
        for suffix in (".graphml", ".gexf", ".json"):
            path = Path(folder) / f"g{suffix}"

            def round_trip(path: Path = path) -> Any:
                return cs.Graph.read(G.write(path))

            _measure(f"write and read {suffix}", round_trip, results)
    return results


def bipartite_results(B: cs.Bipartite) -> dict[str, Any]:
    from cosignet import backbone, community, two_mode

    results: dict[str, Any] = {}
    actors = list(B.actor_labels)
    calls: dict[str, Callable[[], Any]] = {
        "repr": lambda: repr(B),
        "matrix": lambda: B.matrix,
        "letter_degrees": lambda: B.letter_degrees,
        "actor_degrees": lambda: B.actor_degrees,
        "two_mode degree": lambda: two_mode.degree(B),
        "two_mode closeness": lambda: two_mode.closeness(B),
        "two_mode betweenness": lambda: two_mode.betweenness(B),
        "two_mode eigenvector": lambda: two_mode.eigenvector(B),
        "pair_contributions": lambda: B.pair_contributions(),
        "shared_letters": lambda: B.shared_letters(actors[0], actors[-1]),
        "louvain": lambda: community.louvain(B, seed=1),
        "leiden": lambda: community.leiden(B, seed=1),
        "bipartite_modularity": lambda: community.bipartite_modularity(
            B,
            pd.Series(0, index=B.letter_labels),
            pd.Series(0, index=B.actor_labels),
        ),
        "bicm": lambda: backbone.bicm(B),
        "fixed_fill": lambda: backbone.fixed_fill(B, alpha=0.5),
        "fixed_row": lambda: backbone.fixed_row(B, alpha=0.5),
        "fixed_col": lambda: backbone.fixed_col(B, alpha=0.5, onto="letters"),
        "sdsm": lambda: backbone.sdsm(B, alpha=0.5),
        "sdsm exact": lambda: backbone.sdsm(B, alpha=0.5, method="exact", onto="letters"),
    }
    for onto in ("actors", "letters"):
        for weighting in cs.WEIGHTINGS:
            calls[f"project {onto} {weighting}"] = lambda o=onto, w=weighting: B.project(o, w)
        calls[f"projection_size {onto}"] = lambda o=onto: B.projection_size(o, min_weight=1)
    for name, call in calls.items():
        _measure(name, call, results)
    return results


# --------------------------------------------------------------------------- attacks


def _must_refuse_write(write: Callable[[], Any], what: str) -> None:
    try:
        write()
    except ValueError:
        return
    raise AssertionError(f"{what}: the write went through")


def _attack_matrix(get: Callable[[], Any], what: str, rebuild: Callable[[Any], Any]) -> None:
    """Attack a matrix property: every write must fail, and nothing done to the copy handed
    out may reach the object; then hand the wrecked copy back to a constructor."""
    matrix = get()
    assert matrix is not get(), f"{what}: the same wrapper is handed out twice"
    for name in ("indptr", "indices", "data"):
        array = getattr(matrix, name)
        assert not array.flags.writeable, f"{what}.{name} is writeable"
        if len(array):
            _must_refuse_write(lambda a=array: a.__setitem__(0, 7), f"{what}.{name}[0] = 7")
            _must_refuse_write(lambda a=array: a.fill(3), f"{what}.{name}.fill(3)")
        _must_refuse_write(
            lambda a=array: setattr(a.flags, "writeable", True), f"{what}.{name} writeable"
        )
    in_place: list[Callable[[Any], Any]] = [
        lambda m: m.sort_indices(),
        lambda m: m.sum_duplicates(),
        lambda m: m.eliminate_zeros(),
        lambda m: m.prune(),
        lambda m: m.setdiag(5.0),
        lambda m: m.__imul__(2.0),
        lambda m: m.resize((1, 1)),
    ]
    for method in in_place:
        target = get()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # scipy's SparseEfficiencyWarning
                method(target)
        except (ValueError, TypeError, NotImplementedError):
            pass  # refused: the arrays are read-only
    wrecked = get()
    wrecked.indices = np.full(len(wrecked.indices), 10**9, dtype=np.int64)
    wrecked.indptr = wrecked.indptr[::-1].copy()
    wrecked.data = -np.ones(len(wrecked.data))
    try:
        rebuild(wrecked)
    except REFUSALS:
        pass
    else:
        if len(wrecked.indices):
            raise AssertionError(f"{what}: a wrecked copy was accepted")


def _attack_table(get: Callable[[], Any], what: str) -> None:
    table = get()
    assert get() is not table, f"{what}: the same table is handed out twice"
    if isinstance(table, pd.Series | pd.Index):
        table.name = "hijacked"
    if not isinstance(table, pd.DataFrame):
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for column in list(table.columns):
            with contextlib.suppress(ValueError, TypeError):  # read-only under copy-on-write
                table[column].to_numpy()[:] = 9
            with contextlib.suppress(ValueError, TypeError):  # a dtype that does not take 9
                table.loc[table.index[:1], column] = 9
        table["hijacked"] = 1
        table.index.name = "hijacked"


def attack_graph(G: cs.Graph) -> None:
    _attack_matrix(lambda: G.upper, "G.upper", lambda m: cs.Graph(m, G.labels))
    _attack_matrix(lambda: G.adjacency, "G.adjacency", lambda m: cs.Graph(m, G.labels))
    for name in ("edges", "nodes", "labels"):
        _attack_table(lambda name=name: getattr(G, name), f"G.{name}")


def attack_bipartite(B: cs.Bipartite) -> None:
    _attack_matrix(lambda: B.matrix, "B.matrix", cs.Bipartite)
    for name in ("letters", "actors", "letter_labels", "actor_labels", "letter_degrees"):
        _attack_table(lambda name=name: getattr(B, name), f"B.{name}")


# --------------------------------------------------------------------------- properties


def _record(path: Path | None, text: str) -> None:
    if path is not None:
        path.write_text(text)


def _check_canonical(matrix: sp.csr_array, expected: np.ndarray, what: str) -> None:
    assert matrix.format == "csr", what
    for name, dtype in (("indptr", np.int64), ("indices", np.int64), ("data", np.float64)):
        assert getattr(matrix, name).dtype == dtype, f"{what}.{name}"
    for row in range(matrix.shape[0]):
        columns = matrix.indices[matrix.indptr[row] : matrix.indptr[row + 1]]
        assert np.all(np.diff(columns) > 0), f"{what}: row {row} is not sorted and unique"
    assert np.all(matrix.data > 0), what
    assert np.all(np.isfinite(matrix.data)), what
    np.testing.assert_array_equal(matrix.toarray(), expected, err_msg=what)


def _build_or_refusal(build: Callable[[], Any]) -> tuple[Any, str | None]:
    """(the object, None), or (None, the message of cosignet's refusal)."""
    try:
        return build(), None
    except REFUSALS as error:
        return None, str(error)


def _check_refusal(refusal: str, expected: np.ndarray | None, names: tuple[str, ...]) -> None:
    assert expected is None, f"refused a valid input: {refusal}"
    assert refusal.startswith(names), f"the message names no argument: {refusal}"


def graph_campaign(last: Path | None = None) -> tuple[int, int]:
    counts = [0, 0]

    @campaign_settings()
    @given(raw=raw_matrices(square=True), data=st.data())
    def property(raw: Raw, data: st.DataObject) -> None:
        labels = data.draw(node_labels(raw.shape[0]))
        _record(last, f"Graph({raw.describe()}, labels={labels})")
        expected = oracle(raw, upper_only=True, allow_empty=True)
        if not labels_valid(labels, raw.shape[0]):
            expected = None
        G, refusal = _build_or_refusal(lambda: cs.Graph(raw.matrix, labels))
        if refusal is not None:
            _check_refusal(refusal, expected, ("upper", "labels"))
            counts[1] += 1
            return
        assert expected is not None, "accepted an input it should refuse"
        _check_canonical(G.upper, expected, "G.upper")
        assert list(G.labels) == labels
        before = graph_results(G)
        attack_graph(G)
        assert_same(graph_results(G), before)
        counts[0] += 1

    property()
    return counts[0], counts[1]


def bipartite_campaign(last: Path | None = None) -> tuple[int, int]:
    counts = [0, 0]

    @campaign_settings()
    @given(raw=raw_matrices(square=False), data=st.data())
    def property(raw: Raw, data: st.DataObject) -> None:
        actor_labels = data.draw(st.one_of(st.none(), node_labels(raw.shape[1])))
        _record(last, f"Bipartite({raw.describe()}, actor_labels={actor_labels})")
        expected = oracle(raw, upper_only=False, allow_empty=False)
        if actor_labels is not None and not labels_valid(actor_labels, raw.shape[1]):
            expected = None
        B, refusal = _build_or_refusal(lambda: cs.Bipartite(raw.matrix, None, actor_labels))
        if refusal is not None:
            _check_refusal(refusal, expected, ("matrix", "actor_labels"))
            counts[1] += 1
            return
        assert expected is not None, "accepted an input it should refuse"
        _check_canonical(B.matrix, expected, "B.matrix")
        before = bipartite_results(B)
        attack_bipartite(B)
        assert_same(bipartite_results(B), before)
        counts[0] += 1

    property()
    return counts[0], counts[1]


def assert_same(after: dict[str, Any], before: dict[str, Any]) -> None:
    assert after.keys() == before.keys()
    for name in before:
        np.testing.assert_equal(after[name], before[name], err_msg=f"{name} changed")


# --------------------------------------------------------------------------- graph files

_ATOMS = st.one_of(
    st.sampled_from(["a", "b", "c", "", "a b", "<", "&amp;", "0", "1", "-1", "nan", "inf"]),
    st.sampled_from(["1e400", "-0", "true", "9" * 40, "\u00e9", "\x00"]),
)
_WEIGHTS = st.sampled_from(
    ["1", "2.5", "0", "-1", "nan", "NaN", "inf", "-inf", "1e400", "5e-324", "abc", "", " 3 "]
)


_JSON_IDS = st.one_of(
    _ATOMS, st.integers(-3, 3), st.none(), st.lists(st.integers(), max_size=1), st.just({})
)


def _json_weight(text: str | None) -> Any:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return text


@st.composite
def node_link(draw: st.DrawFn, nodes: list[str], edges: list[tuple[str, str, Any]]) -> Any:
    """A node-link document, with ids and edge fields of any JSON type, or none at all."""
    shape = draw(st.integers(0, 9))
    if shape == 0:
        return draw(st.sampled_from([[], 5, None, {"nodes": 5}, {"nodes": [1], "edges": {}}]))
    ids = [draw(_JSON_IDS) if draw(st.integers(0, 4)) == 0 else node for node in nodes]
    links = []
    for source, target, weight in edges:
        link: dict[str, Any] = {"source": source, "target": target}
        if weight is not None:
            link["weight"] = _json_weight(weight)
        if draw(st.integers(0, 5)) == 0:
            link[draw(st.sampled_from(["source", "target", "weight"]))] = draw(_JSON_IDS)
        if draw(st.integers(0, 7)) == 0:
            link.pop(draw(st.sampled_from(["source", "target"])))
        links.append(link)
    return {
        "directed": draw(st.booleans()) and draw(st.booleans()),
        "graph": draw(st.one_of(st.just({}), st.just({"name": "x"}), st.just([]))),
        "nodes": [{"id": node} for node in ids],
        draw(st.sampled_from(["edges", "links"])): links,
    }


@st.composite
def graph_files(draw: st.DrawFn) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(["graphml", "gexf", "json", "bytes"]))
    if kind == "bytes":
        suffix = draw(st.sampled_from([".graphml", ".gexf", ".json"]))
        return suffix, draw(st.binary(max_size=200))
    if draw(st.booleans()):  # a well-formed graph, maybe with repeated edges
        nodes = draw(st.lists(st.sampled_from("abcde"), unique=True, max_size=5))
        pairs = [(s, t) for s in nodes for t in nodes if s < t]
        good = st.one_of(st.none(), st.sampled_from(["1", "2.5", "0.5", "3"]))
        edges = draw(st.lists(st.tuples(st.sampled_from(pairs), good), max_size=6)) if pairs else []
        edges = [(s, t, w) for (s, t), w in edges]
    else:
        nodes = draw(st.lists(_ATOMS, max_size=5))
        weights = st.one_of(st.none(), _WEIGHTS)
        edges = draw(st.lists(st.tuples(_ATOMS, _ATOMS, weights), max_size=6))
    if kind == "json":
        return ".json", json.dumps(draw(node_link(nodes, edges))).encode()
    from xml.sax.saxutils import quoteattr

    if kind == "graphml":
        body = "".join(f"<node id={quoteattr(n)}/>" for n in nodes) + "".join(
            f"<edge source={quoteattr(s)} target={quoteattr(t)}>"
            + (f'<data key="w">{w}</data>' if w is not None else "")
            + "</edge>"
            for s, t, w in edges
        )
        text = (
            '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
            '<key id="w" for="edge" attr.name="weight" attr.type="double"/>'
            f'<graph edgedefault="undirected">{body}</graph></graphml>'
        )
        return ".graphml", text.encode("utf-8", "surrogatepass")
    body = (
        "<nodes>"
        + "".join(f"<node id={quoteattr(n)}/>" for n in nodes)
        + "</nodes><edges>"
        + "".join(
            f"<edge source={quoteattr(s)} target={quoteattr(t)}"
            + (f" weight={quoteattr(w)}" if w is not None else "")
            + "/>"
            for s, t, w in edges
        )
        + "</edges>"
    )
    text = f'<gexf xmlns="http://gexf.net/1.3" version="1.3"><graph>{body}</graph></gexf>'
    return ".gexf", text.encode("utf-8", "surrogatepass")


def file_campaign(last: Path | None = None) -> tuple[int, int]:
    """Graph.read on malformed files: a graph that measures like any other, or a ValueError."""
    counts = [0, 0]
    from cosignet import centrality, community

    @campaign_settings()
    @given(file=graph_files())
    def property(file: tuple[str, bytes]) -> None:
        suffix, content = file
        _record(last, f"Graph.read of a {suffix} file holding {content!r}")
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"graph{suffix}"
            path.write_bytes(content)
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", cs.CosignetWarning)
                    G = cs.Graph.read(path)
            except cs.CosignetError:
                counts[1] += 1
                return
            except Exception as error:  # not a crash; reported (graph_io's to decide)
                WARNINGS.add(("Graph.read", f"raised {type(error).__name__}"))
                counts[1] += 1
                return
        weights = G.upper.data
        assert np.all(np.isfinite(weights) & (weights > 0)), weights
        results: dict[str, Any] = {}
        _measure("betweenness", lambda: centrality.betweenness(G), results)
        _measure("louvain", lambda: community.louvain(G, seed=1), results)
        counts[0] += 1

    property()
    return counts[0], counts[1]


CAMPAIGNS: dict[str, Callable[[Path | None], tuple[int, int]]] = {
    "graphs": graph_campaign,
    "bipartites": bipartite_campaign,
    "graph files": file_campaign,
}


if __name__ == "__main__":
    name = sys.argv[1]
    last_example = Path(sys.argv[2]) if len(sys.argv) > 2 else None
    built, refused = CAMPAIGNS[name](last_example)
    print(f"{name}: {built} built and measured, {refused} refused")
    for call, warning in sorted(WARNINGS):
        print(f"warning from {call}: {warning}")
