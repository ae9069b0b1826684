#!/usr/bin/env bash
# Kubernetes preStop hook: take this instance out of Eureka before the JVM gets SIGTERM.
# Callers find instances through Eureka, not through the Kubernetes Service, so a pod that is only
# unready would still be called. Marking it OUT_OF_SERVICE (Eureka's status override, kept across
# heartbeats) lets the gateway and the other services drop it on their next registry fetch and
# load-balancer refresh (a few seconds); the sleep covers that, then Spring's graceful shutdown
# finishes the requests in flight.
# With the profile tls (PAYCLOUD_TLS_DIR holds the certificates) the registry is https and takes only
# clients of the platform's CA: the call goes through openssl, presenting this application's own
# certificate and verifying the registry's against the CA and for the host named.
#   prestop [seconds-to-wait]      default 15
set -uo pipefail

wait_s="${1:-15}"
service="${PAYCLOUD_SERVICE:-}"
host="${EUREKA_INSTANCE_HOSTNAME:-}"
# on Kubernetes a pod registers as its address in dashed form under its headless Service, as
# common-lib's PodDnsName computes it from PAYCLOUD_POD_IP and PAYCLOUD_POD_SUBDOMAIN
if [[ -z "$host" && -n "${PAYCLOUD_POD_IP:-}" && -n "${PAYCLOUD_POD_SUBDOMAIN:-}" ]]; then
  host="${PAYCLOUD_POD_IP//[.:]/-}"
  host="${host,,}.$PAYCLOUD_POD_SUBDOMAIN"
fi
tls_dir="${PAYCLOUD_TLS_DIR:-}"
gateway_port="${PORT:-8080}"
# the gateway's API port is HTTPS_PORT with TLS (its plain port only redirects)
[[ -n "$tls_dir" ]] && gateway_port="${HTTPS_PORT:-8443}"
case "$service" in
  gateway-service)   port="$gateway_port" ;;
  payment-service)   port="${PORT:-8081}" ;;
  account-service)   port="${PORT:-8082}" ;;
  risk-service)      port="${PORT:-8083}" ;;
  analytics-service) port="${PORT:-8084}" ;;
  *)                 port="" ;;
esac

# EUREKA_URL lists the registry peers, https://<user>:<password>@registry-service:8761/eureka/ and the
# others after a comma: the first that answers takes the override and replicates it to the rest.
# Eureka answers the registry credential only, sent here as Basic (user and password are URL-safe,
# as the URL needs)
mark_out_of_service() {
  local url="$1"
  [[ "$url" =~ ^(https?)://(([^/@]*)@)?([^/:@]+)(:([0-9]+))?(/.*)?$ ]] || return 1
  local scheme="${BASH_REMATCH[1]}" userinfo="${BASH_REMATCH[3]}" eureka_host="${BASH_REMATCH[4]}"
  local eureka_port="${BASH_REMATCH[6]}" base="${BASH_REMATCH[7]:-/eureka/}" auth="" status=""
  if [[ -z "$eureka_port" ]]; then
    if [[ "$scheme" == https ]]; then eureka_port=443; else eureka_port=80; fi
  fi
  if [[ -n "$userinfo" ]]; then
    auth="Authorization: Basic $(printf '%s' "$userinfo" | base64 | tr -d '\n')"$'\r\n'
  fi
  request() {
    printf 'PUT %sapps/%s/%s/status?value=OUT_OF_SERVICE HTTP/1.0\r\nHost: %s\r\n%sContent-Length: 0\r\nConnection: close\r\n\r\n' \
      "${base%/}/" "$app" "$instance" "$eureka_host" "$auth"
  }
  if [[ "$scheme" == https ]]; then
    [[ -n "$tls_dir" ]] || return 1
    status="$(request | timeout 5 openssl s_client -quiet -ign_eof -connect "${eureka_host}:${eureka_port}" \
        -servername "$eureka_host" -verify_hostname "$eureka_host" -CAfile "$tls_dir/ca.crt" -verify_return_error \
        -cert "$tls_dir/$service.crt" -key "$tls_dir/$service.key" 2>/dev/null | head -n 1)"
  else
    exec 3<>"/dev/tcp/${eureka_host}/${eureka_port}" || return 1
    request >&3
    IFS= read -r -t 3 status <&3
    exec 3<&-
  fi
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
