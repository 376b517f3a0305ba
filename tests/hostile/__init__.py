"""The hostile-input corpus (issue 14): `python -m tests.hostile` prints its table."""
