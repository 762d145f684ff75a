# syntax=docker/dockerfile:1
# policy-digest: the HTTP service under gunicorn, CPU-only, models baked in at build time.
#
#   docker build -t policy-digest .                                 # default model
#   docker build --build-arg MODELS="opus-mt-zh-en m2m100_418M" -t policy-digest .
#   docker build --build-arg MODELS="" -t policy-digest:nomodel .   # no model: outline only
#   docker run -p 8000:8000 policy-digest
#
# The build needs network access (PyPI, the PyTorch CPU index, the Hugging Face hub); the image
# never does: HF_HUB_OFFLINE=1 and models load from /app/models with local_files_only=True.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# ---- build: virtualenv with CPU torch and the package, then the models --------------------------
FROM ${PYTHON_IMAGE} AS build

# CPU-only torch wheels; on PyPI the x86_64 torch wheel pulls several GB of CUDA libraries.
ARG TORCH_INDEX_URL=https://download.pytorch.org/whl/cpu
ARG MODELS="opus-mt-zh-en"

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
RUN pip install . && pip check

WORKDIR /app
COPY gunicorn.conf.py ./
COPY prompts ./prompts
COPY models/*.toml ./models/

# Download each requested model at its pinned revision, then load it offline once and translate
# a probe sentence, so a broken model fails the build rather than the first request.
RUN set -e; \
    for name in ${MODELS}; do \
        policy-digest models download "$name"; \
        HF_HUB_OFFLINE=1 policy-digest models verify "$name"; \
    done; \
    rm -rf /tmp/hf

# ---- runtime: slim base, non-root, offline ------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime

RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home app

COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    HF_HOME=/tmp/hf \
    PD_MODELS_DIR=/app/models \
    PD_PROMPTS_DIR=/app/prompts \
    PD_HOST=0.0.0.0 \
    PD_PORT=8000

WORKDIR /app
USER 10001:10001
EXPOSE 8000

# Ready = a model is loaded. start-period covers loading the weights.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "-m", "service.api.healthcheck"]

# Exec form: gunicorn is PID 1 and receives SIGTERM directly (graceful shutdown).
ENTRYPOINT ["gunicorn", "--config", "/app/gunicorn.conf.py"]
