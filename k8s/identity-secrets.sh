#!/usr/bin/env bash
# The platform's identity Secrets from one fresh run of bin/identity-keys.java (JDK 17, no build),
# for either overlay; git holds no identity key:
#   platform-jwks              key jwks          every signing service's public key (a JWK set)
#   <service>-identity         key private-key   that service's own private key, one Secret each
#                                                (gateway, payment, account, risk, analytics)
#   k8s/identity-secrets.sh [namespace]          default paycloud; the namespace must exist
# Creates or replaces all six together (never mix keys of two runs), so it also rotates them:
# restart the five Deployments afterwards (k8s/README.md). The keys pass through a private
# temporary directory, never a command line or the shell history. JAVA and KUBECTL override the
# commands used.
set -euo pipefail

ns="${1:-paycloud}"
root="$(cd "$(dirname "$0")/.." && pwd)"
java="${JAVA:-java}"
kubectl="${KUBECTL:-kubectl}"
services=(gateway-service payment-service account-service risk-service analytics-service)

dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
chmod 700 "$dir"
umask 077
"$java" "$root/bin/identity-keys.java" >"$dir/identity.env"

# NAME=value lines (the JWK set single-quoted for shells), read without evaluating them
while IFS= read -r line; do
  name="${line%%=*}"
  value="${line#*=}"
  case "$name" in
    PAYCLOUD_IDENTITY_JWKS)
      value="${value#\'}"
      printf '%s' "${value%\'}" >"$dir/jwks" ;;
    PAYCLOUD_IDENTITY_PRIVATE_KEY_*)
      printf '%s' "$value" >"$dir/$name" ;;
  esac
done <"$dir/identity.env"

# all six or none: check the run printed every key before touching the cluster
files=("$dir/jwks")
for service in "${services[@]}"; do
  var="PAYCLOUD_IDENTITY_PRIVATE_KEY_${service^^}"
  files+=("$dir/${var//-/_}")
done
for file in "${files[@]}"; do
  [[ -s "$file" ]] || { echo "identity-secrets: bin/identity-keys.java printed no ${file##*/}" >&2; exit 1; }
done

secret() {
  "$kubectl" -n "$ns" create secret generic "$1" --from-file="$2=$3" --dry-run=client -o yaml \
    | "$kubectl" -n "$ns" apply -f -
}

secret platform-jwks jwks "${files[0]}"
for i in "${!services[@]}"; do
  secret "${services[$i]}-identity" private-key "${files[$((i + 1))]}"
done
