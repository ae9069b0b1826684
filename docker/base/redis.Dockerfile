# Redis 7 from Debian's redis-server, standing in for redis:7 where no image registry answers
# (bin/compose-check builds it; compose takes it as PAYCLOUD_REDIS_IMAGE). Like the official image:
# redis-server on the command line runs as the redis user in /data, with protected mode off (the
# container's network is the boundary), redis-cli is on the PATH for the health check, and the redis
# user's uid is 999.
ARG BASE_IMAGE=paycloud-check/debian:bookworm
FROM ${BASE_IMAGE}
# the redis user is uid 999, as in the redis image: compose gives the server's TLS key to that uid
RUN groupadd --system --gid 999 redis \
 && useradd --system --uid 999 --gid 999 --home-dir /var/lib/redis --no-create-home --shell /usr/sbin/nologin redis \
 && apt-get update -q \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends redis-server redis-tools \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /data && chown redis:redis /data
COPY --chmod=0755 redis-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
WORKDIR /data
VOLUME /data
EXPOSE 6379
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["redis-server"]
