#!/bin/sh
# Regenerate the committed example packet (default preset, seed 7) and its truth.
set -eu
cd "$(dirname "$0")/.."
rm -rf examples/demo-packet
.venv/bin/python -m tests.packetgen examples/demo-packet --seed 7 --preset default
du -sh examples/demo-packet
