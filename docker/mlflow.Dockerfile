# syntax=docker/dockerfile:1.7
# The MLflow tracking server and registry: mlflow, psycopg2 and boto3 pinned with every
# transitive dependency by hash (docker/mlflow/requirements.lock, locked for this Python and
# linux x86_64; every one has a wheel there, so nothing compiles). Installed into a virtual
# environment in a build stage; the runtime stage
# copies it and runs as an unprivileged user.
# Exact version tags; add the digests where the registry is reachable (none is invented here).
ARG PYTHON_IMAGE=python:3.12.12-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
COPY docker/mlflow/requirements.lock /tmp/requirements.lock
RUN python -m venv /opt/mlflow \
 && /opt/mlflow/bin/pip install --no-cache-dir --require-hashes --only-binary=:all: -r /tmp/requirements.lock

FROM ${PYTHON_IMAGE} AS runtime
COPY --from=build /opt/mlflow /opt/mlflow
RUN useradd --uid 10001 --home-dir /home/mlflow --create-home mlflow
ENV PATH=/opt/mlflow/bin:$PATH PYTHONUNBUFFERED=1
USER 10001:10001
WORKDIR /home/mlflow
EXPOSE 5000
# The chart passes the backend store, artifact destination and allowed hosts as arguments.
ENTRYPOINT ["mlflow", "server"]
CMD ["--host", "0.0.0.0", "--port", "5000"]
