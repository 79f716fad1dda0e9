# Sahabat PMI: bot (Telegram, WhatsApp, HTTP /healthz and /metrics) and complaint worker.
# Build: docker build -t sahabat-pmi .   Run: see docker-compose.yml and docs/deployment.md.

# ---- build: compile TypeScript to dist/ ----------------------------------------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
# whatsapp-web.js pulls in puppeteer, whose install script would download a browser.
ENV PUPPETEER_SKIP_DOWNLOAD=true
COPY package.json package-lock.json .puppeteerrc.cjs ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# ---- runtime: production dependencies, Debian's chromium, non-root -----------------------
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PUPPETEER_SKIP_DOWNLOAD=true \
    PUPPETEER_EXECUTABLE_PATH=/usr/bin/chromium \
    HTTP_PORT=8080 \
    WHATSAPP_DATA_DIR=/app/var/whatsapp \
    SPOOL_DIR=/app/var/spool
# chromium for WhatsApp Web; fonts so pages render; ca-certificates for HTTPS.
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-liberation fonts-noto-color-emoji ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json .puppeteerrc.cjs ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# Read at run time: dialogues, texts, lexicons and the sample registry.
COPY flows ./flows
COPY locales ./locales
COPY data ./data
# The WhatsApp session and the complaint spool are volumes owned by the unprivileged user.
RUN mkdir -p /app/var/whatsapp /app/var/spool && chown -R node:node /app/var
USER node
EXPOSE 8080
VOLUME ["/app/var/whatsapp", "/app/var/spool"]
# No curl in the slim image: Node's fetch asks /healthz (200 healthy or degraded, 503 unhealthy).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.HTTP_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/main.js"]
