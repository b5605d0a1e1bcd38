"""Example data sets that ship with cosignet.

- :func:`interpol_2021`: two open letters of 15 November 2021 against the election of Hu
  Binchen to INTERPOL's Executive Committee, one signed by activists in exile and one by
  members of the Inter-Parliamentary Alliance on China (IPAC) and addressed to 18 ministers.
"""

from __future__ import annotations

from pathlib import Path

from cosignet.corpus import Corpus

__all__ = ["interpol_2021", "interpol_2021_paths"]

_LETTERS = Path(__file__).resolve().parent / "data" / "letters"


def interpol_2021_paths() -> list[Path]:
    """Return the paths of the two letter files of :func:`interpol_2021`, in sorted order.

    Returns
    -------
    list of pathlib.Path

    Examples
    --------
    >>> import cosignet as cs
    >>> [path.name for path in cs.datasets.interpol_2021_paths()]
    ['2021-11-15_interpol_activists_in_exile.txt', '2021-11-15_interpol_ipac_ministers.txt']
    """
    return sorted(_LETTERS.glob("*.txt"))


def interpol_2021() -> Corpus:
    """Return the two open letters of 15 November 2021 on INTERPOL's Executive Committee.

    The letters are plain text files inside the installed package, read with
    :func:`cosignet.read_letters`: ``2021-11-15_interpol_activists_in_exile`` (civil society
    and activists in exile) and ``2021-11-15_interpol_ipac_ministers`` (members of IPAC,
    addressed to 18 interior and justice ministers). Each letter's ``source`` is the path of
    its installed file.

    Returns
    -------
    Corpus

    Examples
    --------
    >>> import cosignet as cs
    >>> corpus = cs.datasets.interpol_2021()
    >>> list(corpus.letters.letter_id)
    ['2021-11-15_interpol_activists_in_exile', '2021-11-15_interpol_ipac_ministers']
    >>> corpus.letters.date.tolist()
    [datetime.date(2021, 11, 15), datetime.date(2021, 11, 15)]
    """
    from cosignet.readers import read_letters

    return read_letters([str(path) for path in interpol_2021_paths()])
