#!/usr/bin/env bash
# Container health check without curl or wget (the JRE image need not have them): one HTTP/1.0
# GET to the application's management port, where actuator health answers (status only, no login);
# healthy when the answer is 200. With the profile tls (PAYCLOUD_TLS_DIR holds ca.crt, as compose
# mounts it) the GET goes over TLS with openssl, the server's certificate verified against the
# platform's CA and for the name localhost; otherwise over bash's /dev/tcp.
#   healthcheck [path]     default /actuator/health/readiness
# The management port is never published: the check runs inside the container, on 127.0.0.1.
set -euo pipefail

case "${PAYCLOUD_SERVICE:-}" in
  registry-service)  default_port=9761 ;;
  payment-service)   default_port=9081 ;;
  account-service)   default_port=9082 ;;
  risk-service)      default_port=9083 ;;
  analytics-service) default_port=9084 ;;
  *)                 default_port=9080 ;;
esac
# MANAGEMENT_PORT overrides management.server.port in every application.yml, and so here
port="${MANAGEMENT_PORT:-$default_port}"
path="${1:-/actuator/health/readiness}"
request() { printf 'GET %s HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$path"; }
ca="${PAYCLOUD_TLS_DIR:-}/ca.crt"

status=""
if [[ -n "${PAYCLOUD_TLS_DIR:-}" && -r "$ca" ]]; then
  # -ign_eof: read the answer after the request is sent, until the server closes (Connection: close);
  # a certificate that does not verify ends the handshake, and no status line is read
  status="$(request | timeout 4 openssl s_client -quiet -ign_eof -connect "127.0.0.1:${port}" \
      -servername localhost -verify_hostname localhost -CAfile "$ca" -verify_return_error 2>/dev/null \
    | head -n 1 || true)"
else
  exec 3<>"/dev/tcp/127.0.0.1/${port}"
  request >&3
  IFS= read -r -t 4 status <&3 || true
  exec 3<&-
fi
[[ "$status" =~ ^HTTP/1\.[01]\ 200 ]]
