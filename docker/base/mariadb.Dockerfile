# MariaDB 10.11 from Debian's packages, standing in for mysql:8.4 where no image registry answers
# (bin/compose-check builds it; compose takes it as PAYCLOUD_MYSQL_IMAGE). It keeps the mysql
# image's contract that docker-compose.yml relies on: MYSQL_ROOT_PASSWORD, the scripts in
# /docker-entrypoint-initdb.d run once on an empty /var/lib/mysql, `mysqld …` as the command,
# mysql, mysqladmin and mysqldump on the PATH, the server on 3306 on every interface, the mysql user's
# uid 999.
ARG BASE_IMAGE=paycloud-check/debian:bookworm
FROM ${BASE_IMAGE}
# the mysql user is uid 999, as in the mysql image: compose gives the server's TLS key to that uid
RUN groupadd --system --gid 999 mysql \
 && useradd --system --uid 999 --gid 999 --home-dir /nonexistent --no-create-home --shell /bin/false mysql \
 && apt-get update -q \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends mariadb-server mariadb-client \
 && rm -rf /var/lib/apt/lists/* /var/lib/mysql \
 && mkdir -p /var/lib/mysql /run/mysqld /docker-entrypoint-initdb.d \
 && chown mysql:mysql /var/lib/mysql /run/mysqld \
 && printf '[mysqld]\nbind-address = 0.0.0.0\nskip-name-resolve\n' > /etc/mysql/mariadb.conf.d/99-container.cnf
COPY --chmod=0755 mariadb-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
VOLUME /var/lib/mysql
EXPOSE 3306
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["mysqld"]
