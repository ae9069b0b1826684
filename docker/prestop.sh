#!/usr/bin/env bash
# Kubernetes preStop hook: take this instance out of Eureka before the JVM gets SIGTERM.
# Callers find instances through Eureka, not through the Kubernetes Service, so a pod that is only
# unready would still be called. Marking it OUT_OF_SERVICE (Eureka's status override, kept across
# heartbeats) lets the gateway and the other services drop it on their next registry fetch and
# load-balancer refresh (a few seconds); the sleep covers that, then Spring's graceful shutdown
# finishes the requests in flight.
#   prestop [seconds-to-wait]      default 15
set -uo pipefail

wait_s="${1:-15}"
service="${PAYCLOUD_SERVICE:-}"
host="${EUREKA_INSTANCE_HOSTNAME:-}"
case "$service" in
  gateway-service)   port="${PORT:-8080}" ;;
  payment-service)   port="${PORT:-8081}" ;;
  account-service)   port="${PORT:-8082}" ;;
  risk-service)      port="${PORT:-8083}" ;;
  analytics-service) port="${PORT:-8084}" ;;
  *)                 port="" ;;
esac

# EUREKA_URL looks like http://<user>:<password>@registry-service:8761/eureka/: Eureka answers the
# registry credential only, sent here as Basic (user and password are URL-safe, as the URL needs)
if [[ -n "$port" && -n "$host" && "${EUREKA_URL:-}" =~ ^http://(([^/@]*)@)?([^/:@]+)(:([0-9]+))?(/.*)?$ ]]; then
  userinfo="${BASH_REMATCH[2]}"
  eureka_host="${BASH_REMATCH[3]}"
  eureka_port="${BASH_REMATCH[5]:-80}"
  base="${BASH_REMATCH[6]:-/eureka/}"
  auth=""
  if [[ -n "$userinfo" ]]; then
    auth="Authorization: Basic $(printf '%s' "$userinfo" | base64 | tr -d '\n')"$'\r\n'
  fi
  app="${service^^}"
  instance="${service}:${host}:${port}"
  (
    exec 3<>"/dev/tcp/${eureka_host}/${eureka_port}"
    printf 'PUT %sapps/%s/%s/status?value=OUT_OF_SERVICE HTTP/1.0\r\nHost: %s\r\n%sContent-Length: 0\r\nConnection: close\r\n\r\n' \
      "${base%/}/" "$app" "$instance" "$eureka_host" "$auth" >&3
    IFS= read -r -t 3 status <&3 && echo "prestop: eureka answered ${status%$'\r'}"
  ) || echo "prestop: could not mark ${instance} out of service; waiting anyway"
fi

sleep "$wait_s"
