#!/usr/bin/env bash
# Container health check without curl or wget (the JRE image need not have them): one HTTP/1.0
# GET over bash's /dev/tcp to the application's management port, where actuator health answers
# (status only, no login); healthy when the answer is 200.
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

exec 3<>"/dev/tcp/127.0.0.1/${port}"
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$path" >&3
IFS= read -r -t 4 status <&3
exec 3<&-
[[ "$status" =~ ^HTTP/1\.[01]\ 200 ]]
