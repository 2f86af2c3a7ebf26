#!/usr/bin/env bash
# Makes sure the PostgreSQL and MariaDB servers the tests use are running on 127.0.0.1.
set -euo pipefail

if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! command -v mariadbd >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql mariadb-server >/dev/null
fi

if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start
  for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
# Trust auth for local tests, as this machine kind is set up; a password-only install still accepts postgres/postgres.
psql -h 127.0.0.1 -U postgres -Atqc 'select 1' >/dev/null 2>&1 || su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'postgres'\""

if ! mysqladmin -h 127.0.0.1 -u root ping >/dev/null 2>&1; then
  install -d -o mysql -g mysql /run/mysqld
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
  for _ in $(seq 30); do mysqladmin -h 127.0.0.1 -u root ping >/dev/null 2>&1 && break; sleep 1; done
fi
