"""``python -m cosignet``: the command line (see :mod:`cosignet.cli`)."""

import sys

from cosignet.cli import main

sys.exit(main())
