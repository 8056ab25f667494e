# The reference app's image: the Node base image plus app/ with its production
# dependencies, installed on the host (no network inside the build).
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
COPY --chown=node:node . /app
WORKDIR /app
USER node
# Node's compile cache, filled at build time by loading every dependency and every
# module of the app but the entry points (those start their role): each of the stack's
# six Node processes then starts with a third less CPU, and they all start at once.
ENV NODE_COMPILE_CACHE=/app/.node-compile-cache
RUN node --input-type=module -e "import { readFile, readdir } from 'node:fs/promises'; \
  const { dependencies } = JSON.parse(await readFile('package.json', 'utf8')); \
  for (const name of Object.keys(dependencies)) await import(name); \
  const modules = (await readdir('src', { recursive: true })).filter((file) => file.endsWith('.ts') && !file.endsWith('main.ts')); \
  for (const file of modules) await import('/app/src/' + file); \
  process.exit(0);"
CMD ["node", "src/api/main.ts"]
