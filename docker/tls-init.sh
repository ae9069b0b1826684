#!/usr/bin/env bash
# compose's certificates (docs/tls.md): run once by the one-shot service tls-init before anything
# else starts. bin/dev-certs keeps the development CA and every certificate in /ca (the volume
# tls-ca, which only this container mounts: the CA's key never leaves it), makes what is missing or
# within 30 days of expiry, and this script hands each application its own set in /out/<name> (its
# volume tls-<name>, mounted read-only at /run/paycloud/tls by that application alone): <name>.crt,
# ca.crt, and <name>.key readable by the applications' uid (10001) only.
# MySQL and Redis get theirs the same way in /out/mysql and /out/redis, their keys uid 999's (the mysql
# and redis users of their images). /out/prometheus gets ca.crt.
#   tls-init            (as root, in the JRE image: bash and openssl)
set -euo pipefail

APP_UID=10001
DATASTORE_UID=999
SERVICES=(gateway-service payment-service account-service risk-service analytics-service)

# the CA's name says where it lives, not which container made it
export PAYCLOUD_CA_LABEL="${PAYCLOUD_CA_LABEL:-compose}"
bash /usr/local/bin/dev-certs /ca "${SERVICES[@]}" mysql redis
# both registry peers present the registry's certificate, so it names the second one too
PAYCLOUD_CERT_HOSTS=registry-service-2 bash /usr/local/bin/dev-certs /ca registry-service

for name in registry-service "${SERVICES[@]}"; do
  out="/out/$name"
  [[ -d "$out" ]] || { echo "tls-init: no volume mounted at $out" >&2; exit 1; }
  install -m 0444 /ca/ca.crt "$out/ca.crt"
  install -m 0444 "/ca/$name.crt" "$out/$name.crt"
  install -m 0400 -o "$APP_UID" -g "$APP_UID" "/ca/$name.key" "$out/$name.key"
done
for name in mysql redis; do
  out="/out/$name"
  [[ -d "$out" ]] || { echo "tls-init: no volume mounted at $out" >&2; exit 1; }
  install -m 0444 /ca/ca.crt "$out/ca.crt"
  install -m 0444 "/ca/$name.crt" "$out/$name.crt"
  install -m 0400 -o "$DATASTORE_UID" -g "$DATASTORE_UID" "/ca/$name.key" "$out/$name.key"
done
if [[ -d /out/prometheus ]]; then
  install -m 0444 /ca/ca.crt /out/prometheus/ca.crt
fi
echo "tls-init: certificates of $(openssl x509 -in /ca/ca.crt -noout -subject | sed 's/^subject=//') for registry-service ${SERVICES[*]} mysql redis"
