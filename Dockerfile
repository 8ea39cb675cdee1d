# Circles: a multi-stage image.
#   docker build -t circles .
#   docker run -d --name circles -p 8080:8080 -v circles-data:/data circles
#
# The build stage uses the official Swift image; the runtime is Debian slim with only the
# shared libraries the binary needs (the Swift runtime is linked in statically).

ARG SWIFT_VERSION=6.3

# ---------------------------------------------------------------- build
FROM swift:${SWIFT_VERSION}-bookworm AS build

RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get -q update \
    && apt-get -q install -y --no-install-recommends libsqlite3-dev zlib1g-dev \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /build

# Resolve dependencies first, so that this layer is cached while only sources change.
# (Package.resolved is optional: the glob copies it when present.)
COPY Package.* ./
RUN swift package resolve

# Tests/ too: the manifest declares the test targets, and SwiftPM checks their folders.
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --static-swift-stdlib --product circles \
    && mkdir -p /staging \
    && cp "$(swift build -c release --show-bin-path)/circles" /staging/circles \
    && cp -R "$(swift build -c release --show-bin-path)/Circles_Places.resources" \
             "$(swift build -c release --show-bin-path)/Circles_Store.resources" /staging/

# ---------------------------------------------------------------- runtime
FROM debian:bookworm-slim

# libcurl4 is not linked: Circles loads it when it first delivers a webhook over https.
RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get -q update \
    && apt-get -q install -y --no-install-recommends \
       libsqlite3-0 zlib1g libstdc++6 libcurl4 tzdata ca-certificates sqlite3 \
    && rm -rf /var/lib/apt/lists/*

# A fixed, unprivileged user; /data belongs to it so that a new named volume does too.
RUN groupadd --system --gid 10001 circles \
    && useradd --system --uid 10001 --gid circles --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin circles \
    && mkdir -p /app /data \
    && chown circles:circles /data

WORKDIR /app
COPY --from=build /staging/circles /app/circles
# Data found beside the binary: the place table ("Where?": US ZIP codes and towns), search synonyms.
COPY --from=build /staging/Circles_Places.resources /app/Circles_Places.resources
COPY --from=build /staging/Circles_Store.resources /app/Circles_Store.resources
COPY Public /app/Public
COPY Migrations /app/Migrations
COPY Demo /app/Demo

ENV PATH=/app:$PATH \
    CIRCLES_DATABASE=/data/circles.sqlite \
    CIRCLES_HOST=0.0.0.0 \
    CIRCLES_PORT=8080 \
    CIRCLES_PUBLIC=/app/Public \
    CIRCLES_MIGRATIONS=/app/Migrations \
    CIRCLES_DEMO_DATA=/app/Demo/directory

VOLUME /data
EXPOSE 8080
USER circles:circles

# No curl in the image: bash's /dev/tcp sends the request and reads the status line.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${CIRCLES_PORT:-8080} && printf 'GET /healthz HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && IFS= read -r -t 4 status <&3 && [[ $status == 'HTTP/1.1 200 '* ]]"]

# SIGTERM (what `docker stop` sends) drains requests for up to 10 s: stop with --time 15.
STOPSIGNAL SIGTERM
CMD ["circles", "serve", "--host", "0.0.0.0"]
