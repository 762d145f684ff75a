#!/usr/bin/env bash
# Run compose.yaml (API + 2 workers + Redis) and send document jobs through it.
#
#   scripts/check_compose.sh [tiny]
#
# COMPOSE: the compose command (default `docker compose`; `podman-compose` works too).
# PD_IMAGE: an image already built (e.g. by scripts/check_image.sh); unset, compose builds it.
# REDIS_IMAGE: a Redis image other than compose.yaml's default.
# Without an argument the jobs are outlines (no model needed). With `tiny`, a tiny model that
# only CTranslate2 can serve (scripts/make_tiny_ct2.sh, needs .venv) is mounted into the API and
# the workers by an override file, units are 600 characters, and the jobs are digests: their
# units spread over the workers.
# Prints: the containers, /readyz (models and queue), a job for the seed article and its states
# until done, which worker ran which of its steps (from their logs), the result status and the
# units each worker's own /metrics counts; then a worker is stopped and a job for another
# article still completes on the other one; then everything is removed (`down -v`).
set -euo pipefail
read -r -a compose <<< "${COMPOSE:-docker compose}"
cd "$(dirname "$0")/.."
export PD_PUBLISH_PORT=${PD_CHECK_PORT:-18081}
url=http://127.0.0.1:$PD_PUBLISH_PORT
seed=tests/fixtures/finews-001.md
task=outline
work=$(mktemp -d)
trap '"${compose[@]}" down -v >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
if [ "${1:-}" = tiny ]; then
  task=digest
  scripts/make_tiny_ct2.sh "$work/models"
  cat > "$work/tiny.yaml" <<YAML
x-tiny: &tiny
  volumes: ["$work/models:/models:ro"]
  environment:
    PD_MODELS_DIR: /models
    PD_SERVE_MODELS: tiny-marian
    PD_DEFAULT_MODEL: tiny-marian
    PD_JOB_UNIT_CHARS: "600"
services:
  api: *tiny
  worker: *tiny
YAML
  compose+=(-f compose.yaml -f "$work/tiny.yaml")
fi

"${compose[@]}" up -d > /tmp/pd-compose-up.log 2>&1 || { tail -30 /tmp/pd-compose-up.log; exit 1; }
"${compose[@]}" ps
for _ in $(seq 120); do curl -fs "$url/readyz" >/dev/null && break; sleep 1; done
echo "readyz: $(curl -s "$url/readyz")"

job() {  # submit file $1 as a $task job, poll until final, print states and result status
  local location status states=""
  location=$(curl -s -D - -o /dev/null -H 'Content-Type: text/markdown' --data-binary @"$1" \
    "$url/v1/jobs?task=$task" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
  [ -n "$location" ] || { echo "job: no Location header"; return 1; }
  for _ in $(seq 120); do
    status=$(curl -s "$url$location" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')
    case "$states" in *"$status") ;; *) states="$states $status";; esac
    case "$status" in done|failed|cancelled) break;; esac
    sleep 1
  done
  echo "job $location:$states; result $(curl -s -o /dev/null -w '%{http_code}' "$url$location/result")"
  job_id=${location##*/}
}
# The worker containers, by the service label both docker compose and podman-compose set.
engine=${CONTAINER_ENGINE:-$(command -v docker >/dev/null && echo docker || echo podman)}
workers() { "$engine" ps -q --filter label=com.docker.compose.service=worker "$@"; }
ran_on() {  # each worker container whose log names job $1, with the steps it ran
  local c steps
  for c in $(workers -a); do
    steps=$("$engine" logs "$c" 2>&1 | grep -F "job $1: running step" | sed 's/.*running step //' \
      | tr '\n' ' ' || true)
    [ -z "$steps" ] || echo "$("$engine" inspect "$c" --format '{{.Name}}') ( $steps)"
  done
}
units_metric() {  # units each running worker has run, from its own /metrics (port 9100)
  local c probe="import urllib.request as u; t = u.urlopen('http://127.0.0.1:9100/metrics')"
  probe+=".read().decode(); print(sum(float(l.split()[-1]) for l in t.splitlines()"
  probe+=" if l.startswith('pd_job_unit_duration_seconds_count')))"
  for c in $(workers); do
    echo "$("$engine" inspect "$c" --format '{{.Name}}')=$("$engine" exec "$c" python -c "$probe")"
  done
}
echo "workers running: $(workers | wc -l)"
job "$seed"
echo "ran on: $(ran_on "$job_id" | tr '\n' ' ')"
echo "units in the workers' /metrics: $(units_metric | tr '\n' ' ')"
first=$(workers | sed -n 1p)  # sed reads all: no SIGPIPE under pipefail
if [ -n "$first" ] && [ "$(workers | wc -l)" -gt 1 ]; then
  "$engine" stop "$first" >/dev/null && echo "stopped worker $("$engine" inspect "$first" --format '{{.Name}}')"
  job tests/articles/reg-002.md  # another article: the seed again would return the same job
  echo "ran on: $(ran_on "$job_id" | tr '\n' ' ')"
fi
