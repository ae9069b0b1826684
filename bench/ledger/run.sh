#!/usr/bin/env bash
# Ledger throughput against MariaDB/MySQL: single transfers vs batches of 1,000, over HTTP.
# Starts its own account-service on a free port against a throwaway database (pc_bench_accounts),
# runs LedgerBench.java, prints and records the figures in bench/ledger/results.txt, stops the service.
#   DB_HOST=127.0.0.1 DB_PORT=3306 DB_USER=root DB_PASSWORD= bench/ledger/run.sh [singles] [batches] [threads]
# DB_SCHEME=mariadb (the default) or mysql picks the JDBC driver.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
module="$root/account-service"
DB_SCHEME="${DB_SCHEME:-mariadb}"
# identity keys made for this run only; the bench signs its calls as the gateway and a service would
set -a; eval "$(java "$root/bin/identity-keys.java")"; set +a
DB_HOST="${DB_HOST:-127.0.0.1}" DB_PORT="${DB_PORT:-3306}" DB_USER="${DB_USER:-root}" DB_PASSWORD="${DB_PASSWORD:-}"
db=pc_bench_accounts

(cd "$root" && ./mvnw -B -q -pl account-service -am -DskipTests package)
mysql -h"$DB_HOST" -P"$DB_PORT" -u"$DB_USER" ${DB_PASSWORD:+-p"$DB_PASSWORD"} \
  -e "DROP DATABASE IF EXISTS $db; CREATE DATABASE $db CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
log="$module/target/bench-ledger.log"
KYC_ENCRYPTION_KEY="$(head -c 32 /dev/urandom | base64)" java -Xmx512m -jar "$module/target/account-service.jar" \
  --spring.profiles.active=mysql --server.port="$port" --eureka.client.enabled=false \
  --spring.datasource.url="jdbc:$DB_SCHEME://$DB_HOST:$DB_PORT/$db?useSSL=false&allowPublicKeyRetrieval=true&serverTimezone=UTC&rewriteBatchedStatements=true" \
  --spring.datasource.username="$DB_USER" --spring.datasource.password="$DB_PASSWORD" >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 90); do
  curl -fs "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null 2>&1 && break
  kill -0 $pid 2>/dev/null || { cat "$log"; exit 1; }
  sleep 1
done
{
  echo "# $(date -u +%FT%TZ) $(mysql -h"$DB_HOST" -P"$DB_PORT" -u"$DB_USER" ${DB_PASSWORD:+-p"$DB_PASSWORD"} -N -e 'select version()') $(nproc) cores"
  java "$here/LedgerBench.java" "http://127.0.0.1:$port" "$@"
} | tee -a "$here/results.txt"
