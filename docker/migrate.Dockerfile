# syntax=docker/dockerfile:1.7
# The database set-up Job's image (chart: templates/migrations-job.yaml): scripts/migrate-databases.ts
# bundled with esbuild, and the SQL migrations where the bundled code looks for them:
# functions/platform/src/db/migrate.ts resolves ../../migrations from the file's folder, so
# /app/lib/migrate/main.mjs reads /app/migrations.
# Exact version tag; add the digest where the registry is reachable (none is invented here).
ARG NODE_IMAGE=node:22.23.5-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
RUN npm install -g npm@11.19.1
COPY . .
RUN npm ci --no-audit --no-fund
# pg is CommonJS: the banner gives the ES module bundle a `require` for its built-in imports;
# pg-native is pg's optional native driver, never used; onnxruntime-node is tree-shaken away
# (the migrations never load a model) and must not be looked for.
RUN rm -rf image && npx esbuild scripts/migrate-databases.ts --bundle --platform=node --format=esm --target=node22 \
      --external:pg-native --external:onnxruntime-node --outfile=image/lib/migrate/main.mjs \
      --banner:js="import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" \
 && cp -r functions/platform/migrations image/migrations

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
COPY --from=build --chown=root:root /src/image /app
USER 1000:1000
CMD ["node", "/app/lib/migrate/main.mjs"]
