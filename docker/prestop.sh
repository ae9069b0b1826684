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

# EUREKA_URL lists the registry peers, http://<user>:<password>@registry-service:8761/eureka/ and the
# others after a comma: the first that answers takes the override and replicates it to the rest.
# Eureka answers the registry credential only, sent here as Basic (user and password are URL-safe,
# as the URL needs)
mark_out_of_service() {
  local url="$1"
  [[ "$url" =~ ^http://(([^/@]*)@)?([^/:@]+)(:([0-9]+))?(/.*)?$ ]] || return 1
  local userinfo="${BASH_REMATCH[2]}" eureka_host="${BASH_REMATCH[3]}" eureka_port="${BASH_REMATCH[5]:-80}"
  local base="${BASH_REMATCH[6]:-/eureka/}" auth="" status=""
  if [[ -n "$userinfo" ]]; then
    auth="Authorization: Basic $(printf '%s' "$userinfo" | base64 | tr -d '\n')"$'\r\n'
  fi
  exec 3<>"/dev/tcp/${eureka_host}/${eureka_port}" || return 1
  printf 'PUT %sapps/%s/%s/status?value=OUT_OF_SERVICE HTTP/1.0\r\nHost: %s\r\n%sContent-Length: 0\r\nConnection: close\r\n\r\n' \
    "${base%/}/" "$app" "$instance" "$eureka_host" "$auth" >&3
  IFS= read -r -t 3 status <&3
  exec 3<&-
  [[ -n "$status" ]] || return 1
  echo "prestop: ${eureka_host} answered ${status%$'\r'}"
  [[ "$status" =~ ^HTTP/1\.[01]\ 200 ]]
}

if [[ -n "$port" && -n "$host" && -n "${EUREKA_URL:-}" ]]; then
  app="${service^^}"
  instance="${service}:${host}:${port}"
  marked=0
  IFS=, read -r -a peers <<<"$EUREKA_URL"
  for url in "${peers[@]}"; do
    if (mark_out_of_service "$url") 2>/dev/null; then marked=1; break; fi
  done
  [[ $marked -eq 1 ]] || echo "prestop: could not mark ${instance} out of service; waiting anyway"
fi

sleep "$wait_s"
