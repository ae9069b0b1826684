#!/bin/bash
# The mysql image's start-up, on MariaDB: on an empty data directory, initialise it, give root the
# password in MYSQL_ROOT_PASSWORD (root@localhost and root@'%' only, as the mysql image does: the
# password-less root@127.0.0.1, root@::1 and root@<hostname> of mariadb-install-db are dropped), run
# /docker-entrypoint-initdb.d/* (*.sh executed, or sourced when not executable; *.sql piped into
# mysql) against a server on the socket only, then start the real server. `mysqld …` or
# `mariadbd …` starts the server with those options; anything else runs as given.
set -eo pipefail

if [[ "${1:-}" != mysqld && "${1:-}" != mariadbd ]]; then
  exec "$@"
fi
shift
set -- mariadbd --user=mysql "$@"
datadir=/var/lib/mysql
socket=/run/mysqld/mysqld.sock
mkdir -p /run/mysqld
chown mysql:mysql /run/mysqld "$datadir"

sql_string() { local v="${1//\\/\\\\}"; printf "'%s'" "${v//\'/\'\'}"; }

if [[ ! -d "$datadir/mysql" ]]; then
  : "${MYSQL_ROOT_PASSWORD:?MYSQL_ROOT_PASSWORD must be set}"
  echo "entrypoint: initialising $datadir"
  mariadb-install-db --user=mysql --datadir="$datadir" --auth-root-authentication-method=normal \
    --skip-test-db >/dev/null
  "$@" --skip-networking --socket="$socket" &
  pid=$!
  for _ in $(seq 1 120); do
    mariadb-admin --protocol=socket --socket="$socket" -uroot ping >/dev/null 2>&1 && break
    kill -0 "$pid" 2>/dev/null || { echo "entrypoint: the server stopped during initialisation" >&2; exit 1; }
    sleep 1
  done
  password="$(sql_string "$MYSQL_ROOT_PASSWORD")"
  mariadb --protocol=socket --socket="$socket" -uroot <<SQL
ALTER USER 'root'@'localhost' IDENTIFIED BY ${password};
DROP USER IF EXISTS 'root'@'127.0.0.1', 'root'@'::1', 'root'@'${HOSTNAME}';
CREATE USER IF NOT EXISTS 'root'@'%' IDENTIFIED BY ${password};
GRANT ALL PRIVILEGES ON *.* TO 'root'@'%' WITH GRANT OPTION;
FLUSH PRIVILEGES;
SQL
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sh)
        if [[ -x "$f" ]]; then echo "entrypoint: running $f"; "$f"
        else echo "entrypoint: sourcing $f"; . "$f"; fi ;;
      *.sql) echo "entrypoint: running $f"; MYSQL_PWD="$MYSQL_ROOT_PASSWORD" mariadb --protocol=socket --socket="$socket" -uroot <"$f" ;;
      *) [[ -e "$f" ]] && echo "entrypoint: ignoring $f" ;;
    esac
  done
  kill "$pid"
  wait "$pid" || true
  echo "entrypoint: initialised; starting the server"
fi
exec "$@"
