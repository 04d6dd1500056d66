# One image for both processes; docker-compose.yml picks worker/main.ts or api/main.ts.
# The web UI is built in a stage of its own: its build tools stay out of the image.
FROM node:20.20-bookworm-slim AS web
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web ./web
COPY scripts/build-web.mjs ./scripts/
RUN node scripts/build-web.mjs --force

FROM node:20.20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# glibc's default of a heap per thread lets a worker decoding images grow far past what it uses.
ENV MALLOC_ARENA_MAX=2
# Trailers: yt-dlp, pinned (dev/yt-dlp.ts names the same version), and ffmpeg, which merges a
# site's separate video and audio streams into one mp4.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 python3-pip ffmpeg \
  && pip3 install --no-cache-dir --break-system-packages yt-dlp==2026.11.23 \
  && rm -rf /var/lib/apt/lists/*
ENV YTDLP_PATH=/usr/local/bin/yt-dlp
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY . .
COPY --from=web /app/web/dist ./web/dist
RUN mkdir -p /data && chown node:node /data
USER node
ENV DATA_DIR=/data
EXPOSE 3000
CMD ["node", "--import", "tsx", "api/main.ts"]
