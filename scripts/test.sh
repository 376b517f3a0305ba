#!/usr/bin/env bash
# Installs what the tests need, then runs the whole test suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh --test
export PREFECT_HOME="${PREFECT_HOME:-$(mktemp -d -t evidence-check-prefect-XXXX)}"
export PREFECT_SERVER_ANALYTICS_ENABLED=false
.venv/bin/ruff check .
exec .venv/bin/python -m pytest "$@"
