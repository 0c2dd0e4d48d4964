# syntax=docker/dockerfile:1.7
# The web UI: built once with Vite, served as static files by unprivileged nginx (port 8080).
# Its configuration (the functions' URLs) is not baked in: the chart mounts config.json from a
# ConfigMap over /usr/share/nginx/html/config.json, so one image serves every cluster.
# Exact version tags; add the digests where the registry is reachable (none is invented here).
ARG NODE_IMAGE=node:22.23.5-bookworm-slim
ARG NGINX_IMAGE=nginxinc/nginx-unprivileged:1.29.1-alpine

FROM ${NODE_IMAGE} AS build
WORKDIR /src
RUN npm install -g npm@11.19.1
COPY . .
RUN npm ci --no-audit --no-fund
RUN npm run build -w frontend

FROM ${NGINX_IMAGE} AS runtime
COPY --chown=root:root docker/ui-nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build --chown=root:root /src/frontend/dist /usr/share/nginx/html
# nginx-unprivileged runs as uid 101 and listens on 8080.
USER 101
EXPOSE 8080
