"""`python -m tests.hostile [CASE ...] [--fast] [--full]`: run the corpus and print its table.

--fast leaves out the slow cases; --full re-reads the clean documents in every case instead of
re-using their extraction (see tests/hostile/harness.py)."""

import sys

from tests.hostile import harness
from tests.hostile.run import main

args = sys.argv[1:]
harness.REUSE_CLEAN_EXTRACTION = "--full" not in args
sys.exit(main([a for a in args if not a.startswith("--")] or None, include_slow="--fast" not in args))
