# syntax=docker/dockerfile:1
# The Stackport portal as a container image (templates/portal runs it on ECS Fargate; see the
# docs/production.md, "Deploying Stackport on AWS"). Build from the repository root:
#   docker build --build-arg RDS_CA_BUNDLE_SHA256=<pinned sha256> -t stackport:$(git rev-parse --short HEAD) .
#
# Three stages: `build` compiles (with devDependencies and a C++ toolchain), `rds-ca` fetches and
# checks Amazon RDS's certificate bundle, and the runtime image receives only the build's output,
# production dependencies and the checked bundle: no compilers, no devDependencies, no root.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
# better-sqlite3 (the SQLite driver, a dependency even when PostgreSQL is used) compiles from
# source when no prebuilt binary matches.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
# Dependencies first, so a code change does not reinstall them. `npm ci` runs the postinstall
# step (Prisma client generation, into lib/db/generated), which needs the schema, its script and
# the Prisma config.
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts ./scripts
COPY lib/db/target.mjs ./lib/db/target.mjs
RUN npm ci --no-audit --no-fund
COPY . .
# Build, then drop what only the build needed: devDependencies (the compiled better-sqlite3 and
# the generated Prisma clients stay) and Next's build cache.
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf .next/cache

# Amazon RDS's certificate authorities (the entrypoint connects with sslmode=verify-full). The
# bundle is fetched at build time and must match a sha256 pinned by whoever builds the image, so
# a changed or substituted file fails the build instead of being trusted. AWS publishes no
# checksum for it: download it once over a network you trust, inspect it (for example
# `openssl storeutl -noout -text -certs global-bundle.pem | grep Subject:` lists the "Amazon RDS
# <region> Root CA" certificates), record `sha256sum global-bundle.pem` in your build pipeline,
# and pass it as RDS_CA_BUNDLE_SHA256. When AWS adds certificate authorities the build fails
# here: check the new file the same way and update the pinned value.
FROM ${NODE_IMAGE} AS rds-ca
ARG RDS_CA_BUNDLE_SHA256=""
ADD https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem /rds-global-bundle.pem
RUN if [ -z "${RDS_CA_BUNDLE_SHA256}" ]; then \
      echo "RDS_CA_BUNDLE_SHA256 is empty: pass --build-arg RDS_CA_BUNDLE_SHA256=<sha256 of global-bundle.pem> (see the Dockerfile's comment)." >&2; \
      exit 1; \
    fi \
 && echo "${RDS_CA_BUNDLE_SHA256}  /rds-global-bundle.pem" | sha256sum --check --strict -

FROM ${NODE_IMAGE}
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    DATABASE_SSL_ROOT_CERT=/etc/ssl/certs/rds-global-bundle.pem
COPY --from=rds-ca --chmod=644 /rds-global-bundle.pem /etc/ssl/certs/rds-global-bundle.pem
# The application stays owned by root, so the process cannot change its own code; only .next
# (Next writes its runtime caches there) belongs to the unprivileged user.
COPY --from=build /app /app
RUN chown -R node:node /app/.next

# The node image's unprivileged user (uid 1000).
USER node
EXPOSE 3000
# Composes DATABASE_URL from DATABASE_* parts when given, applies migrations when
# MIGRATE_ON_START=true, then runs `next start` (scripts/container-start.mjs).
ENTRYPOINT ["node", "scripts/container-start.mjs"]
