# The Stackport portal as a container image (templates/portal runs it on ECS Fargate; see the
# docs/production.md, "Deploying Stackport on AWS"). Build from the repository root:
#   docker build -t stackport:$(git rev-parse --short HEAD) .
FROM node:20-bookworm-slim

# better-sqlite3 (the SQLite driver, a dependency even when PostgreSQL is used) compiles from
# source when no prebuilt binary matches.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1

# Dependencies first, so a code change does not reinstall them. `npm ci` runs the postinstall
# step (Prisma client generation), which needs the schema, its script and the Prisma config.
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts ./scripts
COPY lib/db/target.mjs ./lib/db/target.mjs
RUN npm ci --no-audit --no-fund

COPY . .
RUN npm run build && chown -R node:node /app/.next

# Amazon RDS's certificate authorities: the entrypoint connects with sslmode=verify-full.
ADD --chmod=644 https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem /etc/ssl/certs/rds-global-bundle.pem
ENV NODE_ENV=production \
    PORT=3000 \
    DATABASE_SSL_ROOT_CERT=/etc/ssl/certs/rds-global-bundle.pem

USER node
EXPOSE 3000
# Composes DATABASE_URL from DATABASE_* parts when given, applies migrations when
# MIGRATE_ON_START=true, then runs `next start` (scripts/container-start.mjs).
ENTRYPOINT ["node", "scripts/container-start.mjs"]
