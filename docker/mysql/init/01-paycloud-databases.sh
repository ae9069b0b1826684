#!/usr/bin/env bash
# MySQL first-start init (the mysql image runs this once, on an empty data directory): one
# database and one user per service, each user granted only its own database. account-service's
# database has two users: accounts_owner owns the schema (account-service runs its migrations as it)
# and grants the runtime user accounts its table privileges after every migration, SELECT and INSERT
# only on the audit trail; accounts itself holds nothing database-wide. Passwords come from the
# container's environment (PAYMENTS_DB_PASSWORD, ACCOUNTS_DB_PASSWORD, ACCOUNTS_OWNER_DB_PASSWORD,
# RISK_DB_PASSWORD, ANALYTICS_DB_PASSWORD); nothing secret is written here. Running it again against
# a server is safe and brings its users to this layout. The same file serves docker compose and
# the Kubernetes dev overlay (k8s/overlays/dev/mysql/), and a test keeps the two copies equal.
# Executable, so the image runs it in its own shell instead of sourcing it into its entrypoint.
set -eo pipefail

sql_string() { local v="${1//\\/\\\\}"; printf "'%s'" "${v//\'/\'\'}"; }

# the databases whose schema owner is a user of its own (<db>_owner, password <DB>_OWNER_DB_PASSWORD)
owned=" accounts "

statements=""
for db in payments accounts risk analytics; do
  var="${db^^}_DB_PASSWORD"
  password="${!var:?${var} must be set}"
  statements+="
CREATE DATABASE IF NOT EXISTS \`${db}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
CREATE USER IF NOT EXISTS '${db}'@'%' IDENTIFIED BY $(sql_string "$password");
ALTER USER '${db}'@'%' IDENTIFIED BY $(sql_string "$password");"
  if [[ "$owned" == *" ${db} "* ]]; then
    owner_var="${db^^}_OWNER_DB_PASSWORD"
    owner_password="${!owner_var:?${owner_var} must be set}"
    # the owner grants the runtime user's table privileges, hence GRANT OPTION; the runtime user loses
    # any database-wide grant an earlier layout gave it (granted first, so the REVOKE always has one to take)
    statements+="
CREATE USER IF NOT EXISTS '${db}_owner'@'%' IDENTIFIED BY $(sql_string "$owner_password");
ALTER USER '${db}_owner'@'%' IDENTIFIED BY $(sql_string "$owner_password");
GRANT ALL PRIVILEGES ON \`${db}\`.* TO '${db}_owner'@'%' WITH GRANT OPTION;
GRANT SELECT ON \`${db}\`.* TO '${db}'@'%';
REVOKE ALL PRIVILEGES ON \`${db}\`.* FROM '${db}'@'%';"
  else
    statements+="
GRANT ALL PRIVILEGES ON \`${db}\`.* TO '${db}'@'%';"
  fi
done

MYSQL_PWD="${MYSQL_ROOT_PASSWORD:?MYSQL_ROOT_PASSWORD must be set}" \
  mysql --protocol=socket -uroot <<SQL
${statements}
FLUSH PRIVILEGES;
SQL
echo "paycloud: created databases payments, accounts, risk, analytics and their users (accounts_owner owns accounts)"
