#!/usr/bin/env bash
# Ledger throughput against MariaDB/MySQL: single transfers vs batches of 1,000, over HTTP.
# Starts its own account-service on free ports (API and management) against a throwaway database
# (pc_bench_accounts), runs LedgerBench.java, prints and records the figures in bench/ledger/results.txt,
# stops the service.
#   DB_HOST=127.0.0.1 DB_PORT=3306 DB_USER=root DB_PASSWORD= bench/ledger/run.sh [singles] [batches] [threads]
# DB_SCHEME=mariadb (the default) or mysql picks the JDBC driver.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
module="$root/account-service"
DB_SCHEME="${DB_SCHEME:-mariadb}"
DB_HOST="${DB_HOST:-127.0.0.1}" DB_PORT="${DB_PORT:-3306}" DB_USER="${DB_USER:-root}" DB_PASSWORD="${DB_PASSWORD:-}"
db=pc_bench_accounts
command -v unzip >/dev/null || { echo "unzip is needed on PATH" >&2; exit 1; }

# identity keys made for this run only (an ES256 key pair per service), as shell variables: account-service
# gets the public keys and its own private key; LedgerBench signs as the gateway (the /v1 calls that make
# its merchant, wallets and deposits), payment-service (transfers) and analytics-service (the audit), the
# callers account-service admits there
unset PAYCLOUD_IDENTITY_JWKS PAYCLOUD_IDENTITY_PRIVATE_KEY_GATEWAY_SERVICE PAYCLOUD_IDENTITY_PRIVATE_KEY_PAYMENT_SERVICE \
  PAYCLOUD_IDENTITY_PRIVATE_KEY_ACCOUNT_SERVICE PAYCLOUD_IDENTITY_PRIVATE_KEY_RISK_SERVICE \
  PAYCLOUD_IDENTITY_PRIVATE_KEY_ANALYTICS_SERVICE
eval "$(java "$root/bin/identity-keys.java")"
[[ -n "${PAYCLOUD_IDENTITY_JWKS:-}" && -n "${PAYCLOUD_IDENTITY_PRIVATE_KEY_ACCOUNT_SERVICE:-}" ]] \
  || { echo "bin/identity-keys.java printed no keys" >&2; exit 1; }
secret() { head -c18 /dev/urandom | base64 | tr '+/' '-_'; }

(cd "$root" && ./mvnw -B -q -pl account-service -am -DskipTests package)
mysql -h"$DB_HOST" -P"$DB_PORT" -u"$DB_USER" ${DB_PASSWORD:+-p"$DB_PASSWORD"} \
  -e "DROP DATABASE IF EXISTS $db; CREATE DATABASE $db CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port="$(free_port)"
mgmt="$(free_port)"
log="$module/target/bench-ledger.log"

# the token minter (common-lib) and nimbus-jose-jwt, from the service's own jar: the versions it runs
lib="$(mktemp -d)"
trap 'rm -rf "$lib"' EXIT
(cd "$lib" && unzip -o -q -j "$module/target/account-service.jar" 'BOOT-INF/lib/common-lib-*.jar' 'BOOT-INF/lib/nimbus-jose-jwt-*.jar')
cp="$(ls "$lib"/common-lib-*.jar | grep -v -- '-tests\.jar$' | head -1):$(ls "$lib"/nimbus-jose-jwt-*.jar | head -1)"

# the mysql profile has no default secrets: the monitoring credential (actuator) and the registry one
# (Eureka, off here) are made up for this run. LedgerBench deposits 90,000,000,000 minor units into each
# wallet, far above the default four-eyes threshold: raised, so the deposits are made at once (no
# operator signs in here; LedgerBench signs as the gateway relaying one)
PAYCLOUD_FOUR_EYES_DEPOSIT_THRESHOLD=99999999999 \
PAYCLOUD_IDENTITY_JWKS="$PAYCLOUD_IDENTITY_JWKS" PAYCLOUD_IDENTITY_PRIVATE_KEY="$PAYCLOUD_IDENTITY_PRIVATE_KEY_ACCOUNT_SERVICE" \
PAYCLOUD_MONITORING_USERNAME=monitor PAYCLOUD_MONITORING_PASSWORD="$(secret)" \
PAYCLOUD_REGISTRY_USERNAME=registry PAYCLOUD_REGISTRY_PASSWORD="$(secret)" \
KYC_ENCRYPTION_KEY="$(head -c 32 /dev/urandom | base64)" java -Xmx512m -jar "$module/target/account-service.jar" \
  --spring.profiles.active=mysql --server.port="$port" --management.server.port="$mgmt" --eureka.client.enabled=false \
  --spring.datasource.url="jdbc:$DB_SCHEME://$DB_HOST:$DB_PORT/$db?useSSL=false&allowPublicKeyRetrieval=true&serverTimezone=UTC&rewriteBatchedStatements=true" \
  --spring.datasource.username="$DB_USER" --spring.datasource.password="$DB_PASSWORD" >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$lib"' EXIT
# health (status only) is public on the management port
for _ in $(seq 1 90); do
  curl -fs "http://127.0.0.1:$mgmt/actuator/health/readiness" >/dev/null 2>&1 && break
  kill -0 $pid 2>/dev/null || { cat "$log"; exit 1; }
  sleep 1
done
{
  echo "# $(date -u +%FT%TZ) $(mysql -h"$DB_HOST" -P"$DB_PORT" -u"$DB_USER" ${DB_PASSWORD:+-p"$DB_PASSWORD"} -N -e 'select version()') $(nproc) cores"
  PAYCLOUD_IDENTITY_PRIVATE_KEY_GATEWAY_SERVICE="$PAYCLOUD_IDENTITY_PRIVATE_KEY_GATEWAY_SERVICE" \
  PAYCLOUD_IDENTITY_PRIVATE_KEY_PAYMENT_SERVICE="$PAYCLOUD_IDENTITY_PRIVATE_KEY_PAYMENT_SERVICE" \
  PAYCLOUD_IDENTITY_PRIVATE_KEY_ANALYTICS_SERVICE="$PAYCLOUD_IDENTITY_PRIVATE_KEY_ANALYTICS_SERVICE" \
    java -cp "$cp" "$here/LedgerBench.java" "http://127.0.0.1:$port" "$@"
} | tee -a "$here/results.txt"
