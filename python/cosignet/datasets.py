"""Example data sets that ship with cosignet.

- :func:`interpol_2021`: two open letters of 15 November 2021 against the election of Hu
  Binchen to INTERPOL's Executive Committee, one signed by activists in exile and one by
  members of the Inter-Parliamentary Alliance on China (IPAC) and addressed to 18 ministers.
- :func:`us_senate`: bill sponsorship and cosponsorship in the 114th (2015-16) and 116th
  (2019-20) U.S. Senate, public domain data from congress.gov.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from cosignet.corpus import Corpus
from cosignet.errors import InvalidInputError

__all__ = ["SENATE_CONGRESSES", "interpol_2021", "interpol_2021_paths", "us_senate"]

_DATA = Path(__file__).resolve().parent / "data"
_LETTERS = _DATA / "letters"
_SENATE = _DATA / "us_senate"

#: The Congresses :func:`us_senate` has.
SENATE_CONGRESSES: tuple[int, ...] = (114, 116)
_BILL_PREFIX = {"s": "S.", "sj": "S.J.Res."}


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


def us_senate(congress: int = 114) -> Corpus:
    """Return the bills of one U.S. Senate and the senators who sponsored or cosponsored them.

    Each bill is a letter (``letter_id`` such as ``"s1"``, title ``"S. 1"`` or
    ``"S.J.Res. 1"``) and each senator who sponsored or cosponsored it a signatory (sponsor
    and cosponsors are not told apart). A senator's name is the label of the source data,
    ``"Alexander, L. (TN-R)"``, which is the same in both Congresses; ``party`` is ``D``,
    ``R`` or ``I``, ``group`` the state, ``country`` ``"United States"`` and ``organisation``
    ``"U.S. Senate"``. Bills carry no dates (the source has none), and every ``source`` is the
    installed ``signatures_<congress>.csv``.

    The 114th Senate (2015-16) has 3,589 bills, 100 senators and 22,910 signatures; the
    116th (2019-20) is a snapshot taken in 2020, before that Congress ended: 4,464 bills
    (up to S. 4530), 101 senators (one mid-term replacement) and 31,589 signatures.

    Parameters
    ----------
    congress : {114, 116}
        Which Congress.

    Returns
    -------
    Corpus

    Raises
    ------
    InvalidInputError
        For a Congress other than those in :data:`SENATE_CONGRESSES`.

    Notes
    -----
    The data are congress.gov bill status records (a work of the U.S. federal government,
    public domain in the U.S.; https://github.com/unitedstates/congress/wiki/bills), as
    converted to a two-mode graph in the ``deklanw/maxent_graph`` repository (commit
    78324593) and from there to CSV. The package's ``data/us_senate/README.md`` has the
    details.

    Examples
    --------
    >>> import cosignet as cs
    >>> corpus = cs.datasets.us_senate(114)
    >>> len(corpus.letters), len(corpus.actors), len(corpus.signatures)
    (3589, 100, 22910)
    >>> corpus.actors.party.value_counts().to_dict()
    {'R': 54, 'D': 44, 'I': 2}
    >>> corpus.letters.title.head(2).tolist()
    ['S. 1', 'S. 2']
    >>> corpus.incidence().project().n_edges
    4949
    """
    if isinstance(congress, bool) or congress not in SENATE_CONGRESSES:
        raise InvalidInputError(
            f"congress must be one of {', '.join(map(str, SENATE_CONGRESSES))}, got {congress!r}"
        )
    signatures_path = _SENATE / f"signatures_{congress}.csv"
    signatures = pd.read_csv(signatures_path, dtype={"bill_id": str, "senator_id": "int64"})
    bills = pd.read_csv(_SENATE / f"bills_{congress}.csv", dtype={"bill_id": str}).set_index(
        "bill_id"
    )
    senators = pd.read_csv(_SENATE / f"senators_{congress}.csv").set_index("senator_id")
    signers = senators.reindex(signatures["senator_id"].to_numpy())
    bill_rows = bills.reindex(signatures["bill_id"].to_numpy())
    titles = [
        f"{_BILL_PREFIX[kind]} {number}"
        for kind, number in zip(bill_rows["bill_type"], bill_rows["bill_number"], strict=True)
    ]
    table = pd.DataFrame(
        {
            "bill": signatures["bill_id"].to_numpy(),
            "senator": signers["label"].to_numpy(),
            "party": signers["party"].to_numpy(),
            "state": signers["state"].to_numpy(),
            "title": titles,
            "country": "United States",
            "organisation": "U.S. Senate",
            "source": str(signatures_path),
        }
    )
    return Corpus.from_frame(
        table,
        letter="bill",
        signer="senator",
        party="party",
        group="state",
        title="title",
        country="country",
        organisation="organisation",
        source="source",
    )
