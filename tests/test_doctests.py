"""Every example in the public docstrings runs and prints what it says."""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil

import pytest

import cosignet

MODULES = [
    "cosignet",
    *sorted(
        name
        for _, name, _ in pkgutil.walk_packages(cosignet.__path__, prefix="cosignet.")
        if not name.split(".")[-1].startswith("_")
    ),
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def public_callables() -> dict[str, object]:
    """Public functions and classes of cosignet and of its public modules (``cs.centrality``,
    ``cs.backbone``, ...), and the public methods of those classes."""
    found: dict[str, object] = {}
    namespaces = [("", cosignet)] + [
        (f"{name}.", getattr(cosignet, name))
        for name in cosignet.__all__
        if inspect.ismodule(getattr(cosignet, name))
    ]
    for prefix, namespace in namespaces:
        for name in namespace.__all__:
            obj = getattr(namespace, name)
            if isinstance(obj, type) and issubclass(obj, Exception):
                continue
            if inspect.isfunction(obj) or inspect.isclass(obj):
                found[prefix + name] = obj
            if inspect.isclass(obj):
                for attribute, member in vars(obj).items():
                    if not attribute.startswith("_") and (
                        inspect.isfunction(member) or isinstance(member, classmethod)
                    ):
                        found[f"{prefix}{name}.{attribute}"] = getattr(obj, attribute)
    return found


def test_every_public_function_has_an_example() -> None:
    callables = public_callables()
    assert "Bipartite.project" in callables
    assert "centrality.pagerank" in callables
    assert "backbone.BiCM.probability" in callables
    missing = [name for name, obj in callables.items() if ">>>" not in (obj.__doc__ or "")]
    assert missing == []
