#!/usr/bin/env bash
# Measures POST /internal/assessments latency (p50/p99) of risk-service on this machine.
#
#   bench/risk/run.sh            H2 in memory + a private redis-server
#   bench/risk/run.sh --mysql    MySQL/MariaDB at $DB_HOST:$DB_PORT (default 127.0.0.1:3306, user root),
#                                database pc_bench_risk (dropped and created), + a private redis-server
#
# Everything runs on free random ports (API, management, Redis) and stops when the script ends. Identity
# keys are made for the run: risk-service gets the public keys and its own private key, the bench signs
# as payment-service (the only caller of /internal/assessments). Figures go to stdout and to
# bench/risk/last-run.txt. Env: WARMUP (5000), REQUESTS (20000), CLIENTS ("1 4").
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
mode="h2"
[[ "${1:-}" == "--mysql" ]] && mode="mysql"
warmup="${WARMUP:-5000}"
requests="${REQUESTS:-20000}"
clients="${CLIENTS:-1 4}"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

command -v redis-server >/dev/null || { echo "redis-server is needed on PATH" >&2; exit 1; }
command -v unzip >/dev/null || { echo "unzip is needed on PATH" >&2; exit 1; }

jar="$root/risk-service/target/risk-service.jar"
if [[ ! -f "$jar" || -n "$(find "$root/risk-service/src" "$root/risk-service/pom.xml" "$root/common-lib/src" \
    "$root/common-lib/pom.xml" "$root/pom.xml" -newer "$jar" -print -quit)" ]]; then
  (cd "$root" && ./mvnw -B -q -pl risk-service -am package -DskipTests)
fi

work="$(mktemp -d)"
redis_port="$(free_port)"
app_port="$(free_port)"
mgmt_port="$(free_port)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# fresh identity keys (an ES256 key pair per service), as shell variables handed out one by one below:
# the embedded profile would otherwise fall back to the published development keys
unset PAYCLOUD_IDENTITY_JWKS PAYCLOUD_IDENTITY_PRIVATE_KEY_GATEWAY_SERVICE PAYCLOUD_IDENTITY_PRIVATE_KEY_PAYMENT_SERVICE \
  PAYCLOUD_IDENTITY_PRIVATE_KEY_ACCOUNT_SERVICE PAYCLOUD_IDENTITY_PRIVATE_KEY_RISK_SERVICE \
  PAYCLOUD_IDENTITY_PRIVATE_KEY_ANALYTICS_SERVICE
eval "$(java "$root/bin/identity-keys.java")"
[[ -n "${PAYCLOUD_IDENTITY_JWKS:-}" && -n "${PAYCLOUD_IDENTITY_PRIVATE_KEY_RISK_SERVICE:-}" ]] \
  || { echo "bin/identity-keys.java printed no keys" >&2; exit 1; }
# AssessmentLatency mints its tokens with common-lib's TokenMinter on nimbus-jose-jwt, both from the
# service's own jar (the versions it runs)
(cd "$work" && unzip -o -q -j "$jar" 'BOOT-INF/lib/common-lib-*.jar' 'BOOT-INF/lib/nimbus-jose-jwt-*.jar')
cp="$(ls "$work"/common-lib-*.jar | grep -v -- '-tests\.jar$' | head -1):$(ls "$work"/nimbus-jose-jwt-*.jar | head -1)"

redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" >"$work/redis.log" 2>&1 &
pids+=($!)

if [[ "$mode" == "mysql" ]]; then
  db_host="${DB_HOST:-127.0.0.1}"; db_port="${DB_PORT:-3306}"; db_user="${DB_USER:-root}"; db_password="${DB_PASSWORD:-}"
  db_url="jdbc:mysql://$db_host:$db_port/pc_bench_risk?useSSL=false&allowPublicKeyRetrieval=true&serverTimezone=UTC"
  mysql -h"$db_host" -P"$db_port" -u"$db_user" ${db_password:+-p"$db_password"} \
    -e "DROP DATABASE IF EXISTS pc_bench_risk; CREATE DATABASE pc_bench_risk CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
else
  db_url="jdbc:h2:mem:bench;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1"
  db_user="sa"; db_password=""
fi

PAYCLOUD_IDENTITY_JWKS="$PAYCLOUD_IDENTITY_JWKS" PAYCLOUD_IDENTITY_PRIVATE_KEY="$PAYCLOUD_IDENTITY_PRIVATE_KEY_RISK_SERVICE" \
java -Xmx256m -jar "$jar" \
  --spring.profiles.active=embedded \
  --server.port="$app_port" --management.server.port="$mgmt_port" \
  --eureka.client.enabled=false \
  --spring.datasource.url="$db_url" --spring.datasource.username="$db_user" --spring.datasource.password="$db_password" \
  --spring.data.redis.host=127.0.0.1 --spring.data.redis.port="$redis_port" \
  --risk.redis-key-prefix="bench:" \
  --logging.level.root=WARN >"$work/app.log" 2>&1 &
pids+=($!)

# health (status only) is public on the management port
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$mgmt_port/actuator/health/readiness" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs "http://127.0.0.1:$mgmt_port/actuator/health/readiness" >/dev/null || { cat "$work/app.log" >&2; exit 1; }

{
  echo "# risk-service assessment latency, $(date -u +%Y-%m-%dT%H:%M:%SZ), $mode, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), warmup $warmup"
  for c in $clients; do
    PAYCLOUD_IDENTITY_PRIVATE_KEY_PAYMENT_SERVICE="$PAYCLOUD_IDENTITY_PRIVATE_KEY_PAYMENT_SERVICE" \
      java -cp "$cp" "$here/AssessmentLatency.java" "http://127.0.0.1:$app_port" "$warmup" "$requests" "$c"
  done
} | tee "$here/last-run.txt"
