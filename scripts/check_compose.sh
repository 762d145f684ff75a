#!/usr/bin/env bash
# Run compose.yaml (API + 2 workers + Redis) and send a document job through it.
#
#   scripts/check_compose.sh
#
# COMPOSE: the compose command (default `docker compose`; `podman-compose` works too).
# PD_IMAGE: an image already built (e.g. by scripts/check_image.sh); unset, compose builds it.
# REDIS_IMAGE: a Redis image other than compose.yaml's default.
# Prints: the containers, /readyz (models and queue), a job submitted to the API (outline of the
# seed article: no model needed) and its states until done, which worker ran it, and the result
# status; then a worker is stopped and a second job still completes on the other one; then
# everything is removed (`down -v`).
set -euo pipefail
read -r -a compose <<< "${COMPOSE:-docker compose}"
cd "$(dirname "$0")/.."
export PD_PUBLISH_PORT=${PD_CHECK_PORT:-18081}
url=http://127.0.0.1:$PD_PUBLISH_PORT
seed=tests/fixtures/finews-001.md
trap '"${compose[@]}" down -v >/dev/null 2>&1 || true' EXIT

"${compose[@]}" up -d > /tmp/pd-compose-up.log 2>&1 || { tail -30 /tmp/pd-compose-up.log; exit 1; }
"${compose[@]}" ps
for _ in $(seq 120); do curl -fs "$url/readyz" >/dev/null && break; sleep 1; done
echo "readyz: $(curl -s "$url/readyz")"

job() {  # submit the seed as an outline job, poll until final, print states and result status
  local location status states=""
  location=$(curl -s -D - -o /dev/null -H 'Content-Type: text/markdown' --data-binary @"$seed" \
    "$url/v1/jobs?task=outline" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
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
ran_on() {  # the worker container(s) whose log names job $1
  local c
  for c in $(workers -a); do
    "$engine" logs "$c" 2>&1 | grep -qF "$1" && "$engine" inspect "$c" --format '{{.Name}}'
  done
}
echo "workers running: $(workers | wc -l)"
job
echo "ran on: $(ran_on "$job_id" | tr '\n' ' ')"
first=$(workers | head -1)
if [ -n "$first" ] && [ "$(workers | wc -l)" -gt 1 ]; then
  "$engine" stop "$first" >/dev/null && echo "stopped worker $("$engine" inspect "$first" --format '{{.Name}}')"
  job
  echo "ran on: $(ran_on "$job_id" | tr '\n' ' ')"
fi
