# One image for both processes; docker-compose.yml picks worker/main.ts or api/main.ts.
FROM node:20.20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# glibc's default of a heap per thread lets a worker decoding images grow far past what it uses.
ENV MALLOC_ARENA_MAX=2
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY . .
RUN mkdir -p /data && chown node:node /data
USER node
ENV DATA_DIR=/data
EXPOSE 3000
CMD ["node", "--import", "tsx", "api/main.ts"]
