# PromptStack team backend. Build: docker build -t promptstack .
# Run on Postgres:  docker run -p 3000:3000 -e DATABASE_URL=postgresql://... -e NEXTAUTH_SECRET=... promptstack
# Run embedded:     docker run -p 3000:3000 -v promptstack-data:/data -e NEXTAUTH_SECRET=... promptstack
FROM node:20-bookworm-slim

WORKDIR /app
# The whole source first: `npm ci`'s postinstall generates the Prisma client and builds the CLI
# and the web app (served at /), which need their sources.
COPY . .
RUN npm ci --no-audit --no-fund && npm run build -w @promptstack/server

# Production refuses to start without NEXTAUTH_SECRET; the data folder holds the embedded database.
ENV NODE_ENV=production \
    PORT=3000 \
    PROMPTSTACK_DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["npm", "start"]
