# Sentinela's bot image: slim Python, CPU torch by default, runs as a non-root user.
#
#   docker build -t sentinela .                                   # CPU torch, model mounted at run time
#   docker build -t sentinela:cuda --build-arg TORCH_INDEX=https://download.pytorch.org/whl/cu124 .
#   docker build -t sentinela:baked --target baked --build-arg MODEL_DIR=outputs/told-br .
#
# The model directory is mounted at /models/model (compose.yaml does) or baked in (target "baked").
ARG PYTHON_VERSION=3.11

FROM python:${PYTHON_VERSION}-slim AS runtime
# CPU wheels unless told otherwise: the default index would pull a multi-GB CUDA build
ARG TORCH_INDEX=https://download.pytorch.org/whl/cpu
ARG TORCH_VERSION=2.13.0
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
# tini as PID 1: it forwards SIGTERM to Python (PID 1 would ignore it) and reaps children
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 10001 --user-group sentinela \
    && mkdir -p /data /models \
    && chown sentinela:sentinela /data
WORKDIR /app
RUN pip install --index-url "${TORCH_INDEX}" "torch==${TORCH_VERSION}"
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY classifier ./classifier
# [serve]: the same image runs the model service (python -m classifier.serving) in compose's scale
# profile; [dashboard]: and the web dashboard (python -m bot dashboard)
RUN pip install ".[postgres,serve,dashboard]" && rm -rf /root/.cache
USER sentinela
# SQLite by default on the /data volume; compose sets PostgreSQL for the cluster profiles
ENV DATABASE_URL=sqlite+aiosqlite:////data/sentinela.db \
    SENTINELA_MODEL=/models/model \
    HF_HUB_OFFLINE=1 \
    RAY_USAGE_STATS_ENABLED=0 \
    HEALTH_HOST=0.0.0.0 \
    HEALTH_PORT=8080
VOLUME ["/data"]
EXPOSE 8080 8090
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=4)"]
# docker stop sends SIGTERM: the bot finishes its checks, flushes its hits and closes the database
STOPSIGNAL SIGTERM
ENTRYPOINT ["tini", "--"]
CMD ["python", "-m", "bot"]

# The same image with a trained model directory inside it (no volume to mount).
FROM runtime AS baked
ARG MODEL_DIR=outputs/model
COPY --chown=sentinela:sentinela ${MODEL_DIR} /models/model
