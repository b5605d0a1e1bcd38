"""Nothing lost, nothing leaked, no crash: cosignet under hostile and careless input.

The public constructors check what they are given (or are private); what an object hands out
is read-only or a copy; the core checks every CSR matrix it is given; and the property-based
campaigns of hostile_cases.py, run in subprocesses so that a crash fails a test instead of
killing pytest, build graphs and bipartites from arbitrary arrays, measure them, attack what
they hand out and measure again.
"""

from __future__ import annotations

import copy
import json
import pickle
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

import cosignet as cs
from cosignet import _core
from cosignet._sparse import csr_args

TESTS = Path(__file__).resolve().parent
LABELS = ["a", "b", "c"]


def hostile(cls: type, shape: tuple[int, int], indptr, indices, data) -> sp.sparray:
    """A compressed matrix whose arrays are set after construction, past scipy's checks."""
    matrix = cls(shape, dtype=np.float64)
    matrix.indptr = np.asarray(indptr)
    matrix.indices = np.asarray(indices)
    matrix.data = np.asarray(data, dtype=np.float64)
    return matrix


def triangle(*entries: tuple[int, int, float], n: int = 3) -> np.ndarray:
    dense = np.zeros((n, n))
    for row, col, value in entries:
        dense[row, col] = value
    return dense


# ------------------------------------------------------------------ Graph(upper, labels)


def uneven_lil() -> sp.lil_array:
    matrix = sp.lil_array((3, 3))
    matrix[0, 1] = 1.0
    matrix.data[0] = [1.0, 2.0]  # two values for one index
    return matrix


def mangled(change) -> sp.sparray:
    """A 3 x 3 matrix with one tie, after `change` has had its way with it."""
    matrix = sp.csr_array(triangle((0, 1, 1.0)))
    change(matrix)
    return matrix


def mangled_coo() -> sp.coo_array:
    matrix = sp.coo_array(triangle((0, 1, 1.0)))
    matrix.coords = 5
    return matrix


