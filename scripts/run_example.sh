#!/usr/bin/env bash
# Installs everything, then checks the bundled example packet (no server to start).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
.venv/bin/evidence-check check examples/demo-packet --out out/demo-packet
