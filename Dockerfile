# syntax=docker/dockerfile:1

# ---- Build ----------------------------------------------------------------------------------
FROM rust:1-bookworm AS builder
WORKDIR /build

# Dependencies first, against a dummy crate, so this layer is reused until Cargo.toml or
# Cargo.lock change.
COPY Cargo.toml Cargo.lock ./
RUN mkdir src \
    && echo 'fn main() {}' > src/main.rs \
    && touch src/lib.rs \
    && cargo build --release --locked \
    && rm -rf src

# The real source. Migrations (sqlx::migrate!) and templates (askama) are compiled into the
# binary, so they must be here at build time.
COPY migrations ./migrations
COPY templates ./templates
COPY src ./src
# COPY keeps the files' old timestamps; touch them so cargo rebuilds the crate, not the dummy.
RUN touch src/main.rs src/lib.rs \
    && cargo build --release --locked \
    && strip target/release/throughline

# ---- Run ------------------------------------------------------------------------------------
FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --home-dir /home/throughline --shell /usr/sbin/nologin throughline \
    && mkdir -p /var/lib/throughline/evidence \
    && chown -R throughline /var/lib/throughline

WORKDIR /app
COPY --from=builder /build/target/release/throughline /usr/local/bin/throughline
COPY static /app/static

# The container always gets DATABASE_URL (see docker-compose.yml); the embedded PostgreSQL mode
# is for laptops, and this image has no PostgreSQL server programs.
ENV BIND=0.0.0.0:8080 \
    STATIC_DIR=/app/static

USER throughline
EXPOSE 8080
# No HEALTHCHECK: the image has no curl. Probe GET /healthz from outside (200 ok, 503 no database).
CMD ["throughline", "serve"]