GRAPH_REFUSALS = [
    (
        lambda: cs.Graph(mangled(lambda m: setattr(m, "data", [1.0])), LABELS),
        "upper.data must be a one-dimensional array of numbers, got list",
    ),
    (
        lambda: cs.Graph(mangled(lambda m: delattr(m, "indices")), LABELS),
        "upper.indices must be a one-dimensional array of integers, got NoneType",
    ),
    (
        lambda: cs.Graph(mangled(lambda m: delattr(m, "_shape")), LABELS),
        "upper must be two-dimensional, got shape None",
    ),
    (lambda: cs.Graph(mangled_coo(), LABELS), "upper.coords must be (rows, columns), got 5"),
    (
        lambda: cs.Graph(hostile(sp.csr_array, (3, 3), [0, 1, 2, 2], [1, 10**6], [1, 1]), LABELS),
        "upper: entry (1, 1000000) is outside the shape 3 x 3",
    ),
    (
        lambda: cs.Graph(hostile(sp.csr_array, (3, 3), [0, 1, 1, 1], [-1], [1]), LABELS),
        "upper: entry (0, -1) is outside the shape 3 x 3",
    ),
    (
        lambda: cs.Graph(hostile(sp.csr_array, (3, 3), [0, 1], [1], [1]), LABELS),
        "upper.indptr must have 4 entries, got 2",
    ),
    (
        lambda: cs.Graph(hostile(sp.csr_array, (3, 3), [1, 1, 1, 1], [1], [1]), LABELS),
        "upper.indptr[0] must be 0, got 1",
    ),
    (
        lambda: cs.Graph(hostile(sp.csr_array, (3, 3), [0, 2, 1, 2], [1, 2], [1, 1]), LABELS),
        "upper.indptr decreases at position 2 (2 to 1)",
    ),
    (
        lambda: cs.Graph(hostile(sp.csr_array, (3, 3), [0, 1, 5, 5], [1, 2], [1, 1]), LABELS),
        "upper.indptr[-1] is 5 entries, but there are only 2 column indices and 2 values",
    ),
    (
        lambda: cs.Graph(hostile(sp.csc_array, (3, 3), [0, 0, 1, 1], [7], [1]), LABELS),
        "upper: entry (7, 1) is outside the shape 3 x 3",
    ),
    (
        lambda: cs.Graph(hostile(sp.csr_array, (3, 3), [0, 1, 1, 1], [1.0], [1]), LABELS),
        "upper.indices must be a one-dimensional array of integers, got float64 of shape (1,)",
    ),
    (
        lambda: cs.Graph(hostile(sp.csr_array, (3, 3), [0, 1, 1, 1], [[1]], [1]), LABELS),
        "upper.indices must be a one-dimensional array of integers, got int64 of shape (1, 1)",
    ),
    (
        lambda: cs.Graph(
            hostile(sp.csr_array, (3, 3), [0, 1, 1, 1], np.array([2**64 - 1], np.uint64), [1]),
            LABELS,
        ),
        "upper.indices[0] is 18446744073709551615, past the int64 range",
    ),
    (lambda: cs.Graph(uneven_lil(), LABELS), "upper (lil): row 0 has 1 indices but 2 values"),
    (
        lambda: cs.Graph(sp.csr_array(triangle((0, 1, 1)) * 1j), LABELS),
        "upper.data must hold real numbers, got dtype complex128",
    ),
    (
        lambda: cs.Graph(triangle((0, 1, 1)).astype(object), LABELS),
        "upper must hold numbers, got dtype object",
    ),
    (
        lambda: cs.Graph(np.zeros((3, 3, 3)), LABELS),
        "upper must be two-dimensional, got shape (3, 3, 3)",
    ),
    (lambda: cs.Graph(np.zeros((3, 4)), LABELS), "upper has shape (3, 4) but there are 3 labels"),
    (
        lambda: cs.Graph(sp.csr_array((2, 2)), LABELS),
        "upper has shape (2, 2) but there are 3 labels",
    ),
    (
        lambda: cs.Graph(sp.csr_array(triangle((1, 0, 2.0))), LABELS),
        "upper: entry (1, 0) is below the diagonal; upper is the strict upper triangle (u < v) "
        "of the adjacency: pass scipy.sparse.triu(adjacency, k=1)",
    ),
    (
        lambda: cs.Graph(sp.csr_array(triangle((1, 1, 2.0))), LABELS),
        "upper: entry (1, 1) is a self-loop on 'b'; co-signature graphs have none",
    ),
    (
        lambda: cs.Graph(triangle((0, 1, np.nan)), LABELS),
        "upper: value nan at (0, 1) is not finite",
    ),
    (
        lambda: cs.Graph(triangle((0, 2, -np.inf)), LABELS),
        "upper: value -inf at (0, 2) is not finite",
    ),
    (lambda: cs.Graph(triangle((1, 2, -2)), LABELS), "upper: value -2 at (1, 2) is not positive"),
    (
        lambda: cs.Graph(sp.coo_array(([1e308, 1e308], ([0, 0], [1, 1])), shape=(3, 3)), LABELS),
        "upper: the repeated weights of (0, 1) sum past the largest finite number",
    ),
    (
        lambda: cs.Graph(sp.csr_array((3, 3)), ["a", "a", "b"]),
        "labels must be unique; 'a' appears more than once",
    ),
    (lambda: cs.Graph(sp.csr_array((3, 3)), ["a", None, "b"]), "labels[1] is missing (None)"),
    (lambda: cs.Graph(sp.csr_array((3, 3)), "abc"), "labels must be a sequence of labels, got str"),
    (
        lambda: cs.Graph(sp.csr_array((3, 3)), LABELS, nodes=[1, 2, 3]),
        "nodes must be a DataFrame indexed by label, got list",
    ),
    (
        lambda: cs.Graph(
            sp.csr_array((3, 3)), LABELS, nodes=pd.DataFrame({"x": [1, 2]}, index=["a", "a"])
        ),
        "nodes repeats the label 'a'",
    ),
    (
        lambda: cs.Graph(sp.csr_array((3, 3)), LABELS, edge_data=[1]),
        "edge_data must be a DataFrame, got list",
    ),
    (
        lambda: cs.Graph(
            sp.csr_array(np.triu(np.ones((3, 3)), 1)), LABELS, edge_data=pd.DataFrame({"p": [1]})
        ),
        "edge_data has 1 rows but upper has 3 edges; give one row per stored entry, in "
        "storage order",
    ),
    (
        lambda: cs.Graph(
            sp.coo_array(([1.0, 1.0], ([0, 0], [2, 1])), shape=(3, 3)),
            LABELS,
            edge_data=pd.DataFrame({"p": [1, 2]}),
        ),
        "edge_data needs upper in canonical form (rows in order, columns sorted within them, no "
        "repeated entries or explicit zeros) so that its rows match the stored entries; sort "
        "upper and sum its duplicates first",
    ),
]


