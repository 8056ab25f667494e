# The reference app's image: the Node base image plus app/ with its production
# dependencies, installed on the host (no network inside the build).
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
COPY --chown=node:node . /app
WORKDIR /app
USER node
CMD ["node", "src/api/main.ts"]
