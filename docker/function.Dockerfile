# syntax=docker/dockerfile:1.7
# One image per function, from one Dockerfile: `--build-arg FUNCTION=predict`. Each image holds
# only its own bundle (esbuild, dist/functions/<name>/main.mjs) and, for the functions that
# run ONNX models, onnxruntime-node's native binding, which cannot be bundled.
#
# Base image: the exact Node 22 release tag. Pin it by digest too (node:<tag>@sha256:...) when
# building where the registry is reachable; no digest is written here that was not verified.
#
# scripts/deploy/image-build-check.ts runs this build stage's RUN lines in a clean copy of the
# repository (npm test), so keep every build step a RUN line of the `build` stage.
ARG NODE_IMAGE=node:22.23.5-bookworm-slim

FROM ${NODE_IMAGE} AS build
ARG FUNCTION
WORKDIR /src
# The same npm as the repository's (package.json allowScripts is honoured from npm 11 on:
# onnxruntime-node's CUDA download stays denied, esbuild's binary check runs).
RUN npm install -g npm@11.19.1
COPY . .
RUN npm ci --no-audit --no-fund
RUN npm run build:functions
RUN test -n "${FUNCTION}" && test -f "dist/functions/${FUNCTION}/main.mjs"
# The runtime tree: the bundle, plus onnxruntime-node (left external by the bundler) only when
# the bundle imports it, with its binaries for this platform alone (the package ships six).
RUN rm -rf image && mkdir -p image/app/node_modules \
 && cp "dist/functions/${FUNCTION}/main.mjs" "dist/functions/${FUNCTION}/main.mjs.map" image/app/ \
 && if grep -q "onnxruntime-node" image/app/main.mjs; then \
      cp -r node_modules/onnxruntime-node node_modules/onnxruntime-common image/app/node_modules/ \
      && find image/app/node_modules/onnxruntime-node/bin/napi-v6 -mindepth 2 -maxdepth 2 \
           ! -path "*/linux/$(node -p process.arch)" -exec rm -rf {} + \
      && rm -rf image/app/node_modules/onnxruntime-node/script; \
    fi
# The function's V8 flags as the chart deploys them (its NODE_FLAGS): the runtime stage makes
# Node's compile cache with them, as V8 keeps compiled code per set of flags.
RUN npx tsx scripts/deploy/node-flags.ts "${FUNCTION}" > image/node-flags

FROM ${NODE_IMAGE} AS runtime
ARG FUNCTION
ENV NODE_ENV=production PORT=8080 HOST=0.0.0.0 FUNCTION=${FUNCTION} NODE_COMPILE_CACHE=/app/.compile-cache
WORKDIR /app
COPY --from=build --chown=root:root /src/image/app /app
# Node's module compile cache (V8's compiled code of the bundle), made at build time so that a
# container's first start reads it instead of compiling 2 MB of JavaScript: one start of the
# bundle, which loads every module and stops at the configuration check (no variables here).
# Node keeps the cache per user and per set of V8 flags, so it is made as the user that runs
# the function, with the function's flags as the chart deploys them; then handed to root, so
# that the function reads it and never writes it (the chart mounts the root read-only).
# docs/benchmarks.md, "Serving and explanations", has what it saves.
COPY --from=build /src/image/node-flags /tmp/node-flags
RUN install -d -o 1000 -g 1000 /app/.compile-cache
USER 1000:1000
RUN timeout 60 node $(cat /tmp/node-flags) /app/main.mjs > /dev/null 2>&1; test -n "$(ls -A /app/.compile-cache/*)"
USER root
RUN chown -R root:root /app/.compile-cache && chmod -R a+rX,go-w /app/.compile-cache && rm /tmp/node-flags
# The image's unprivileged `node` user (uid 1000); the files stay root-owned and read-only to it.
USER 1000:1000
EXPOSE 8080
# V8 flags of one function, set by its Knative Service (the chart's NODE_FLAGS): V8's
# garbage-collector flags are refused in NODE_OPTIONS, so they go on the command line.
ENV NODE_FLAGS=""
# Knative sends SIGTERM after draining; exec makes node PID 1, so it receives it (serve()
# handles it). The bundle is minified: its source map keeps stack traces readable.
CMD ["sh", "-c", "exec node --enable-source-maps $NODE_FLAGS /app/main.mjs"]
