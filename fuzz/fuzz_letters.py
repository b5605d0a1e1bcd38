"""Atheris harness for the letter parser and the file readers.

Run: ``python fuzz/fuzz_letters.py fuzz/corpus/letters -max_total_time=600`` (needs atheris;
``tests/test_fuzz_inputs.py`` replays the stored inputs without it). The first byte
picks the target: ``cs.parse_letter`` on the rest decoded as text, or ``cs.read_letters`` on
the rest written as a ``.txt``, ``.csv`` or ``.json`` file. Invariants checked on every input:

- ``parse_letter`` never raises; every signature it returns has a name, its ``raw`` text is
  on the line it names, and every line is in the text;
- ``read_letters`` returns a Corpus or raises ParseError/InvalidInputError (a message for the
  user), never anything else; a corpus it returns writes to JSON and reads back equal.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import cosignet as cs

WORK = Path(tempfile.mkdtemp(prefix="cosignet-fuzz-"))
SUFFIXES = (".txt", ".csv", ".json")


def check_letter(text: str) -> None:
    letter = cs.parse_letter(text)
    lines = text.splitlines()
    for signature in (*letter.signatories, *letter.addressees):
        if not signature.name.strip():
            raise AssertionError(f"empty name from {signature.raw!r}")
        if signature.line is not None and not 1 <= signature.line <= len(lines):
            raise AssertionError(f"line {signature.line} of {len(lines)}")
    for issue in letter.issues:
        if not 0 <= issue.line <= len(lines):
            raise AssertionError(f"issue on line {issue.line} of {len(lines)}")


def check_file(data: bytes, suffix: str) -> None:
    path = WORK / f"input{suffix}"
    path.write_bytes(data)
    try:
        corpus = cs.read_letters(path, progress=False)
    except (cs.ParseError, cs.InvalidInputError):
        return
    if len(corpus.letters) == 0:
        return
    out = WORK / "round-trip.json"
    corpus.to_json(out)
    back = cs.Corpus.read_json(out)
    if not back.signatures[["letter_id", "name", "raw"]].equals(
        corpus.signatures[["letter_id", "name", "raw"]]
    ):
        raise AssertionError("JSON round trip changed the signatures")


def test_one_input(data: bytes) -> None:
    if not data:
        return
    target, rest = data[0] % 4, data[1:]
    if target == 0:
        check_letter(rest.decode("utf-8", errors="replace"))
    else:
        check_file(rest, SUFFIXES[target - 1])


def main() -> None:
    import atheris

    os.environ.setdefault("COSIGNET_NUM_THREADS", "1")
    atheris.instrument_all()  # coverage feedback from cosignet's Python code (and all loaded)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
