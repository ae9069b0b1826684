#!/usr/bin/env bash
# MySQL first-start init (the mysql image runs this once, on an empty data directory): one
# database and one user per service, each user granted only its own database. Passwords come
# from the container's environment (PAYMENTS_DB_PASSWORD, ACCOUNTS_DB_PASSWORD, RISK_DB_PASSWORD,
# ANALYTICS_DB_PASSWORD); nothing secret is written here. The same file serves docker compose and
# the Kubernetes dev overlay (k8s/overlays/dev/mysql/), and a test keeps the two copies equal.
# Executable, so the image runs it in its own shell instead of sourcing it into its entrypoint.
set -eo pipefail

sql_string() { local v="${1//\\/\\\\}"; printf "'%s'" "${v//\'/\'\'}"; }

statements=""
for db in payments accounts risk analytics; do
  var="${db^^}_DB_PASSWORD"
  password="${!var:?${var} must be set}"
  statements+="
CREATE DATABASE IF NOT EXISTS \`${db}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
CREATE USER IF NOT EXISTS '${db}'@'%' IDENTIFIED BY $(sql_string "$password");
ALTER USER '${db}'@'%' IDENTIFIED BY $(sql_string "$password");
GRANT ALL PRIVILEGES ON \`${db}\`.* TO '${db}'@'%';"
done

MYSQL_PWD="${MYSQL_ROOT_PASSWORD:?MYSQL_ROOT_PASSWORD must be set}" \
  mysql --protocol=socket -uroot <<SQL
${statements}
FLUSH PRIVILEGES;
SQL
echo "paycloud: created databases payments, accounts, risk, analytics and their users"
