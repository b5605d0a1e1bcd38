"""Exceptions raised by cosignet.

Every error cosignet raises on purpose derives from :class:`CosignetError` and also from the
builtin it refines, so ``except ValueError`` keeps working:

- :class:`InvalidInputError` (``CosignetError``, ``ValueError``): a malformed argument; the
  message names the argument and the offending value.
- :class:`ParseError` (``CosignetError``, ``ValueError``): text or a file that cannot be read.
- :class:`ConvergenceError` (``CosignetError``, ``RuntimeError``): an iterative method ran out
  of iterations.
- :class:`TooLargeError` (``CosignetError``, ``MemoryError``): a result that would not fit in
  the allowed size or memory, refused before anything is allocated.

The classes are created by the compiled core, so errors raised in C++ and in Python are the
same classes. Warnings use :class:`CosignetWarning`.
"""

from cosignet._core import (
    ConvergenceError,
    CosignetError,
    InvalidInputError,
    ParseError,
    TooLargeError,
)

__all__ = [
    "ConvergenceError",
    "CosignetError",
    "CosignetWarning",
    "InvalidInputError",
    "ParseError",
    "TooLargeError",
]


class CosignetWarning(UserWarning):
    """Something was repaired or ignored in the input; the message says what and how often."""
