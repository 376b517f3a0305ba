"""Fault tests (issue 14): the S3 server restarted mid-packet, processes SIGKILLed mid-check, two
watchers and two `serve` on one bucket and database, the database locked, the disk full. Each is
run for real (scenarios.py over world.py); `python -m tests.faults` prints the table."""
