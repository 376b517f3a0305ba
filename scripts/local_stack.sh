#!/usr/bin/env bash
# The bucket flow on one machine, all on loopback: an S3 server, a Prefect server, a process
# worker, and the deployments of prefect.yaml (the watcher polls every minute).
#
#   scripts/local_stack.sh start    # prints the settings to export for evidence-check / mc / boto
#   scripts/local_stack.sh status
#   scripts/local_stack.sh stop     # stops what `start` started (by the PIDs it recorded)
#
# Everything lives under .stack/ (git-ignored): S3 data, Prefect's SQLite database, logs, PIDs.
# Ports: EVIDENCE_STACK_S3_PORT (default 8333), EVIDENCE_STACK_PREFECT_PORT (default 4200).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STACK="$ROOT/.stack"
VENV="$ROOT/.venv/bin"
S3_PORT="${EVIDENCE_STACK_S3_PORT:-8333}"
PREFECT_PORT="${EVIDENCE_STACK_PREFECT_PORT:-4200}"
POOL="evidence-process"

export EVIDENCE_S3_ENDPOINT="127.0.0.1:$S3_PORT"
export EVIDENCE_S3_ACCESS_KEY="${EVIDENCE_S3_ACCESS_KEY:-evidence}"
export EVIDENCE_S3_SECRET_KEY="${EVIDENCE_S3_SECRET_KEY:-evidence-local-secret}"
export EVIDENCE_S3_SECURE=false
export EVIDENCE_BUCKET="${EVIDENCE_BUCKET:-evidence}"
export EVIDENCE_CHECK_DIR="$ROOT"
export PREFECT_HOME="$STACK/prefect"
export PREFECT_API_URL="http://127.0.0.1:$PREFECT_PORT/api"
export PREFECT_SERVER_ANALYTICS_ENABLED=false
export PREFECT_SERVER_API_HOST=127.0.0.1
export PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}"

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

running() { [[ -f "$STACK/$1.pid" ]] && kill -0 "$(cat "$STACK/$1.pid")" 2>/dev/null; }

# Start a command in its own session (so stop can end it and its children as a group).
launch() {
  local name="$1"; shift
  setsid "$@" >"$STACK/logs/$name.log" 2>&1 < /dev/null &
  echo $! >"$STACK/$name.pid"
}

wait_for() {  # wait_for NAME SECONDS COMMAND…
  local name="$1" secs="$2"; shift 2
  for _ in $(seq $((secs * 2))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    running "$name" || { echo "error: $name exited; see $STACK/logs/$name.log" >&2; tail -5 "$STACK/logs/$name.log" >&2; return 1; }
    sleep 0.5
  done
  echo "error: $name not ready after ${secs}s; see $STACK/logs/$name.log" >&2
  return 1
}

start() {
  mkdir -p "$STACK/logs" "$PREFECT_HOME"
  echo '*' >"$STACK/.gitignore"
  for name in s3 prefect worker; do
    if running "$name"; then echo "error: $name already running (pid $(cat "$STACK/$name.pid")); stop first" >&2; exit 1; fi
  done
  port_free "$S3_PORT" || { echo "error: port $S3_PORT is taken; set EVIDENCE_STACK_S3_PORT" >&2; exit 1; }
  port_free "$PREFECT_PORT" || { echo "error: port $PREFECT_PORT is taken; set EVIDENCE_STACK_PREFECT_PORT" >&2; exit 1; }

  echo "starting S3 on 127.0.0.1:$S3_PORT …"
  launch s3 "$VENV/python" -m tools.devserver --dir "$STACK/s3" --port "$S3_PORT" --bucket "$EVIDENCE_BUCKET"
  wait_for s3 90 grep -q "S3 on" "$STACK/logs/s3.log"

  echo "starting Prefect server on 127.0.0.1:$PREFECT_PORT …"
  launch prefect "$VENV/prefect" server start --host 127.0.0.1 --port "$PREFECT_PORT"
  wait_for prefect 120 "$VENV/python" -c "import urllib.request,sys; urllib.request.urlopen('$PREFECT_API_URL/health', timeout=2)"

  "$VENV/prefect" work-pool inspect "$POOL" >/dev/null 2>&1 || "$VENV/prefect" work-pool create "$POOL" --type process >/dev/null
  # Prefect 3.8.8 + fastapi 0.154: after creating each deployment, `prefect deploy` asks for the
  # pool's online workers with limit=null and the server answers 422, which aborts `--all` after
  # the first one. So deploy one name at a time and check each exists instead of trusting the exit code.
  : >"$STACK/logs/deploy.log"
  for dep in check-bucket-packet/check-bucket-packet watch-bucket/watch-bucket check-packet/check-packet; do
    (cd "$ROOT" && "$VENV/prefect" --no-prompt deploy -n "${dep#*/}" >>"$STACK/logs/deploy.log" 2>&1) || true
    "$VENV/prefect" deployment inspect "$dep" >/dev/null 2>&1 \
      || { echo "error: deployment $dep was not created; see $STACK/logs/deploy.log" >&2; exit 1; }
  done

  echo "starting a process worker on pool $POOL …"
  launch worker "$VENV/prefect" worker start --pool "$POOL" --limit 1
  sleep 2
  running worker || { echo "error: worker exited; see $STACK/logs/worker.log" >&2; exit 1; }

  cat <<EOT
local stack up. In another shell:
  export EVIDENCE_S3_ENDPOINT=$EVIDENCE_S3_ENDPOINT EVIDENCE_S3_ACCESS_KEY=$EVIDENCE_S3_ACCESS_KEY \\
         EVIDENCE_S3_SECRET_KEY=$EVIDENCE_S3_SECRET_KEY EVIDENCE_BUCKET=$EVIDENCE_BUCKET \\
         PREFECT_API_URL=$PREFECT_API_URL
  # upload incoming/<packet-id>/… then manifest.json (or incoming/<packet-id>.zip); within a minute
  # the watch-bucket deployment dispatches it and results/<packet-id>/verdict.json appears.
  .venv/bin/evidence-check watch --once     # or poll right now, checking here
Prefect UI: http://127.0.0.1:$PREFECT_PORT   logs: $STACK/logs/
EOT
}

stop_one() {
  local name="$1"
  [[ -f "$STACK/$name.pid" ]] || return 0
  local pid; pid="$(cat "$STACK/$name.pid")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true; fi
    echo "stopped $name (pid $pid)"
  fi
  rm -f "$STACK/$name.pid"
}

stop() {
  stop_one worker
  stop_one prefect
  stop_one s3
}

status() {
  for name in s3 prefect worker; do
    if running "$name"; then echo "$name: running (pid $(cat "$STACK/$name.pid"))"; else echo "$name: stopped"; fi
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