@pytest.mark.parametrize(("call", "message"), GRAPH_REFUSALS, ids=[m for _, m in GRAPH_REFUSALS])
def test_graph_refuses_bad_input_naming_it(call, message: str) -> None:
    with pytest.raises(cs.InvalidInputError) as error:
        call()
    assert str(error.value) == message


EXPECTED = triangle((0, 1, 3.0), (0, 2, 1.0), (1, 2, 0.5))


def as_formats(dense: np.ndarray) -> dict[str, object]:
    """`dense` in every form a caller might hand over."""
    csr = sp.csr_array(dense)
    return {
        "dense": dense,
        "lists": dense.tolist(),
        "ints": (dense * 2).astype(np.int64),
        "csr_matrix": sp.csr_matrix(dense),
        "csr int32": csr,
        "csr uint64": hostile(
            sp.csr_array,
            dense.shape,
            csr.indptr.astype(np.uint64),
            csr.indices.astype(np.uint64),
            csr.data,
        ),
        "csr float32": sp.csr_array(dense.astype(np.float32)),
        **{fmt: csr.asformat(fmt) for fmt in ("csc", "coo", "lil", "dok", "bsr", "dia")},
    }


@pytest.mark.parametrize("fmt", list(as_formats(EXPECTED)))
def test_graph_takes_any_format(fmt: str) -> None:
    given = as_formats(EXPECTED)[fmt]
    G = cs.Graph(given, LABELS)
    expected = EXPECTED * 2 if fmt == "ints" else EXPECTED
    np.testing.assert_array_equal(G.upper.toarray(), expected)
    assert G.upper.indices.dtype == np.int64
    assert G.upper.data.dtype == np.float64


def test_graph_sorts_sums_repeats_and_drops_zeros_as_scipy_reads_them() -> None:
    # Row 0 unsorted with (0, 1) twice; an explicit zero, even below the diagonal, is no tie.
    upper = hostile(sp.csr_array, (3, 3), [0, 3, 4, 4], [2, 1, 1, 0], [1.0, 2.0, 1.0, 0.0])
    G = cs.Graph(upper, LABELS)
    np.testing.assert_array_equal(G.upper.indptr, [0, 2, 2, 2])
    np.testing.assert_array_equal(G.upper.indices, [1, 2])
    np.testing.assert_array_equal(G.upper.data, [3.0, 1.0])


def test_graph_copies_the_callers_matrix_once_and_leaves_it_alone() -> None:
    upper = sp.csr_array(EXPECTED)
    arrays = [upper.indptr.copy(), upper.indices.copy(), upper.data.copy()]
    G = cs.Graph(upper, LABELS)
    for mine, before in zip((upper.indptr, upper.indices, upper.data), arrays, strict=True):
        np.testing.assert_array_equal(mine, before)
        assert mine.flags.writeable  # the caller's arrays keep their flags
        for kept in (G.upper.indptr, G.upper.indices, G.upper.data):
            assert not np.shares_memory(mine, kept)
    upper.data[:] = -1.0
    upper.indices[:] = 10**9
    np.testing.assert_array_equal(G.upper.toarray(), EXPECTED)


def test_graph_of_another_graphs_matrix_shares_it() -> None:
    G = cs.Graph(EXPECTED, LABELS)
    again = cs.Graph(G.upper, G.labels)
    for name in ("indptr", "indices", "data"):
        assert np.shares_memory(getattr(again.upper, name), getattr(G.upper, name))
    mine = cs.Graph(G.upper.copy(), G.labels)
    assert not np.shares_memory(mine.upper.data, G.upper.data)


