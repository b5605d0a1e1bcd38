"""A first look at cosignet's co-signature projection.

Run with ``pip install . && python examples/quickstart.py``.
"""

import time

import numpy as np
import scipy.sparse as sp

import cosignet as cs

# A few signatories of the two letters of 15 November 2021 against a candidacy to
# INTERPOL's Executive Committee (the full letters ship with cosignet later on).
signatures = [
    ("IPAC letter", "Iain Duncan Smith"),
    ("IPAC letter", "David Alton"),
    ("IPAC letter", "Reinhard Bütikofer"),
    ("IPAC letter", "Dovilė Šakalienė"),
    ("Activists' letter", "Dolkun Isa"),
    ("Activists' letter", "Alex Chow"),
    ("Activists' letter", "Bob Fu"),
]
letters, signers = zip(*signatures, strict=True)
B = cs.Bipartite.from_edges(letters, signers)
print(B)
print("signatories per letter:", B.letter_degrees.to_dict())

G = B.project(weighting="newman")
print(G)
print(G.edges.head(4).to_string(index=False))
print(
    "letters behind Iain Duncan Smith -- David Alton:",
    list(B.shared_letters("Iain Duncan Smith", "David Alton")),
)
print("ties between the two letters (shared signatories):", B.project(onto="letters").n_edges)

# The same on a generated corpus: 2,000 letters, 20,000 signers, about 100,000 signatures.
rng = np.random.default_rng(2021)
sizes = np.minimum(rng.lognormal(3.2, 1.0, size=2_000).astype(int) + 2, 1_000)
rows = np.repeat(np.arange(sizes.size), sizes)
cols = (rng.zipf(1.3, size=rows.size) - 1) % 20_000
big = cs.Bipartite(sp.coo_array((np.ones(rows.size), (rows, cols)), shape=(2_000, 20_000)) > 0)
started = time.perf_counter()
co_signers = big.project(min_weight=2)
elapsed = time.perf_counter() - started
print(f"{big}: {big.pair_contributions():,} signer pairs -> {co_signers} in {elapsed:.3f} s")
