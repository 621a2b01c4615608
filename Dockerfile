# syntax=docker/dockerfile:1
# One image per Parley service, from this one file:
#   docker build --build-arg SERVICE=channel -t parley-channel:0.1.0 .
# SERVICE is lookup, channel, files, provisioning, compliance or web. A service's container runs
# `node apps/$SERVICE/dist/main.js`, the entry point the single-server launcher starts
# (infra/launcher), so the same code paths are tested here. web is the web client (apps/web, built
# by Vite) with the server that serves it and forwards its API calls: libs/web-gateway, whose
# gateway the launcher runs in its own process. docs/operations.md.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
# better-sqlite3 (SQLite projections) compiles from source when no prebuilt binary is reachable.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN npm ci --no-audit --no-fund
ARG SERVICE
RUN case "$SERVICE" in lookup|channel|files|provisioning|compliance|web) ;; \
      *) echo "build with --build-arg SERVICE=lookup|channel|files|provisioning|compliance|web" >&2; exit 1 ;; esac
# Compiles the service and the libraries it references (tsc -b follows the project references);
# for web, the web client's server and its libraries, and the web client itself (into apps/web/dist).
RUN if [ "$SERVICE" = web ]; then npx tsc -b libs/web-gateway/tsconfig.json && npm run build -w @parley/web; \
    else npx tsc -b "apps/$SERVICE/tsconfig.json"; fi
# What runs: production dependencies, and of each workspace only its package.json and dist/
# (node_modules/@parley/* link to them). Workspaces the service does not use have no dist/.
RUN npm prune --omit=dev --no-audit --no-fund \
 && mkdir -p /out \
 && cp -a package.json node_modules /out/ \
 && for project in libs/* apps/* infra/*; do \
      if [ -d "$project/dist" ]; then \
        mkdir -p "/out/$project" && cp -a "$project/package.json" "$project/dist" "/out/$project/"; \
        if [ -d "$project/node_modules" ]; then cp -a "$project/node_modules" "/out/$project/"; fi; \
      fi; \
    done \
 && find /out -name '*.tsbuildinfo' -delete

FROM ${NODE_IMAGE}
ARG SERVICE
ENV NODE_ENV=production \
    SERVICE=${SERVICE} \
    PARLEY_DATA_DIR=/data
WORKDIR /app
# Owned by root and never written: the container runs with a read-only root file system. The only
# writable places are PARLEY_DATA_DIR and /tmp, volumes in Kubernetes (k8s/base).
COPY --from=build /out/ ./
RUN mkdir -p /data && chown 1000:1000 /data
# The node user of the base image, by number so that runAsNonRoot can verify it.
USER 1000:1000
# exec: node is PID 1 and receives SIGTERM itself (services stop, channel servers drain, the web
# client's server lets requests under way finish). web runs libs/web-gateway's entry point.
# Arguments are passed on: `docker run parley-channel:0.1.0 history migrate`.
ENTRYPOINT ["/bin/sh", "-c", "main=\"apps/$SERVICE/dist/main.js\"; [ \"$SERVICE\" != web ] || main=libs/web-gateway/dist/main.js; exec node \"$main\" \"$@\"", "parley"]