def test_graph_nodes_are_aligned_with_the_labels() -> None:
    nodes = pd.DataFrame({"party": ["X", "Y"]}, index=["c", "a"])
    G = cs.Graph(EXPECTED, LABELS, nodes=nodes)
    assert G.nodes.index.tolist() == LABELS
    assert G.nodes.loc["a", "party"] == "Y"
    assert pd.isna(G.nodes.loc["b", "party"])
    nodes.loc["a", "party"] = "changed"
    assert G.nodes.loc["a", "party"] == "Y"


def test_graph_edge_data_follows_a_canonical_upper() -> None:
    upper = sp.csr_array(EXPECTED)
    G = cs.Graph(upper, LABELS, edge_data=pd.DataFrame({"p": [0.1, 0.2, 0.3]}))
    assert G.edges.p.tolist() == [0.1, 0.2, 0.3]
    assert G.edges.weight.tolist() == [3.0, 1.0, 0.5]


# ------------------------------------------------------------------ Bipartite(matrix)

BIPARTITE_REFUSALS = [
    (
        lambda: cs.Bipartite(hostile(sp.csc_array, (2, 2), [0, 1, 1], [7], [1])),
        cs.InvalidInputError,
        "matrix: entry (7, 0) is outside the shape 2 x 2",
    ),
    (
        lambda: cs.Bipartite(hostile(sp.csr_array, (1, 3), [0, 2], [0, 1], [1])),
        cs.InvalidInputError,
        "matrix.indptr[-1] is 2 entries, but there are only 2 column indices and 1 values",
    ),
    (
        lambda: cs.Bipartite(hostile(sp.csr_array, (1, 3), [0, 1], np.array([True]), [1])),
        cs.InvalidInputError,
        "matrix.indices must be a one-dimensional array of integers, got bool of shape (1,)",
    ),
    (
        lambda: cs.Bipartite(hostile(sp.csr_array, (2, 2), [0, 1, 1], [1], [np.nan])),
        cs.InvalidInputError,
        "matrix: value nan at (0, 1) is not finite",
    ),
    (
        lambda: cs.Bipartite(sp.csr_array((1, 2**62))),
        cs.TooLargeError,
        "matrix has shape 1 x 4,611,686,018,427,387,904: its row and column offsets alone would "
        "need 36893488.1 TB, more than the",
    ),
]


@pytest.mark.parametrize(
    ("call", "kind", "message"), BIPARTITE_REFUSALS, ids=[m for _, _, m in BIPARTITE_REFUSALS]
)
def test_bipartite_refuses_bad_input_naming_it(call, kind: type, message: str) -> None:
    with pytest.raises(kind) as error:
        call()
    assert str(error.value).startswith(message), str(error.value)


@pytest.mark.parametrize("fmt", list(as_formats(EXPECTED)))
def test_bipartite_takes_any_format(fmt: str) -> None:
    B = cs.Bipartite(as_formats(EXPECTED)[fmt])
    expected = EXPECTED * 2 if fmt == "ints" else EXPECTED
    np.testing.assert_array_equal(B.matrix.toarray(), expected)


def test_bipartite_leaves_the_callers_matrix_alone_and_shares_its_own() -> None:
    matrix = sp.csr_array(np.array([[0.0, 1.0], [2.0, 0.0]]))
    B = cs.Bipartite(matrix)
    matrix.data[:] = -5.0
    np.testing.assert_array_equal(B.matrix.data, [1.0, 2.0])
    again = cs.Bipartite(B.matrix, B.letter_labels, B.actor_labels)
    assert np.shares_memory(again.matrix.indices, B.matrix.indices)


# ------------------------------------------------------------------ what objects hand out


def owners() -> dict[str, tuple[object, str]]:
    G = cs.Graph(EXPECTED, LABELS)
    B = cs.Bipartite(np.array([[1.0, 1.0, 0.0], [0.0, 1.0, 1.0]]), ["L1", "L2"], LABELS)
    return {"G.upper": (G, "upper"), "G.adjacency": (G, "adjacency"), "B.matrix": (B, "matrix")}


