"""`python -m tests.hostile [CASE ...] [--fast]`: run the corpus and print its table."""

import sys

from tests.hostile.run import main

args = sys.argv[1:]
sys.exit(main([a for a in args if not a.startswith("--")] or None, include_slow="--fast" not in args))
