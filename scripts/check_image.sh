#!/usr/bin/env bash
# Build the image (one variant; full with the Dockerfile's defaults, no VARIANT argument) and
# probe the container as an operator would run it.
#
#   scripts/check_image.sh [full|slim] [-- extra build args]
#
# Works with docker or podman (CONTAINER_ENGINE=podman|docker, default: docker when present).
# It builds with MODELS="" (no hub needed), then runs the image hardened -- read-only root with
# a tmpfs on /tmp only, and every shell in the image masked by an empty file (so anything that
# needs a shell at run time fails) -- on 127.0.0.1:${PD_CHECK_PORT:-18080} and prints:
#   built / size; healthz, readyz, outline of the seed; uid; torch present or not; the
#   HEALTHCHECK result; a tiny model mounted at run time (scripts/make_tiny_ct2.sh: torch weights
#   removed so only the CTranslate2 engine can load it): readyz and /v1/digest; and how long
#   SIGTERM takes to stop.
# The tiny-model probe needs .venv (make .venv/.installed); it is skipped without it.
#
# On a machine without the usual registries (this project's build machines), first prepare the
# stand-in base image and the local torch index with ../shared/container/check-image.sh, then:
#   scripts/check_image.sh slim -- -v /var/tmp/pd-container/torchidx:/torchidx:ro \
#     --build-arg PYTHON_IMAGE=localhost/py311-bookworm \
#     --build-arg TORCH_INDEX_URL=file:///torchidx/simple
set -euo pipefail
exec 2> >(grep -v --line-buffered 'systemd connection' >&2)  # podman without systemd: no timers
variant=${1:-full}; shift || true; [ "${1:-}" = "--" ] && shift
case "$variant" in full|slim) ;; *) echo "usage: $0 [full|slim] [-- build args]" >&2; exit 2;; esac
engine=${CONTAINER_ENGINE:-$(command -v docker >/dev/null && echo docker || echo podman)}
root=$(cd "$(dirname "$0")/.." && pwd)
tag=localhost/policy-digest:check-$variant
port=${PD_CHECK_PORT:-18080}
url=http://127.0.0.1:$port
work=$(mktemp -d)
names=()
cleanup() {
  for n in "${names[@]}"; do "$engine" rm -f "$n" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# full is the Dockerfile's default: built without the VARIANT argument, as `podman build .` would.
build_args=(--build-arg MODELS="")
[ "$variant" = slim ] && build_args+=(--build-arg VARIANT=slim)
[ "$engine" = podman ] && build_args+=(--format docker)  # keep HEALTHCHECK in the image
start=$(date +%s)
log=${TMPDIR:-/tmp}/pd-check-$variant-build.log
echo "building $tag (log: $log)"
"$engine" build "${build_args[@]}" -t "$tag" "$@" "$root" > "$log" 2>&1 \
  || { tail -30 "$log"; echo "build failed"; exit 1; }
size=$("$engine" image inspect "$tag" --format '{{.Size}}')
echo "built: $tag in $(( $(date +%s) - start )) s; size $size bytes ($(( size / 1000000 )) MB)"

# Hardened run options: read-only root, only /tmp writable, no shell in the image usable.
: > "$work/noshell"
run_opts=(--read-only --tmpfs /tmp:rw,size=256m)
[ "$engine" = podman ] && run_opts+=(--read-only-tmpfs=false)
for sh in /usr/bin/dash /usr/bin/bash; do run_opts+=(-v "$work/noshell:$sh:ro"); done

code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
wait_ready() {  # $1: path that must answer (the process is up)
  for _ in $(seq 120); do curl -fs "$url$1" >/dev/null && return 0; sleep 1; done
  return 1
}
start_container() {  # $1: name; rest: extra run options
  local name=$1; shift
  names+=("$name")
  "$engine" run -d --name "$name" "${run_opts[@]}" -p "127.0.0.1:$port:8000" "$@" "$tag" >/dev/null
}
stop_container() {
  local t0; t0=$(date +%s.%N)
  "$engine" stop -t 30 "$1" >/dev/null
  echo "stop:    $(python3 -c "print(f'{$(date +%s.%N) - $t0:.1f}')") s after SIGTERM, exit code" \
    "$("$engine" inspect "$1" --format '{{.State.ExitCode}}')"
  "$engine" rm "$1" >/dev/null
}

# 1. No model: outline only, ready at once.
name=pd-check-$variant-$$
start_container "$name"
wait_ready /healthz || { "$engine" logs "$name" | tail -20; echo "no answer on $url"; exit 1; }
echo "healthz: $(code "$url/healthz")"
echo "readyz:  $(code "$url/readyz") $(curl -s "$url/readyz")"
seed=$root/tests/fixtures/finews-001.md
echo "outline: $(code -H 'Content-Type: text/markdown' --data-binary @"$seed" "$url/v1/outline")"
echo "user:    $("$engine" exec "$name" id)"
echo "torch:   $("$engine" exec "$name" python -c \
  'import importlib.util as u; print("present" if u.find_spec("torch") else "absent")')"
echo "engine:  PD_ENGINE=$("$engine" exec "$name" python -c \
  'import os; print(os.environ.get("PD_ENGINE"))')"
health=unhealthy
if [ "$engine" = podman ]; then
  "$engine" healthcheck run "$name" >/dev/null 2>&1 && health=healthy
else
  for _ in $(seq 60); do
    health=$("$engine" inspect "$name" --format '{{.State.Health.Status}}')
    [ "$health" = starting ] || break; sleep 2
  done
fi
echo "healthcheck: $health"
stop_container "$name"

# 2. A tiny model mounted at run time, served through CTranslate2 only.
if [ ! -x "$root/.venv/bin/policy-digest" ]; then
  echo "tiny model: skipped (no .venv: run make .venv/.installed)"; exit 0
fi
models=$work/models
"$root/scripts/make_tiny_ct2.sh" "$models"
name=pd-check-$variant-tiny-$$
start_container "$name" -v "$models:/models:ro" -e PD_MODELS_DIR=/models \
  -e PD_SERVE_MODELS=tiny-marian -e PD_DEFAULT_MODEL=tiny-marian
wait_ready /readyz || { "$engine" logs "$name" | tail -20; echo "tiny model not ready"; exit 1; }
echo "tiny readyz: $(code "$url/readyz") $(curl -s "$url/readyz")"
echo "tiny digest: $(code -H 'Content-Type: text/markdown' --data-binary @"$seed" "$url/v1/digest")"
if [ "$engine" = podman ]; then
  "$engine" healthcheck run "$name" >/dev/null 2>&1 && echo "tiny healthcheck: healthy" \
    || echo "tiny healthcheck: unhealthy"
fi
stop_container "$name"