@pytest.mark.parametrize("what", ["G.upper", "G.adjacency", "B.matrix"])
def test_handed_out_matrices_are_read_only(what: str) -> None:
    owner, name = owners()[what]
    before = getattr(owner, name).toarray()
    matrix = getattr(owner, name)
    assert matrix is not getattr(owner, name)
    for array in (matrix.indptr, matrix.indices, matrix.data):
        assert not array.flags.writeable
        with pytest.raises(ValueError, match="assignment destination is read-only"):
            array[0] = 10**9
        with pytest.raises(ValueError, match="cannot set WRITEABLE flag to True of this array"):
            array.flags.writeable = True
    with pytest.raises(ValueError, match="read-only"):
        matrix.eliminate_zeros()  # scipy's in-place methods are refused too
    matrix.sort_indices()  # canonical already: nothing to do, nothing done
    matrix.sum_duplicates()
    # Assigning new arrays changes only the copy handed out.
    matrix.indices = np.full_like(matrix.indices, 10**9)
    matrix.data = -matrix.data
    np.testing.assert_array_equal(getattr(owner, name).toarray(), before)


@pytest.mark.parametrize("what", ["G.upper", "G.adjacency", "B.matrix"])
def test_read_only_matrices_work_with_scipy(what: str) -> None:
    owner, name = owners()[what]
    matrix = getattr(owner, name)
    dense = matrix.toarray()
    np.testing.assert_array_equal((matrix @ matrix.T).toarray(), dense @ dense.T)
    np.testing.assert_array_equal(matrix.T.toarray(), dense.T)
    np.testing.assert_array_equal(matrix.tocsc().toarray(), dense)
    np.testing.assert_array_equal(matrix.sum(axis=0), dense.sum(axis=0))
    mine = matrix.copy()
    assert mine.data.flags.writeable
    mine.data[:] = 7.0
    np.testing.assert_array_equal(getattr(owner, name).toarray(), dense)


def test_handed_out_tables_are_copies() -> None:
    G = cs.Graph(EXPECTED, LABELS)
    edges = G.edges
    edges.source.to_numpy()[:] = "hijacked"  # pandas hands out object columns' own arrays
    edges.loc[0, "weight"] = 99.0
    labels = G.labels
    labels.name = "hijacked"
    nodes = G.nodes
    nodes["x"] = 1
    assert G.edges.source.tolist() == ["a", "a", "b"]
    assert G.edges.weight.tolist() == [3.0, 1.0, 0.5]
    assert G.labels.name is None
    assert list(G.nodes.columns) == []
    assert sorted(G.to_networkx().edges(data="weight")) == [
        ("a", "b", 3.0),
        ("a", "c", 1.0),
        ("b", "c", 0.5),
    ]


@pytest.mark.parametrize("how", ["pickle", "deepcopy", "copy"])
def test_copies_and_pickles_keep_their_arrays_read_only(how: str) -> None:
    G = cs.Graph(EXPECTED, LABELS)
    _ = G.adjacency, G.edges  # cached values travel too
    B = cs.Bipartite(EXPECTED)
    _ = B.project()
    for original in (G, B):
        twin = {
            "pickle": lambda o: pickle.loads(pickle.dumps(o)),
            "deepcopy": copy.deepcopy,
            "copy": copy.copy,
        }[how](original)
        matrix = twin.upper if isinstance(twin, cs.Graph) else twin.matrix
        assert not matrix.data.flags.writeable
        with pytest.raises(ValueError, match="read-only"):
            matrix.data[0] = -1.0
        np.testing.assert_array_equal(matrix.toarray(), EXPECTED)
    np.testing.assert_array_equal(twin.project().upper.toarray(), B.project().upper.toarray())


# ------------------------------------------------------------------ the core's own checks

INDPTR, INDICES, DATA = np.array([0, 1, 2]), np.array([1, 0]), np.array([1.0, 1.0])


