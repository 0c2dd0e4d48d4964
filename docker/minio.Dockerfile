# syntax=docker/dockerfile:1.7
# The object store of the chart: MinIO built from the same pinned Go module as the local stack
# (scripts/stack/minio.ts), because MinIO publishes source only since its community edition
# went into maintenance. Static binary on a distroless, non-root base.
ARG GO_IMAGE=golang:1.26.8-bookworm
ARG RUNTIME_IMAGE=gcr.io/distroless/static-debian12:nonroot

FROM ${GO_IMAGE} AS build
ARG MINIO_VERSION=v0.0.0-20260212201848-7aac2a2c5b7c
ENV CGO_ENABLED=0 GOBIN=/out
RUN go install "github.com/minio/minio@${MINIO_VERSION}"

FROM ${RUNTIME_IMAGE} AS runtime
COPY --from=build /out/minio /usr/local/bin/minio
# distroless `nonroot` is uid 65532; the data volume is made writable to it by fsGroup.
USER 65532:65532
EXPOSE 9000
ENTRYPOINT ["/usr/local/bin/minio"]
CMD ["server", "/data", "--address", ":9000"]
