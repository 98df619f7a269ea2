# PromptStack team backend. Build: docker build -t promptstack .
# Run on Postgres:  docker run -p 3000:3000 -e DATABASE_URL=postgresql://... -e NEXTAUTH_SECRET=... promptstack
# Run embedded:     docker run -p 3000:3000 -v promptstack-data:/data -e NEXTAUTH_SECRET=... promptstack
FROM node:20-bookworm-slim

WORKDIR /app
# Manifests first, so `npm ci` is cached until dependencies change. The postinstall script
# generates the Prisma client from prisma/schema.prisma, so the schema comes along.
COPY package.json package-lock.json prisma.config.ts ./
COPY scripts ./scripts
COPY prisma ./prisma
COPY core/package.json core/
COPY language-server/package.json language-server/
COPY syntaxes/package.json syntaxes/
COPY server/package.json server/
COPY extension/package.json extension/
COPY bench/package.json bench/
RUN npm ci --no-audit --no-fund

COPY . .
RUN npm run build -w @promptstack/server

# Production refuses to start without NEXTAUTH_SECRET; the data folder holds the embedded database.
ENV NODE_ENV=production \
    PORT=3000 \
    PROMPTSTACK_DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["npm", "start"]
