"""A first look at cosignet: the two bundled letters of 15 November 2021.

Run with ``pip install . && python examples/quickstart.py``.
"""

import time

import numpy as np
import scipy.sparse as sp

import cosignet as cs

# The two letters against a candidacy to INTERPOL's Executive Committee, read from text.
corpus = cs.datasets.interpol_2021()
print(corpus)
print(corpus.letters[["letter_id", "date", "n_signatories", "n_addressees"]].to_string(index=False))

ipac = corpus.signatures.query("role == 'signatory' and letter_id.str.contains('ipac')")
print("\nIPAC signatories by country:")
print(ipac.country.value_counts().head(8).to_string())

# Letters x signatories, and the co-signature network of the signatories.
B = corpus.incidence()
G = B.project(weighting="newman")
print(f"\n{B}\n{G}")
print("ties between the two letters (shared signatories):", B.project(onto="letters").n_edges)
dolkun, alex = "person:dolkun isa", "person:alex chow"
print("letters behind Dolkun Isa -- Alex Chow:", list(B.shared_letters(dolkun, alex)))

# The same projection on a generated corpus of about 100,000 signatures.
rng = np.random.default_rng(2021)
sizes = np.minimum(rng.lognormal(3.2, 1.0, size=2_000).astype(int) + 2, 1_000)
rows = np.repeat(np.arange(sizes.size), sizes)
cols = (rng.zipf(1.3, size=rows.size) - 1) % 20_000
big = cs.Bipartite(sp.coo_array((np.ones(rows.size), (rows, cols)), shape=(2_000, 20_000)) > 0)
started = time.perf_counter()
co_signers = big.project(min_weight=2)
elapsed = time.perf_counter() - started
print(f"\n{big}: {big.pair_contributions():,} signer pairs -> {co_signers} in {elapsed:.3f} s")
