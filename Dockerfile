# syntax=docker/dockerfile:1
# policy-digest: the HTTP service (or a job worker) under gunicorn, CPU-only, models baked in at
# build time and converted to CTranslate2 int8, which the image uses by default (PD_ENGINE).
#
#   docker build -t policy-digest .                                 # default model, full image
#   docker build --build-arg MODELS="opus-mt-zh-en m2m100_418M" -t policy-digest .
#   docker build --build-arg MODELS="" -t policy-digest:nomodel .   # no model: outline only
#   docker build --build-arg VARIANT=slim -t policy-digest:slim .   # no torch: CTranslate2 only
#   docker run -p 8000:8000 policy-digest                           # = policy-digest serve
#   docker run policy-digest worker                                 # a long-document job worker
#
# Variants (VARIANT): `full` (default) has torch + transformers + CTranslate2, so
# PD_ENGINE=transformers switches engine at run time; `slim` has tokenizers + CTranslate2 only.
# Models (MODELS) are downloaded at their pinned revision, verified, converted to int8 and
# verified again through CTranslate2 in the build stage, which always has torch.
#
# Run hardened: docker run --read-only --tmpfs /tmp -p 8000:8000 policy-digest (no shell is
# needed at run time: every command here is exec form). See docs/container.md.
#
# The build needs network access (PyPI, the PyTorch CPU index, the Hugging Face hub); the image
# never does: HF_HUB_OFFLINE=1 and models load from /app/models with local_files_only=True.
#
# Base image: pin it by digest for reproducible builds, e.g.
#   --build-arg PYTHON_IMAGE=python:3.11-slim-bookworm@sha256:<digest>
# Refresh the digest with `docker buildx imagetools inspect python:3.11-slim-bookworm` (the
# "Digest:" line of the index) or `skopeo inspect --format '{{.Digest}}'
# docker://python:3.11-slim-bookworm`, then rebuild and run scripts/check_image.sh.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm
ARG VARIANT=full

# ---- build: virtualenv with CPU torch, the package and CTranslate2, then the models ------------
FROM ${PYTHON_IMAGE} AS build

# CPU-only torch wheels; on PyPI the x86_64 torch wheel pulls several GB of CUDA libraries.
ARG TORCH_INDEX_URL=https://download.pytorch.org/whl/cpu

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HF_HOME=/tmp/hf \
    PD_MODELS_DIR=/app/models \
    PD_PROMPTS_DIR=/app/prompts

RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

# torch first, from the CPU index: pyproject's torch==2.13.0 is then already satisfied by
# 2.13.0+cpu and pip does not fetch the CUDA build.
RUN pip install --index-url "${TORCH_INDEX_URL}" torch==2.13.0

WORKDIR /src
COPY pyproject.toml README.md ./
COPY service ./service
RUN pip install ".[ct2]" && pip check