def arrays(indptr, indices, data=None):
    data = np.ones(len(indices)) if data is None else data
    return (
        np.asarray(indptr, dtype=np.int64),
        np.asarray(indices, dtype=np.int64),
        np.asarray(data, dtype=np.float64),
    )


CORE_REFUSALS = [
    (
        lambda: _core.transpose(2, 3, *arrays([0, 1, 2], [5, 0])),
        "matrix: column 5 in row 0 is outside [0, 3)",
    ),
    (
        lambda: _core.symmetrize_upper(3, *arrays([0, 2, 2, 2], [2, 1])),
        "upper: columns of row 0 are not sorted and unique (at column 1)",
    ),
    (
        lambda: _core.betweenness(
            3, *arrays([0, 2, 1, 2], [1, 2]), False, np.arange(3, dtype=np.int64), False
        ),
        "adjacency: indptr decreases at row 1",
    ),
    (
        lambda: _core.path_sums(2, *arrays([1, 1, 1], [0]), False),
        "adjacency: indptr[0] must be 0, got 1",
    ),
    (
        lambda: _core.structural_holes(2, *arrays([0, 1, 5], [1, 0])),
        "adjacency: indices and data must both have indptr[-1] = 5 entries, got 2 and 2",
    ),
    (
        lambda: _core.louvain(2, *arrays([0, 1, 2], [1, -4]), np.ones(2), np.ones(2), 1.0, 1, 10),
        "adjacency: column -4 in row 1 is outside [0, 2)",
    ),
    (
        lambda: _core.project_upper(
            2, 2, *arrays([0, 1, 2], [0, 1]), *arrays([0, 1, 2], [9, 1]), "count", 0.0
        ),
        "transposed incidence: column 9 in row 0 is outside [0, 2)",
    ),
    (
        lambda: _core.project_upper_fill(
            2,
            2,
            *arrays([0, 1, 2], [0, 1]),
            *arrays([0, 1, 2], [0, 1]),
            "count",
            0.0,
            np.array([0, 1, 0], dtype=np.int64),
        ),
        "offsets decrease at row 1",
    ),
    (
        lambda: _core.eigenvector_centrality(2, *arrays([0, 1], [1]), 1e-9, 10),
        "adjacency: indptr must have rows + 1 = 3 entries, got 2",
    ),
]


@pytest.mark.parametrize(("call", "message"), CORE_REFUSALS, ids=[m for _, m in CORE_REFUSALS])
def test_core_checks_every_csr_it_is_given(call, message: str) -> None:
    with pytest.raises(cs.InvalidInputError) as error:
        call()
    assert str(error.value) == message


def test_core_refuses_sizes_past_memory_instead_of_wrapping_them() -> None:
    # A transpose with 2^62 rows: its indptr's byte count would wrap around size_t.
    with pytest.raises(MemoryError):
        _core.transpose(1, 2**62, *arrays([0, 0], []))


def test_core_reads_read_only_arrays() -> None:
    B = cs.Bipartite(EXPECTED)
    matrix = B.matrix
    assert not matrix.indices.flags.writeable
    indptr, indices, _ = _core.transpose(*csr_args(matrix))
    np.testing.assert_array_equal(indptr, [0, 0, 1, 3])
    np.testing.assert_array_equal(indices, [0, 0, 1])


# ------------------------------------------------------------------ in subprocesses


def run_python(*args: str) -> subprocess.CompletedProcess[str]:
    """Run Python on `args` in the tests folder, with tracebacks on a crash."""
    return subprocess.run(
        [sys.executable, "-X", "faulthandler", *args],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=TESTS,
    )


