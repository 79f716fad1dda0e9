# Sahabat PMI: bot (Telegram, WhatsApp, HTTP /healthz and /metrics), complaint worker and the
# supervisors' commands, compiled to dist/.
#   docker build -t sahabat-pmi .                      with Debian's chromium (WhatsApp Web)
#   docker build --target slim -t sahabat-pmi:slim .   without a browser (Telegram only, the worker)
# Run: see docker-compose.yml and docs/deployment.md.

# ---- build: compile TypeScript and bundle it into dist/ -----------------------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
# whatsapp-web.js pulls in puppeteer, whose install script would download a browser.
ENV PUPPETEER_SKIP_DOWNLOAD=true
COPY package.json package-lock.json .puppeteerrc.cjs ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build

# ---- slim: production dependencies, no browser, non-root --------------------------------
FROM node:20-bookworm-slim AS slim
# MALLOC_ARENA_MAX: glibc keeps at most 2 malloc arenas instead of 8 per core; Node allocates from
# its own heap, and the spare arenas were ~6 MB of idle RSS (npm run bench:start reads it from here).
ENV NODE_ENV=production \
    MALLOC_ARENA_MAX=2 \
    PUPPETEER_SKIP_DOWNLOAD=true \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=8080 \
    WHATSAPP_DATA_DIR=/app/var/whatsapp \
    SPOOL_DIR=/app/var/spool \
    NLU_CACHE_DIR=/app/var/cache
# A font for the text of the digest's chart (PNG); ca-certificates for HTTPS.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-dejavu-core ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json .puppeteerrc.cjs ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# `npm run <command>` runs the pre-hook; without src/ it does nothing and the compiled dist/ runs.
COPY scripts ./scripts
# Read at run time: dialogues, texts, lexicons and the sample registry.
COPY flows ./flows
COPY locales ./locales
COPY data ./data
# The WhatsApp session, the complaint spool and the model cache are owned by the unprivileged user.
RUN mkdir -p /app/var/whatsapp /app/var/spool /app/var/cache && chown -R node:node /app/var
USER node
# The learnt models and parsed data files, so the first start reads them instead of training.
RUN node dist/cli/warm-cache.js
EXPOSE 8080
VOLUME ["/app/var/spool"]
# No curl in the slim image: Node's fetch asks /healthz (200 healthy or degraded, 503 unhealthy).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.HTTP_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/main.js"]

# ---- full (default): slim plus Debian's chromium for WhatsApp Web -----------------------
FROM slim AS full
USER root
ENV PUPPETEER_EXECUTABLE_PATH=/usr/bin/chromium
# fonts so WhatsApp Web renders; emoji font for messages.
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-liberation fonts-noto-color-emoji \
 && rm -rf /var/lib/apt/lists/*
USER node
VOLUME ["/app/var/whatsapp"]
