"""cosignet: signatory networks from open letters, petitions and cosponsorships.

The public API lives here; see ``docs/architecture.md`` for how the pieces fit.

Examples
--------
>>> import cosignet as cs
>>> B = cs.Bipartite.from_edges(["L1", "L1", "L1", "L2", "L2"], ["ann", "bob", "cy", "ann", "bob"])
>>> G = B.project()
>>> G.edges
  source target  weight
0    ann    bob     2.0
1    ann     cy     1.0
2    bob     cy     1.0
"""

from cosignet import backbone, centrality, community, datasets, layout, plan, temporal, two_mode
from cosignet._version import __version__
from cosignet.analyze import Analysis, analysis_plan, analyze
from cosignet.bipartite import WEIGHTINGS, Bipartite
from cosignet.corpus import Corpus
from cosignet.errors import (
    ConvergenceError,
    CosignetError,
    CosignetWarning,
    InvalidInputError,
    ParseError,
    TooLargeError,
)
from cosignet.graph import Graph
from cosignet.letters import parse_letter
from cosignet.parallel import _apply_environment, get_num_threads, set_num_threads
from cosignet.readers import read_letters
from cosignet.records import Letter, ParseIssue, Signature

__all__ = [
    "WEIGHTINGS",
    "Analysis",
    "Bipartite",
    "ConvergenceError",
    "Corpus",
    "CosignetError",
    "CosignetWarning",
    "Graph",
    "InvalidInputError",
    "Letter",
    "ParseError",
    "ParseIssue",
    "Signature",
    "TooLargeError",
    "__version__",
    "analysis_plan",
    "analyze",
    "backbone",
    "centrality",
    "community",
    "datasets",
    "get_num_threads",
    "layout",
    "parse_letter",
    "plan",
    "read_letters",
    "set_num_threads",
    "temporal",
    "two_mode",
]

_apply_environment()