def test_the_crashes_of_the_issue_are_errors_now() -> None:
    script = textwrap.dedent(
        """
        import numpy as np, pandas as pd, scipy.sparse as sp, cosignet as cs
        def attempt(name, call):
            try:
                call()
                print(name, "-> ran")
            except Exception as error:
                print(name, "->", type(error).__name__ + ":", error)
        bad = sp.csr_array((3, 3))
        bad.indptr = np.array([0, 1, 2, 2]); bad.indices = np.array([1, 10**6])
        bad.data = np.ones(2)
        attempt("Graph of a bad csr", lambda: cs.centrality.betweenness(cs.Graph(bad, list("abc"))))
        unsorted = sp.csr_array((3, 3))
        unsorted.indptr = np.array([0, 2, 2, 2]); unsorted.indices = np.array([2, 1])
        unsorted.data = np.ones(2)
        G = cs.Graph(unsorted, list("abc"))
        attempt("measure a Graph of an unsorted csr", lambda: cs.centrality.closeness(G))
        B = cs.Bipartite.from_edges([1, 1, 2], ["a", "b", "a"])
        def write_matrix(): B.matrix.indices[0] = 10**9
        attempt("write into B.matrix.indices", write_matrix)
        def write_upper(): G.upper.indices[0] = 10**9
        attempt("write into G.upper.indices", write_upper)
        attempt("project after", lambda: print(B.project().edges.to_dict("list")))
        attempt("measure after", lambda: print(cs.centrality.degree(G).tolist()))
        """
    )
    result = run_python("-c", script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Graph of a bad csr -> InvalidInputError: upper: entry (1, 1000000) is outside the "
        "shape 3 x 3",
        "measure a Graph of an unsorted csr -> ran",
        "write into B.matrix.indices -> ValueError: assignment destination is read-only",
        "write into G.upper.indices -> ValueError: assignment destination is read-only",
        "{'source': ['a'], 'target': ['b'], 'weight': [1.0]}",
        "project after -> ran",
        "[2.0, 1.0, 1.0]",
        "measure after -> ran",
    ]


#: Numerical warnings and errors the measures give on weights near the ends of the float
#: range (1e300 and more, or subnormal): overflow, not crashes; reported to their modules.
KNOWN_NUMERICAL = re.compile(
    r"warning from [\w ]+: (RuntimeWarning: (overflow|invalid value) encountered in \w+"
    r"|raised OverflowError: \(34, 'Numerical result out of range'\))"
)


@pytest.mark.parametrize("campaign", ["graphs", "bipartites", "graph files"])
def test_property_campaign(campaign: str, tmp_path: Path) -> None:
    """Run a hostile_cases.py campaign in a subprocess: a crash fails here, naming its input."""
    sys.path.insert(0, str(TESTS))
    try:
        from hostile_cases import examples
    finally:
        sys.path.remove(str(TESTS))
    last = tmp_path / "last_example.txt"
    result = run_python("hostile_cases.py", campaign, str(last))
    example = last.read_text() if last.exists() else "(none)"
    assert result.returncode == 0, (
        f"exit status {result.returncode}; last example: {example}\n"
        f"{result.stdout[-3000:]}\n{result.stderr[-6000:]}"
    )
    lines = result.stdout.splitlines()
    counts = re.fullmatch(rf"{campaign}: (\d+) built and measured, (\d+) refused", lines[0])
    assert counts is not None, lines
    built, refused = int(counts[1]), int(counts[2])
    assert built + refused == examples()
    assert built >= examples() // 10, lines[0]
    assert refused >= examples() // 10, lines[0]
    for line in lines[1:]:
        assert KNOWN_NUMERICAL.fullmatch(line) or line.startswith("warning from Graph.read"), line


def test_read_refuses_entity_expansion(tmp_path: Path) -> None:
    # "Billion laughs": ten levels of ten references, 10^9 copies of "ha".
    entities = ['<!ENTITY l0 "ha">'] + [
        f'<!ENTITY l{k} "{f"&l{k - 1};" * 10}">' for k in range(1, 10)
    ]
    path = tmp_path / "laughs.graphml"
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE graphml [{"".join(entities)}]>'
        '<graphml><graph><node id="&l9;"/></graph></graphml>'
    )
    with pytest.raises(cs.ParseError, match="not well-formed XML"):
        cs.Graph.read(path)


def test_read_survives_deep_nesting(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 200_000 + "]" * 200_000)
    with pytest.raises((RecursionError, cs.ParseError)):
        cs.Graph.read(path)
    path.write_text(json.dumps({"nodes": [{"id": "a"}], "edges": []}))
    assert cs.Graph.read(path).n_nodes == 1
