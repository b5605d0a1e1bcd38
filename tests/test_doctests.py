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
    """Public functions and classes of cosignet, and the public methods of its classes."""
    found: dict[str, object] = {}
    for name in cosignet.__all__:
        obj = getattr(cosignet, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            continue
        if inspect.isfunction(obj) or inspect.isclass(obj):
            found[name] = obj
        if inspect.isclass(obj):
            for attribute, member in vars(obj).items():
                if not attribute.startswith("_") and (
                    inspect.isfunction(member) or isinstance(member, classmethod)
                ):
                    found[f"{name}.{attribute}"] = getattr(obj, attribute)
    return found


def test_every_public_function_has_an_example() -> None:
    callables = public_callables()
    assert "Bipartite.project" in callables
    missing = [name for name, obj in callables.items() if ">>>" not in (obj.__doc__ or "")]
    assert missing == []
