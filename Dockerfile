# syntax=docker/dockerfile:1
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
COPY migrations ./migrations
COPY web ./web
# nest build (dist/src) and vite build (dist/web: the storefront and the console, served by the API itself)
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
USER node
EXPOSE 3000
# A capped heap keeps V8 from growing lazily past what a spike needs (peak RSS ~220 MB in the benchmark).
CMD ["node", "--max-old-space-size=256", "dist/src/main.js"]