WORKDIR /app
COPY prompts ./prompts
COPY models/*.toml ./models/

# Each requested model: download at its pinned revision, load it offline and translate a probe
# sentence (transformers), convert it to CTranslate2 int8 and probe that too, so a broken model
# or conversion fails the build rather than the first request.
ARG MODELS="opus-mt-zh-en"
RUN set -e; \
    for name in ${MODELS}; do \
        policy-digest models download "$name"; \
        HF_HUB_OFFLINE=1 PD_ENGINE=transformers policy-digest models verify "$name"; \
        policy-digest models convert "$name" --quantization int8; \
        HF_HUB_OFFLINE=1 PD_ENGINE=ctranslate2 policy-digest models verify "$name"; \
    done; \
    rm -rf /tmp/hf

# ---- slim virtualenv (VARIANT=slim; for `full` this stage only leaves an empty /opt/venv) -------
# The package, its dependencies except torch, and CTranslate2 (from pyproject.toml), then
# scripts/slim_venv.py: extension modules stripped of symbols (binutils, this stage only) and
# imported again, bytecode for all but the transformers model packages the service never loads;
# pip and setuptools removed (nothing is installed at run time). No stage is named from an ARG
# (`FROM venv-${VARIANT}`): buildah (podman build) does not resolve such a name as a stage.
FROM ${PYTHON_IMAGE} AS venv-slim
ARG VARIANT
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
COPY pyproject.toml README.md scripts/slim_venv.py ./
COPY service ./service
RUN case "${VARIANT}" in \
        full) mkdir /opt/venv; exit 0 ;; \
        slim) ;; \
        *) echo "VARIANT must be full or slim, not '${VARIANT}'" >&2; exit 1 ;; \
    esac; \
    apt-get update -q && apt-get install -y -q --no-install-recommends binutils \
    && rm -rf /var/lib/apt/lists/* \
    && python -m venv /opt/venv \
    && python -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; \
print('\n'.join([d for d in p['dependencies'] if not d.startswith('torch')] \
+ p['optional-dependencies']['ct2']))" > /tmp/requirements.txt \
    && pip install --no-compile -r /tmp/requirements.txt && pip install --no-compile --no-deps . \
    && { out=$(pip check) || case "$out" in \
         "policy-digest "*" requires torch, which is not installed.") ;; \
         *) echo "$out"; exit 1 ;; esac; } \
    && python slim_venv.py && python -m pip uninstall -q -y pip setuptools

# ---- ship: what the chosen variant ships, the virtualenv and the model files -------------------
# full: the build stage's venv and models as they are. slim: the slim venv instead, and the
# torch weights dropped (CTranslate2 reads ctranslate2/ and the tokenizer files).
FROM build AS ship
ARG VARIANT
COPY --from=venv-slim /opt/venv /opt/venv-slim
RUN if [ "${VARIANT}" = slim ]; then \
        rm -rf /opt/venv && mv /opt/venv-slim /opt/venv \
        && find /app/models -mindepth 2 -maxdepth 2 \
            \( -name '*.safetensors' -o -name 'pytorch_model.bin' \) -delete; \
    else rm -rf /opt/venv-slim; fi

# ---- runtime: slim base, non-root, offline, read-only friendly ---------------------------------
FROM ${PYTHON_IMAGE} AS runtime
ARG MODELS="opus-mt-zh-en"

RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home app

COPY --from=ship /opt/venv /opt/venv
COPY --from=ship /app /app

# PD_SERVE_MODELS: the baked models, all of which must load for /readyz; "none" (MODELS="")
# serves outlines only and is ready at once. The only writable path needed is /tmp (metrics,
# HF_HOME, the embedded job store PD_DATA_DIR): mount a tmpfs there with --read-only. Durable
# jobs: Redis (PD_QUEUE_URL, compose.yaml) or a volume writable by uid 10001 as PD_DATA_DIR.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    HF_HOME=/tmp/hf \
    PD_DATA_DIR=/tmp/pd-data \
    PD_MODELS_DIR=/app/models \
    PD_PROMPTS_DIR=/app/prompts \
    PD_SERVE_MODELS="${MODELS:-none}" \
    PD_ENGINE=ctranslate2 \
    PD_HOST=0.0.0.0 \
    PD_PORT=8000

WORKDIR /app
USER 10001:10001
EXPOSE 8000

# Docker's one probe is readiness: every baked model loaded (outline-only: at once). For an
# orchestrator's two probes use GET /healthz (liveness) and GET /readyz (readiness). A worker
# container (command `worker`) serves no HTTP: disable the check for it (compose.yaml does).
# start-period covers loading the weights.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "-m", "service.api.healthcheck", "/readyz"]

# Exec form throughout: `policy-digest serve` execs gunicorn, which stays PID 1 and receives
# SIGTERM directly (graceful shutdown). Another command runs instead: `worker`, `models list`...
ENTRYPOINT ["policy-digest"]
CMD ["serve"]
