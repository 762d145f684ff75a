#!/usr/bin/env bash
# Put a tiny Marian model that only the CTranslate2 engine can serve into DIR:
#
#   scripts/make_tiny_ct2.sh DIR     ->  DIR/tiny-marian.toml, DIR/tiny-marian/ctranslate2/...
#
# Built offline by scripts/make_tiny_model.py, converted to int8 by `policy-digest models
# convert`, then its torch weights deleted; readable by any uid (the image runs as 10001).
# Needs .venv (make .venv/.installed). Used by scripts/check_image.sh and check_compose.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$1
mkdir -p "$dir"
"$root/.venv/bin/python" "$root/scripts/make_tiny_model.py" --family marian \
  --out "$dir/tiny-marian" >/dev/null
cp "$root/tests/fixtures/tiny-marian.toml" "$dir/"
PD_MODELS_DIR=$dir HF_HUB_OFFLINE=1 "$root/.venv/bin/policy-digest" models convert tiny-marian \
  --quantization int8 >/dev/null 2>&1
rm -f "$dir"/tiny-marian/*.safetensors "$dir"/tiny-marian/pytorch_model.bin
chmod -R a+rX "$dir"
